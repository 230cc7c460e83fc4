/**
 * Returns: by the original check (found by number, date or its QR), whole or partial; without
 * itemization (an amount against a check); without a check (an amount, with a reason). Never more
 * than was sold minus earlier returns; refunded to the original payment forms, card and ОПЛАТИ on
 * the terminal first.
 */
import type { CardRefundSlip, DocumentDetail, FiscalDocument, PaymentForm, PrintOutcome, VatRate } from '../../preload/contract/index.js';
import { spreadProportionally } from '../domain/discount.js';
import { KassaError } from '../domain/errors.js';
import { formatMoney } from '../../common/money.js';
import { divRound } from '../domain/money.js';
import { allocateRefund, refundableByForm, returnAmount, type FormBalance } from '../domain/returns.js';
import { isTerminalForm } from '../devices/terminal/terminal.js';
import { audit } from './audit.js';
import type { Ctx } from './context.js';
import { moveForCheck } from './stock/moves.js';
import { annulmentOf, appendDocument, documentDetail, localDayStart, returnedByLine, returnsOf, type NewLine } from './documents.js';
import { handOver } from './hand-over.js';
import { drawerAmount } from './shift-report.js';
import { requireOpenShift } from './shift.js';
import { isStandalone, requireOriginalCode, requirePaymentRoutes, reverseTerminalOp, settleTerminalOps, terminalOp, withTerminal } from './terminal.js';
import { encodeRef } from '../devices/terminal/reference.js';
import { getSetting } from './settings.js';
import { requireUser } from './users.js';

// ─── Finding the original check ──────────────────────────────────────────────

/** What a check's QR may hold: the verify URL, or an СКО document id in it or alone. */
export function qrCandidates(qr: string): { url: string; ids: string[] } {
  const text = qr.trim();
  const ids = new Set<string>();
  try {
    const url = new URL(text);
    for (const key of ['id', 'doc', 'docId', 'skoDocId', 'd']) {
      const v = url.searchParams.get(key);
      if (v) ids.add(v);
    }
    const last = url.pathname.split('/').filter(Boolean).pop();
    if (last) ids.add(decodeURIComponent(last));
  } catch {
    ids.add(text);
  }
  return { url: text, ids: [...ids] };
}

export function findOriginal(ctx: Ctx, input: { shiftNumber: number; numberInShift: number } | { date: string } | { qr: string }): DocumentDetail[] {
  let ids: number[];
  if ('shiftNumber' in input) {
    ids = ctx.db.values<number>(
      'SELECT d.id FROM documents d JOIN shifts s ON s.id = d.shift_id WHERE s.number = ? AND s.training = ? AND d.number_in_shift = ?',
      input.shiftNumber,
      getSetting(ctx, 'trainingMode') ? 1 : 0,
      input.numberInShift,
    );
    if (ids.length === 0) throw new KassaError('NOT_FOUND', `Чек ${input.numberInShift} смены ${input.shiftNumber} не найден`);
  } else if ('date' in input) {
    ids = ctx.db.values<number>(
      "SELECT id FROM documents WHERE kind = 'sale' AND created_at >= ? AND created_at < ? ORDER BY id DESC LIMIT 200",
      localDayStart(input.date),
      localDayStart(input.date, 1),
    );
  } else {
    const { url, ids: skoIds } = qrCandidates(input.qr);
    const marks = skoIds.map(() => '?').join(', ');
    ids = ctx.db.values<number>(`SELECT document_id FROM fiscal_answers WHERE verify_url = ? ${skoIds.length ? `OR sko_doc_id IN (${marks})` : ''}`, url, ...skoIds);
    if (ids.length === 0) throw new KassaError('NOT_FOUND', 'Чек по этому QR-коду не найден в кассе');
  }
  const found = ids.map((id) => documentDetail(ctx, id));
  if ('date' in input) return found;
  const sales = found.filter((d) => d.kind === 'sale');
  if (sales.length === 0) throw new KassaError('VALIDATION', 'Это не чек продажи: возврат возможен только по чеку продажи');
  return sales;
}

// ─── Refunds ──────────────────────────────────────────────────────────────────

type Refund = FormBalance & { readonly terminalRef: string | null; readonly opId: number | null };

