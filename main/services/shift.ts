/** Shift: open, X-report, Z-report (with «cash out all») and closing, the list of shifts. The figures: shift-report.ts. */
import type { Currency, DocumentKind, PrintOutcome, Shift, ShiftReport, ShiftSummary } from '../../preload/contract/index.js';
import { KassaError } from '../domain/errors.js';
import { DOCUMENT_KIND_PLURALS, PAYMENT_FORM_NAMES } from '../../common/display-names.js';
import { formatMoney, formatVatRate } from '../../common/money.js';
import { isShiftTooLong } from '../domain/shift.js';
import { audit } from './audit.js';
import { queueAfterZ } from './exports/queue.js';
import type { Ctx } from './context.js';
import { appendDocument, documentView, localDayStart } from './documents.js';
import { deliverBriefly, handOver } from './hand-over.js';
import { drawerOf, shiftFigures, type ReportFigures } from './shift-report.js';
import { printNewDocument } from './printing.js';
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
  const row = ctx.db.one<ShiftRow>(
    'SELECT s.id, s.number, s.opened_at, u.name AS opened_by, s.closed_at FROM shifts s JOIN users u ON u.id = s.opened_by WHERE s.closed_at IS NULL',
  );
  return row ? toShift(ctx, row) : null;
}

export function requireOpenShift(ctx: Ctx): Shift {
  const shift = currentShift(ctx);
  if (!shift) throw new KassaError('SHIFT_CLOSED', 'Смена не открыта');
  return shift;
}

/** Opens the shift; the opening goes to the СКО before the answer (briefly: the outbox keeps trying). */
export async function openShift(ctx: Ctx): Promise<Shift> {
  const shift = recordOpening(ctx);
  await deliverBriefly(ctx);
  return shift;
}

function recordOpening(ctx: Ctx): Shift {
  const user = requireUser(ctx);
  const shift = ctx.db.transaction(() => {
    if (currentShift(ctx)) throw new KassaError('SHIFT_OPEN', 'Смена уже открыта');
    // Each mode numbers its own shifts: the first working shift is № 1 after any training ones.
    const training = getSetting(ctx, 'trainingMode') ? 1 : 0;
    const number = ctx.db.value<number>('SELECT coalesce(max(number), 0) + 1 FROM shifts WHERE training = ?', training)!;
    const id = Number(
      ctx.db.run('INSERT INTO shifts (number, opened_at, opened_by, training) VALUES (?, ?, ?, ?)', number, ctx.clock().toISOString(), user.id, training)
        .lastInsertRowid,
    );
    appendDocument(ctx, { kind: 'shift_open', shift: { id, number }, user, total: 0 });
    audit(ctx, 'shift.opened', { number });
    return currentShift(ctx)!;
  })();
  ctx.emit('shift.changed', shift);
  return shift;
}

function money(kopecks: number, currency: Currency = 'BYN'): string {
  return currency === 'BYN' ? formatMoney(kopecks) : `${formatMoney(kopecks)} ${currency}`;
}

/** The rows the X and Z receipts print under the header. */
export function summaryRows(f: ReportFigures): [string, string][] {
  const rows: [string, string][] = [
    ['Продаж', String(f.salesCount)],
    ['Сумма продаж', money(f.salesTotal)],
    ['Возвратов', String(f.returnsCount)],
    ['Сумма возвратов', money(f.returnsTotal)],
    ['Выручка', money(f.netTotal)],
  ];
  if (f.annulled.length > 0) {
    rows.push(['Аннулировано:', '']);
    for (const a of f.annulled) rows.push([`  ${DOCUMENT_KIND_PLURALS[a.kind]}: ${a.count}`, money(a.total)]);
  }
  rows.push(['По формам оплаты:', '']);
  for (const p of f.byPaymentForm) rows.push([`  ${PAYMENT_FORM_NAMES[p.form]}`, money(p.amount)]);
  rows.push(['По ставкам НДС (оборот / НДС):', '']);
  for (const v of f.byVatRate) rows.push([`  ${formatVatRate(v.vatRate)}`, `${money(v.amount)} / ${money(v.vat)}`]);
  if (f.bySection.length > 0) {
    rows.push(['По секциям:', '']);
    for (const s of f.bySection) rows.push([`  ${s.section} ${s.name}`, money(s.amount)]);
  }
  for (const c of f.cashIn) rows.push([`Внесено ${c.currency} (${c.count})`, money(c.amount, c.currency)]);
  for (const c of f.cashOut) rows.push([`Изъято ${c.currency} (${c.count})`, money(c.amount, c.currency)]);
  for (const d of f.drawer) rows.push([`Наличных в кассе ${d.currency}`, money(d.amount, d.currency)]);
  rows.push(['Документов', String(f.documentsCount)]);
  const counts = new Map<DocumentKind, number>();
  for (const k of f.byKind) counts.set(k.kind, (counts.get(k.kind) ?? 0) + k.count);
  for (const [kind, count] of counts) rows.push([`  ${DOCUMENT_KIND_PLURALS[kind]}`, String(count)]);
  rows.push(['Документы смены', f.firstDocument === null ? '—' : `${f.firstDocument}–${f.lastDocument}`]);
  return rows;
}

