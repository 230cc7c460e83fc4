/** Shift: open, X-report, Z-report. Report totals are sums over the stored documents. */
import type { PaymentForm, Shift, ShiftReport, VatRate } from '../../preload/contract.js';
import { KassaError } from '../domain/errors.js';
import { formatMoney } from '../domain/money.js';
import { PAYMENT_FORM_NAMES } from '../domain/receipt.js';
import { isShiftTooLong } from '../domain/shift.js';
import { audit } from './audit.js';
import type { Ctx } from './context.js';
import { appendDocument, documentView } from './documents.js';
import { getSetting } from './settings.js';
import { requireUser } from './users.js';

type ShiftRow = { id: number; number: number; opened_at: string; opened_by: string; closed_at: string | null };

function toShift(ctx: Ctx, r: ShiftRow): Shift {
  return {
    id: r.id,
    number: r.number,
    openedAt: r.opened_at,
    openedBy: r.opened_by,
    closedAt: r.closed_at,
    tooLong: r.closed_at === null && isShiftTooLong(new Date(r.opened_at), ctx.clock(), getSetting(ctx, 'maxShiftHours')),
  };
}

export function currentShift(ctx: Ctx): Shift | null {
  const row = ctx.db
    .prepare('SELECT s.id, s.number, s.opened_at, u.name AS opened_by, s.closed_at FROM shifts s JOIN users u ON u.id = s.opened_by WHERE s.closed_at IS NULL')
    .get() as ShiftRow | undefined;
  return row ? toShift(ctx, row) : null;
}

export function requireOpenShift(ctx: Ctx): Shift {
  const shift = currentShift(ctx);
  if (!shift) throw new KassaError('SHIFT_CLOSED', 'Смена не открыта');
  return shift;
}

export function openShift(ctx: Ctx): Shift {
  const user = requireUser(ctx);
  const shift = ctx.db.transaction(() => {
    if (currentShift(ctx)) throw new KassaError('SHIFT_OPEN', 'Смена уже открыта');
    const number = (ctx.db.prepare('SELECT coalesce(max(number), 0) + 1 FROM shifts').pluck().get() as number);
    const id = Number(
      ctx.db.prepare('INSERT INTO shifts (number, opened_at, opened_by) VALUES (?, ?, ?)').run(number, ctx.clock().toISOString(), user.id).lastInsertRowid,
    );
    appendDocument(ctx, { kind: 'shift_open', shift: { id, number }, user, total: 0 });
    audit(ctx, 'shift.opened', { number });
    return currentShift(ctx)!;
  })();
  ctx.emit('shift.changed', shift);
  return shift;
}

type ReportFigures = Omit<ShiftReport, 'kind' | 'document'>;

/** The figures of a shift, computed from its stored documents only. */
export function shiftFigures(ctx: Ctx, shift: { id: number; number: number }): ReportFigures {
  const sales = ctx.db
    .prepare("SELECT count(*) AS count, coalesce(sum(total), 0) AS total FROM documents WHERE shift_id = ? AND kind = 'sale'")
    .get(shift.id) as { count: number; total: number };
  const byForm = ctx.db
    .prepare(
      `SELECT p.form, sum(p.amount) - coalesce(sum(CASE WHEN p.form = 'cash' THEN d.change END), 0) AS amount
       FROM document_payments p JOIN documents d ON d.id = p.document_id
       WHERE d.shift_id = ? AND d.kind = 'sale' GROUP BY p.form ORDER BY p.form`,
    )
    .all(shift.id) as { form: PaymentForm; amount: number }[];
  const byVat = ctx.db
    .prepare(
      `SELECT l.vat_rate AS vatRate, sum(l.amount) AS amount, sum(l.vat) AS vat
       FROM document_lines l JOIN documents d ON d.id = l.document_id
       WHERE d.shift_id = ? AND d.kind = 'sale' GROUP BY l.vat_rate ORDER BY l.vat_rate DESC`,
    )
    .all(shift.id) as { vatRate: VatRate; amount: number; vat: number }[];
  const numbers = ctx.db
    .prepare('SELECT min(number_in_shift) AS first, max(number_in_shift) AS last FROM documents WHERE shift_id = ?')
    .get(shift.id) as { first: number | null; last: number | null };
  return {
    shiftNumber: shift.number,
    salesCount: sales.count,
    salesTotal: sales.total,
    byPaymentForm: byForm,
    byVatRate: byVat,
    cashInDrawer: byForm.find((f) => f.form === 'cash')?.amount ?? 0,
    firstDocument: numbers.first,
    lastDocument: numbers.last,
  };
}

function summaryRows(f: ReportFigures): [string, string][] {
  return [
    ['Продаж', String(f.salesCount)],
    ['Сумма продаж', formatMoney(f.salesTotal)],
    ...f.byPaymentForm.map((p): [string, string] => [`  ${PAYMENT_FORM_NAMES[p.form]}`, formatMoney(p.amount)]),
    ...f.byVatRate.map((v): [string, string] => [
      `  ${v.vatRate === null ? 'Без НДС' : `НДС ${v.vatRate / 100}%`}: оборот / НДС`,
      `${formatMoney(v.amount)} / ${formatMoney(v.vat)}`,
    ]),
    ['Наличных в кассе', formatMoney(f.cashInDrawer)],
    ['Документы смены', f.firstDocument === null ? '—' : `${f.firstDocument}–${f.lastDocument}`],
  ];
}

export function xReport(ctx: Ctx): ShiftReport {
  const user = requireUser(ctx);
  const { figures, id } = ctx.db.transaction(() => {
    const shift = requireOpenShift(ctx);
    const figures = shiftFigures(ctx, shift);
    const id = appendDocument(ctx, { kind: 'x_report', shift, user, total: figures.salesTotal, report: { figures, summary: summaryRows(figures) } });
    return { figures, id };
  })();
  return { kind: 'x_report', document: documentView(ctx, id), ...figures };
}

/**
 * Z-report: closes the shift. Refused while a check is open or documents still wait for the
 * СКО — the caller delivers the queue first.
 */
export function zReport(ctx: Ctx): ShiftReport {
  const user = requireUser(ctx);
  const { figures, id } = ctx.db.transaction(() => {
    const shift = requireOpenShift(ctx);
    const openLines = ctx.db.prepare('SELECT count(*) FROM open_check_lines').pluck().get() as number;
    if (openLines > 0) throw new KassaError('CONFLICT', 'Сначала завершите или отмените открытый чек');
    const queued = ctx.db.prepare('SELECT count(*) FROM outbox WHERE delivered_at IS NULL').pluck().get() as number;
    if (queued > 0) {
      throw new KassaError('FISCAL_UNAVAILABLE', `Не переданы оператору документы: ${queued}. Z-отчёт возможен после передачи.`, { pending: queued });
    }
    const figures = shiftFigures(ctx, shift);
    const id = appendDocument(ctx, { kind: 'z_report', shift, user, total: figures.salesTotal, report: { figures, summary: summaryRows(figures) } });
    ctx.db.prepare('UPDATE shifts SET closed_at = ?, closed_by = ? WHERE id = ?').run(ctx.clock().toISOString(), user.id, shift.id);
    audit(ctx, 'shift.closed', { number: shift.number });
    return { figures, id };
  })();
  ctx.emit('shift.changed', null);
  return { kind: 'z_report', document: documentView(ctx, id), ...figures };
}