/** Gives `refunds` back: card and ОПЛАТИ on the terminal (journaled); undone on the terminal if a later one fails. */
async function refundOnTerminal(
  ctx: Ctx,
  refunds: readonly FormBalance[],
  originalRefs: ReadonlyMap<PaymentForm, string | null>,
  cardRefund: CardRefundSlip | undefined,
): Promise<Refund[]> {
  const out: Refund[] = [];
  for (const r of refunds) {
    if (!isTerminalForm(r.form)) {
      out.push({ ...r, terminalRef: null, opId: null });
      continue;
    }
    const { opId, outcome } = await terminalOp(ctx, {
      kind: 'refund',
      purpose: 'return',
      form: r.form,
      amount: r.amount,
      ofReference: originalRefs.get(r.form) ?? (r.form === 'card' && cardRefund ? encodeRef({ reference: '', authCode: cardRefund.originalCode }) : null),
      slip: r.form === 'card' ? (cardRefund?.slip ?? null) : null,
    });
    if (outcome.status !== 'approved') {
      await undoRefunds(ctx, out);
      if (outcome.status === 'declined')
        throw new KassaError('PAYMENT_DECLINED', `Возврат на ${r.form === 'card' ? 'карту' : 'ОПЛАТИ'} не прошёл: ${outcome.message}. Возврат не оформлен.`);
      throw new KassaError('DEVICE_ERROR', 'Терминал не ответил. Возврат не оформлен — повторите.', { terminal: 'timeout' });
    }
    out.push({ ...r, terminalRef: outcome.reference, opId });
  }
  return out;
}

/**
 * Before anything reaches a terminal: each card / ОПЛАТИ refund has a terminal on this till, and a
 * card refund on a standalone terminal names the sale's authorization code (read off the receipt,
 * checked against the one kept) and brings the refund's own slip.
 */
function requireRefundRoutes(
  ctx: Ctx,
  refunds: readonly FormBalance[],
  originalRefs: ReadonlyMap<PaymentForm, string | null>,
  cardRefund: CardRefundSlip | undefined,
): void {
  const onTerminal = refunds.filter((r) => isTerminalForm(r.form) && r.amount > 0);
  if (onTerminal.some((r) => r.form === 'card') && isStandalone(ctx)) {
    if (!cardRefund) {
      throw new KassaError('VALIDATION', 'Возврат на карту: введите код авторизации оплаты с чека продажи и код возврата с чека терминала', {
        form: 'card',
        cardRefundRequired: true,
      });
    }
    requireOriginalCode(originalRefs.get('card') ?? null, cardRefund.originalCode);
  }
  requirePaymentRoutes(
    ctx,
    onTerminal.map((r) => ({ form: r.form, ...(r.form === 'card' && cardRefund && { slip: cardRefund.slip }) })),
  );
}

async function undoRefunds(ctx: Ctx, refunds: readonly Refund[]): Promise<void> {
  for (const r of refunds) if (r.opId !== null) await reverseTerminalOp(ctx, r.opId);
}

function requireCashFor(ctx: Ctx, shiftId: number, refunds: readonly FormBalance[]): void {
  const cash = refunds.filter((r) => r.form === 'cash').reduce((s, r) => s + r.amount, 0);
  if (cash === 0) return;
  const held = drawerAmount(ctx, shiftId, 'BYN');
  if (cash > held) throw new KassaError('CONFLICT', `В кассе только ${formatMoney(Math.max(0, held))} BYN: выдать ${formatMoney(cash)} наличными нельзя`);
}

type Sale = {
  id: number;
  total: number;
  change: number;
  lines: {
    id: number;
    line_no: number;
    item_id: number | null;
    name: string;
    barcode: string | null;
    quantity: number;
    unit: string;
    price: number;
    amount: number;
    vat_rate: VatRate;
    section: number;
    mark_code: string | null;
    discount: number;
  }[];
  payments: FormBalance[];
  refs: Map<PaymentForm, string | null>;
};