type PrintedReport = ShiftReport & { print: PrintOutcome };

/** «Снять X-отчёт»: the report is stored, goes to the СКО and prints. */
export async function takeXReport(ctx: Ctx): Promise<PrintedReport> {
  const report = xReport(ctx);
  return { ...report, ...(await handOver(ctx, report.document.id)) };
}

/** Closes the shift: the queue goes to the СКО first, then the Z is stored, goes to the СКО and prints. */
export async function closeShift(ctx: Ctx, options: { cashOutAll?: boolean | undefined } = {}): Promise<PrintedReport> {
  await deliverBeforeZ(ctx); // zReport refuses while anything is left
  const lastBefore = ctx.db.value<number>('SELECT coalesce(max(id), 0) FROM documents')!;
  const report = zReport(ctx, options);
  await reconcileTerminalAtZ(ctx);
  // «Изъять всё и закрыть»: its cash outs print first, in the order the СКО got them, then the Z.
  const cashOuts = ctx.db.all<{ id: number }>("SELECT id FROM documents WHERE kind = 'cash_out' AND id > ? AND id < ? ORDER BY id", lastBefore, report.document.id);
  if (cashOuts.length > 0) await deliverBriefly(ctx);
  for (const c of cashOuts) await printNewDocument(ctx, c.id);
  return { ...report, ...(await handOver(ctx, report.document.id)) };
}

/**
 * «Сверка итогов» on an integrated card terminal once the Z is stored: the bank's day closes with
 * the till's. Its failure never undoes the Z: it is audited, and the admin repeats it from «Настройки».
 */
async function reconcileTerminalAtZ(ctx: Ctx): Promise<void> {
  if (getSetting(ctx, 'paymentTerminal').kind !== 'integrated') return;
  const result = await ctx.terminal.adapter.reconcile?.().catch((err: unknown) => ({ ok: false, message: String(err) }));
  if (result) audit(ctx, 'terminal.reconciled', result);
}

/**
 * Z waits for an empty queue (setting `zWaitSeconds`, default 15 s, while the СКО answers). A
 * refused document cannot empty by waiting: the Z is refused at once, saying what to do.
 */