function saleFor(ctx: Ctx, documentId: number): Sale {
  const doc = ctx.db.one<{ id: number; kind: string; total: number; change: number; training: number }>(
    'SELECT id, kind, total, change, training FROM documents WHERE id = ?',
    documentId,
  );
  if (!doc) throw new KassaError('NOT_FOUND', 'Чек не найден');
  // A training check was never fiscal: nothing of it may come back in working mode (nor the reverse).
  if ((doc.training === 1) !== getSetting(ctx, 'trainingMode')) {
    throw new KassaError(
      'CONFLICT',
      doc.training === 1
        ? 'Это чек учебного режима: возврат по нему в рабочем режиме невозможен'
        : 'Это чек рабочего режима: в учебном режиме возврат по нему невозможен',
    );
  }
  if (doc.kind !== 'sale') throw new KassaError('VALIDATION', 'Возврат возможен только по чеку продажи');
  if (annulmentOf(ctx, doc.id)) throw new KassaError('CONFLICT', 'Чек аннулирован: возврат по нему невозможен');
  const payRows = ctx.db.all<{
    form: PaymentForm;
    amount: number;
    terminal_ref: string | null;
  }>('SELECT form, amount, terminal_ref FROM document_payments WHERE document_id = ? ORDER BY id', doc.id);
  return {
    id: doc.id,
    total: doc.total,
    change: doc.change,
    lines: ctx.db.all<Sale['lines'][number]>('SELECT * FROM document_lines WHERE document_id = ? ORDER BY line_no', doc.id),
    payments: payRows.map((p) => ({ form: p.form, amount: p.amount })),
    refs: new Map(payRows.map((p) => [p.form, p.terminal_ref])),
  };
}

type Plan = { lines: NewLine[]; total: number; refunds: FormBalance[] };

/** The return lines and refunds of returning `wanted` of a sale (all that is left when absent). */
function planByCheck(ctx: Ctx, sale: Sale, wanted: readonly { lineNo: number; quantity: number }[] | undefined): Plan {
  const returned = returnedByLine(ctx, sale.id);
  const left = (l: Sale['lines'][number]) => l.quantity - (returned.get(l.id)?.quantity ?? 0);
  const request = wanted ?? sale.lines.filter((l) => left(l) > 0).map((l) => ({ lineNo: l.line_no, quantity: left(l) }));
  if (request.length === 0) throw new KassaError('CONFLICT', 'По этому чеку всё уже возвращено');
  const seen = new Set<number>();
  const lines: NewLine[] = request.map(({ lineNo, quantity }) => {
    if (seen.has(lineNo)) throw new KassaError('VALIDATION', `Строка ${lineNo} указана дважды`);
    seen.add(lineNo);
    const line = sale.lines.find((l) => l.line_no === lineNo);
    if (!line) throw new KassaError('NOT_FOUND', `В чеке нет строки ${lineNo}`);
    if (line.unit === 'шт' && quantity % 1000 !== 0)
      throw new KassaError('VALIDATION', `Строка ${lineNo} «${line.name}»: штучный товар возвращается целым количеством`);
    const done = returned.get(line.id) ?? { quantity: 0, amount: 0, unitemized: 0 };
    const amount = returnAmount(
      { quantity: line.quantity, amount: line.amount, returnedQuantity: done.quantity, returnedAmount: done.amount, returnedUnitemized: done.unitemized },
      quantity,
    );
    if (typeof amount !== 'number') throw new KassaError('VALIDATION', `Строка ${lineNo} «${line.name}»: ${amount.problem}`);
    return {
      itemId: line.item_id,
      name: line.name,
      barcode: line.barcode,
      quantity,
      unit: line.unit,
      price: line.price,
      amount,
      // The returned share of the sale's discount, so the slip adds up: quantity × price − discount = amount.
      discount: divRound((line.amount + line.discount) * quantity, line.quantity) - amount,
      vatRate: line.vat_rate,
      section: line.section,
      markCode: line.mark_code,
      originLineId: line.id,
    };
  });
  const total = lines.reduce((s, l) => s + l.amount, 0);
  return { lines, total, refunds: refundsFor(ctx, sale, total) };
}

function refundsFor(ctx: Ctx, sale: Sale, total: number): FormBalance[] {
  if (total <= 0) throw new KassaError('VALIDATION', 'Сумма возврата — ноль: возвращать нечего');
  const earlier = returnsOf(ctx, sale.id);
  if (earlier.total + total > sale.total) {
    throw new KassaError('VALIDATION', `По этому чеку можно вернуть не больше ${formatMoney(sale.total - earlier.total)}`);
  }
  const refunds = allocateRefund(total, refundableByForm(sale.payments, sale.change, earlier.refunded));
  if (!Array.isArray(refunds)) throw new KassaError('VALIDATION', refunds.problem);
  return refunds;
}

/** The return stored, then to the СКО and the printer. */
type ReturnMade = { document: FiscalDocument; refunds: FormBalance[]; print: PrintOutcome };

async function issueReturn(
  ctx: Ctx,
  plan: () => Plan,
  doc: { refersToId: number | null; reason: string | null },
  originalRefs: ReadonlyMap<PaymentForm, string | null>,
  cardRefund?: CardRefundSlip,
): Promise<ReturnMade> {
  const user = requireUser(ctx);
  const first = plan();
  requireCashFor(ctx, requireOpenShift(ctx).id, first.refunds);
  requireRefundRoutes(ctx, first.refunds, originalRefs, cardRefund);
  const id = await withTerminal(ctx, async () => {
    const paid = await refundOnTerminal(ctx, first.refunds, originalRefs, cardRefund);
    try {
      return ctx.db.transaction(() => {
        const shift = requireOpenShift(ctx);
        const again = plan(); // the limits once more, inside the transaction
        if (again.total !== first.total) throw new KassaError('CONFLICT', 'Чек изменился во время возврата: повторите');
        requireCashFor(ctx, shift.id, again.refunds);
        const id = appendDocument(ctx, {
          kind: 'return',
          shift,
          user,
          total: again.total,
          lines: again.lines,
          payments: paid.map((p) => ({ form: p.form, amount: p.amount, terminalRef: p.terminalRef })),
          refersToId: doc.refersToId,
          reason: doc.reason,
        });
        moveForCheck(ctx, id, 'return', again.lines);
        settleTerminalOps(
          ctx,
          paid.flatMap((p) => (p.opId === null ? [] : [p.opId])),
          id,
        );
        audit(ctx, 'return.made', { documentId: id, refersTo: doc.refersToId, total: again.total, reason: doc.reason });
        return id;
      })();
    } catch (err) {
      await undoRefunds(ctx, paid);
      throw err;
    }
  });
  return { ...(await handOver(ctx, id)), refunds: first.refunds };
}

type ByCheck = {
  documentId: number;
  lines?: readonly { lineNo: number; quantity: number }[] | undefined;
  refunds?: readonly FormBalance[] | undefined;
  cardRefund?: CardRefundSlip | undefined;
};

export function returnByCheck(ctx: Ctx, input: ByCheck): Promise<ReturnMade> {
  const sale = saleFor(ctx, input.documentId);
  const plan = (): Plan => {
    const p = planByCheck(ctx, saleFor(ctx, input.documentId), input.lines);
    return { ...p, refunds: splitRefund(ctx, p.refunds, p.total, input.refunds) };
  };
  return issueReturn(ctx, plan, { refersToId: sale.id, reason: null }, sale.refs, input.cardRefund);
}

/** What a return by the check would be, shown to the cashier before it is issued: the amount and the refund forms. */
export function previewByCheck(
  ctx: Ctx,
  input: Omit<ByCheck, 'refunds'> & { amount?: number | undefined },
): { total: number; refunds: FormBalance[]; cashAllowed: boolean } {
  // By the sum alone (returns.free against the check): its forms as they stand; returns.free takes no other split.
  if (input.amount !== undefined) return { total: input.amount, refunds: refundsFor(ctx, saleFor(ctx, input.documentId), input.amount), cashAllowed: false };
  const p = planByCheck(ctx, saleFor(ctx, input.documentId), input.lines);
  return { total: p.total, refunds: p.refunds, cashAllowed: getSetting(ctx, 'returnToCash') };
}

const sumOf = (list: readonly FormBalance[], form: PaymentForm) => list.filter((r) => r.form === form).reduce((s, r) => s + r.amount, 0);

/**
 * The cashier's split of a refund: the original forms, where some of a card / ОПЛАТИ / certificate
 * part may move to cash only when the setting `returnToCash` allows it. Nothing moves the other way.
 */