async function deliverBeforeZ(ctx: Ctx): Promise<void> {
  await ctx.fiscal.drain(getSetting(ctx, 'zWaitSeconds') * 1000);
  const { rejected } = ctx.fiscal.queue();
  if (rejected > 0) {
    throw new KassaError(
      'FISCAL_UNAVAILABLE',
      `СКО отклонил документы: ${rejected}. Z-отчёт возможен, когда СКО их примет: откройте «СКО», устраните причину и нажмите «Отправить снова».`,
      { rejected },
    );
  }
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
 * Z-report: the till's part of closing the shift. Refused while a check is open or parked, while
 * documents still wait for the СКО (closeShift delivers the queue first), and — when the settings
 * want an empty drawer — while cash is in it, unless `cashOutAll` takes every currency out first
 * (one cash out each, in the same transaction as the Z).
 */
export function zReport(ctx: Ctx, options: { cashOutAll?: boolean | undefined } = {}): ShiftReport {
  const user = requireUser(ctx);
  const { figures, id } = ctx.db.transaction(() => {
    const shift = requireOpenShift(ctx);
    const openLines = ctx.db.value<number>('SELECT count(*) FROM open_check_lines WHERE parked_id IS NULL')!;
    if (openLines > 0) throw new KassaError('CONFLICT', 'Сначала завершите или отмените открытый чек');
    const parked = ctx.db.value<number>('SELECT count(*) FROM parked_checks')!;
    if (parked > 0) throw new KassaError('CONFLICT', `Есть отложенные чеки: ${parked}. Верните их и завершите или отмените.`, { parked });
    const queued = ctx.db.value<number>('SELECT count(*) FROM outbox WHERE delivered_at IS NULL')!;
    if (queued > 0) {
      throw new KassaError('FISCAL_UNAVAILABLE', `Не переданы оператору документы: ${queued}. Z-отчёт возможен после передачи.`, { pending: queued });
    }
    if (options.cashOutAll) {
      for (const d of drawerOf(ctx, shift.id)) {
        if (d.amount > 0) appendDocument(ctx, { kind: 'cash_out', shift, user, total: d.amount, currency: d.currency });
      }
    }
    if (getSetting(ctx, 'zRequiresEmptyDrawer')) {
      const left = drawerOf(ctx, shift.id).filter((d) => d.amount > 0);
      if (left.length > 0) {
        throw new KassaError(
          'CONFLICT',
          `В кассе ${left.map((d) => money(d.amount, d.currency) + (d.currency === 'BYN' ? ' BYN' : '')).join(', ')}. Сделайте изъятие или выберите «Изъять всё и закрыть».`,
          { drawer: left },
        );
      }
    }
    const figures = shiftFigures(ctx, shift);
    const id = appendDocument(ctx, { kind: 'z_report', shift, user, total: figures.salesTotal, report: { figures, summary: summaryRows(figures) } });
    ctx.db.run('UPDATE shifts SET closed_at = ?, closed_by = ? WHERE id = ?', ctx.clock().toISOString(), user.id, shift.id);
    audit(ctx, 'shift.closed', { number: shift.number, cashOutAll: options.cashOutAll ?? false });
    queueAfterZ(ctx, shift); // in the Z's own transaction: a crash right after the Z still exports
    return { figures, id };
  })();
  ctx.emit('shift.changed', null);
  return { kind: 'z_report', document: documentView(ctx, id), ...figures };
}

/** Shifts, newest first; `from`/`to` are local days of the opening. */
export function listShifts(
  ctx: Ctx,
  f: { from?: string | undefined; to?: string | undefined; number?: number | undefined; limit: number; offset: number },
): { items: ShiftSummary[]; total: number } {
  // The shifts of the mode the till is in: training and working shifts are numbered apart.
  const where: string[] = ['s.training = @training'];
  const args: Record<string, unknown> = { limit: f.limit, offset: f.offset, training: getSetting(ctx, 'trainingMode') ? 1 : 0 };
  if (f.from !== undefined) {
    where.push('s.opened_at >= @from');
    args.from = localDayStart(f.from);
  }
  if (f.to !== undefined) {
    where.push('s.opened_at < @to');
    args.to = localDayStart(f.to, 1);
  }
  if (f.number !== undefined) {
    where.push('s.number = @number');
    args.number = f.number;
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = ctx.db.value<number>(`SELECT count(*) FROM shifts s ${clause}`, args)!;
  const standing = (kind: string) =>
    `(SELECT coalesce(sum(d.total), 0) FROM documents d WHERE d.shift_id = s.id AND d.kind = '${kind}'
        AND NOT EXISTS (SELECT 1 FROM documents a WHERE a.kind = 'annulment' AND a.refers_to_id = d.id))`;
  const items = ctx.db.all<ShiftSummary>(
    `SELECT s.id, s.number, s.opened_at AS openedAt, u.name AS openedBy, s.closed_at AS closedAt,
              (SELECT count(*) FROM documents d WHERE d.shift_id = s.id) AS documentsCount,
              ${standing('sale')} AS salesTotal, ${standing('return')} AS returnsTotal
       FROM shifts s JOIN users u ON u.id = s.opened_by ${clause}
       ORDER BY s.number DESC LIMIT @limit OFFSET @offset`,
    args,
  );
  return { items, total };
}