function splitRefund(ctx: Ctx, planned: FormBalance[], total: number, wanted: readonly FormBalance[] | undefined): FormBalance[] {
  if (!wanted) return planned;
  const forms = new Set(wanted.map((r) => r.form));
  if (forms.size !== wanted.length) throw new KassaError('VALIDATION', 'Форма возврата указана дважды');
  const sum = wanted.reduce((s, r) => s + r.amount, 0);
  if (sum !== total) throw new KassaError('VALIDATION', `Сумма по формам ${formatMoney(sum)} не равна сумме возврата ${formatMoney(total)}`);
  for (const r of wanted) {
    if (r.form === 'cash') continue;
    const most = sumOf(planned, r.form);
    if (r.amount > most) throw new KassaError('VALIDATION', `На эту форму оплаты можно вернуть не больше ${formatMoney(most)}`);
  }
  if (sumOf(wanted, 'cash') > sumOf(planned, 'cash') && !getSetting(ctx, 'returnToCash')) {
    throw new KassaError('FORBIDDEN', 'Возврат наличными вместо исходной формы оплаты запрещён настройками: верните на исходные формы');
  }
  return wanted.filter((r) => r.amount > 0);
}

/** One line per VAT rate of the original, the amount spread by what is left of each rate. */
function planUnitemized(ctx: Ctx, sale: Sale, amount: number, section: number | undefined): Plan {
  const returned = returnedByLine(ctx, sale.id);
  const byRate = new Map<VatRate, { left: number; section: number }>();
  for (const l of sale.lines) {
    const left = l.amount - (returned.get(l.id)?.amount ?? 0);
    const e = byRate.get(l.vat_rate) ?? { left: 0, section: l.section };
    e.left += Math.max(0, left);
    byRate.set(l.vat_rate, e);
  }
  const rates = [...byRate].filter(([, e]) => e.left > 0);
  if (rates.length === 0) throw new KassaError('CONFLICT', 'По этому чеку всё уже возвращено');
  const refunds = refundsFor(ctx, sale, amount);
  const parts = spreadProportionally(
    amount,
    rates.map(([, e]) => e.left),
  );
  const lines: NewLine[] = rates
    .map(([vatRate, e], i) => ({ vatRate, section: section ?? e.section, amount: parts[i]! }))
    .filter((p) => p.amount > 0)
    .map((p) => ({
      itemId: null,
      name: 'Возврат без детализации',
      barcode: null,
      quantity: 1000,
      unit: 'шт',
      price: p.amount,
      amount: p.amount,
      vatRate: p.vatRate,
      section: p.section,
    }));
  return { lines, total: amount, refunds };
}

/**
 * Without itemization (against a check: refunded to its forms, within what is left of it) or
 * without a check (a reason is required; refunded in `form`, cash by default, VAT of the section).
 */
export function returnFree(
  ctx: Ctx,
  input: {
    amount: number;
    documentId?: number | undefined;
    section?: number | undefined;
    form?: PaymentForm | undefined;
    reason?: string | undefined;
    cardRefund?: CardRefundSlip | undefined;
  },
): Promise<ReturnMade> {
  if (input.documentId !== undefined) {
    const sale = saleFor(ctx, input.documentId);
    return issueReturn(
      ctx,
      () => planUnitemized(ctx, saleFor(ctx, sale.id), input.amount, input.section),
      { refersToId: sale.id, reason: input.reason ?? null },
      sale.refs,
      input.cardRefund,
    );
  }
  if (!input.reason) throw new KassaError('VALIDATION', 'Возврат без чека: укажите причину');
  const code = input.section ?? 0;
  const section = ctx.db.one<{ code: number; name: string; vatRate: VatRate }>('SELECT code, name, vat_rate AS vatRate FROM sections WHERE code = ?', code);
  if (!section) throw new KassaError('NOT_FOUND', `Секция ${code} не найдена`);
  const form = input.form ?? 'cash';
  const plan = (): Plan => ({
    lines: [
      {
        itemId: null,
        name: `Возврат без чека: ${section.name}`,
        barcode: null,
        quantity: 1000,
        unit: 'шт',
        price: input.amount,
        amount: input.amount,
        vatRate: section.vatRate,
        section: section.code,
      },
    ],
    total: input.amount,
    refunds: [{ form, amount: input.amount }],
  });
  return issueReturn(ctx, plan, { refersToId: null, reason: input.reason }, new Map(), input.cardRefund);
}
