/**
 * Fiscal documents: appended with their lines, payments and outbox row in one transaction;
 * never changed afterwards (the database refuses it). The СКО answer is kept beside them.
 * Also what the screens read of them: the view with its receipt, the detail, the list, a copy.
 */
import { randomUUID } from 'node:crypto';
import type {
  Currency,
  DocumentDetail,
  DocumentKind,
  DocumentRef,
  DocumentSummary,
  FiscalDocument,
  PaymentForm,
  Unit,
  User,
  VatRate,
} from '../../preload/contract/index.js';
import { parseMarkCode } from '../../common/marking.js';
import { KassaError } from '../domain/errors.js';
import { renderReceipt, type ReceiptInput, type ReceiptRequisites } from '../domain/receipt.js';
import { returnedShares, type Returned, type ReturnLineShare, type SaleLineShare } from '../domain/returns.js';
import { vatByRate, vatOf } from '../domain/money.js';
import type { SkoDocument } from '../fiscal/gateway.js';
import { decodeRef } from '../devices/terminal/reference.js';
import { audit } from './audit.js';
import { countAnnulment, countDocument } from './reports/aggregates.js';
import type { Ctx } from './context.js';
import { getSetting, requisites } from './settings.js';

export type NewLine = {
  readonly itemId: number | null;
  readonly name: string;
  readonly barcode: string | null;
  readonly quantity: number;
  readonly unit: string;
  readonly price: number;
  readonly amount: number;
  readonly vatRate: VatRate;
  readonly section: number;
  /** What discounts took off the line (negative: markups added). */
  readonly discount?: number;
  readonly markCode?: string | null;
  /** A return line: the sale line it returns. */
  readonly originLineId?: number | null;
};

export type NewPayment = { readonly form: PaymentForm; readonly amount: number; readonly terminalRef?: string | null };

export type NewDocument = {
  readonly kind: DocumentKind;
  readonly shift: { readonly id: number; readonly number: number };
  readonly user: User;
  readonly total: number;
  readonly change?: number;
  readonly lines?: readonly NewLine[];
  readonly payments?: readonly NewPayment[];
  readonly report?: unknown;
  /** A return: the sale (none for a return without a check). An annulment: what it annuls. */
  readonly refersToId?: number | null;
  readonly currency?: Currency;
  readonly reason?: string | null;
  readonly discountCard?: string | null;
  readonly checkDiscount?: number;
};

/** Appends a document and queues it for the СКО. Must run inside the caller's transaction. */
export function appendDocument(ctx: Ctx, doc: NewDocument): number {
  if (!ctx.db.inTransaction) throw new Error('appendDocument must run inside a transaction');
  const now = ctx.clock().toISOString();
  const numberInShift = ctx.db.value<number>('SELECT coalesce(max(number_in_shift), 0) + 1 FROM documents WHERE shift_id = ?', doc.shift.id)!;
  const key = randomUUID();
  const training = getSetting(ctx, 'trainingMode') ? 1 : 0;
  const lines = doc.lines ?? [];
  const payments = doc.payments ?? [];
  const refersTo = doc.refersToId ? (refOf(ctx, doc.refersToId) ?? null) : null;
  if (doc.refersToId && !refersTo) throw new KassaError('NOT_FOUND', 'Документ, на который ссылается новый, не найден');
  const id = Number(
    ctx.db.run(
      `INSERT INTO documents (shift_id, number_in_shift, kind, created_at, user_id, cashier, total, change, idempotency_key, training, report,
                                refers_to_id, currency, reason, discount_card, check_discount, requisites)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      doc.shift.id,
      numberInShift,
      doc.kind,
      now,
      doc.user.id,
      doc.user.cashierId || doc.user.name,
      doc.total,
      doc.change ?? 0,
      key,
      training,
      doc.report === undefined ? null : JSON.stringify(doc.report),
      refersTo?.id ?? null,
      doc.currency ?? 'BYN',
      doc.reason ?? null,
      doc.discountCard ?? null,
      doc.checkDiscount ?? 0,
      JSON.stringify(requisites(ctx)),
    ).lastInsertRowid,
  );
  lines.forEach((l, i) =>
    ctx.db.run(
      `INSERT INTO document_lines (document_id, line_no, item_id, name, barcode, quantity, unit, price, amount, vat_rate, vat, section, discount, mark_code, origin_line_id, mark_key)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      id,
      i + 1,
      l.itemId,
      l.name,
      l.barcode,
      l.quantity,
      l.unit,
      l.price,
      l.amount,
      l.vatRate,
      vatOf(l.amount, l.vatRate),
      l.section,
      l.discount ?? 0,
      l.markCode ?? null,
      l.originLineId ?? null,
      l.markCode ? (parseMarkCode(l.markCode)?.key ?? null) : null,
    ),
  );
  // Through the kept statements (ctx.db.run): a prepare per document cost more than the inserts.
  const vat = vatByRate(lines);
  for (const v of vat) ctx.db.run('INSERT INTO document_vat (document_id, vat_rate, amount, vat) VALUES (?, ?, ?, ?)', id, v.vatRate, v.amount, v.vat);
  for (const p of payments)
    ctx.db.run('INSERT INTO document_payments (document_id, form, amount, terminal_ref) VALUES (?, ?, ?, ?)', id, p.form, p.amount, p.terminalRef ?? null);
  // The report aggregates in the same transaction: a sale or return adds, an annulment takes its target off.
  if (doc.kind === 'sale' || doc.kind === 'return') {
    const counted = lines.map((l) => ({
      itemId: l.itemId,
      section: l.section,
      name: l.name,
      unit: l.unit,
      quantity: l.quantity,
      amount: l.amount,
      discount: l.discount ?? 0,
    }));
    countDocument(
      ctx.db,
      { kind: doc.kind, createdAt: now, training, userId: doc.user.id, total: doc.total, change: doc.change ?? 0, lines: counted, payments, vat },
      1,
    );
  } else if (doc.kind === 'annulment' && refersTo) countAnnulment(ctx.db, refersTo.id);

  const payload: SkoDocument = {
    idempotencyKey: key,
    kind: doc.kind,
    shiftNumber: doc.shift.number,
    numberInShift,
    createdAt: now,
    cashierId: doc.user.cashierId || doc.user.login,
    total: doc.total,
    body: {
      lines: lines.map(({ originLineId: _origin, markCode, discount, ...l }) => ({
        ...l,
        ...(discount ? { discount } : {}),
        ...(markCode ? { markCode } : {}),
      })),
      payments: payments.map((p) => ({ form: p.form, amount: p.amount })),
      change: doc.change ?? 0,
      report: doc.report ?? null,
      ...(refersTo ? { refersTo: { shiftNumber: refersTo.shiftNumber, numberInShift: refersTo.numberInShift } } : {}),
      ...(doc.kind === 'return' && !refersTo ? { refersTo: null } : {}),
      ...(doc.kind === 'cash_in' || doc.kind === 'cash_out' ? { currency: doc.currency ?? 'BYN' } : {}),
      ...(doc.reason ? { reason: doc.reason } : {}),
    },
  };
  const stored = JSON.stringify(payload);
  // The request bytes are kept in this same transaction when the binding is known (one fsync for
  // the document, its outbox row and its request); else the outbox freezes them before its first send.
  const requestBody = ctx.sko.prepareNow?.(JSON.parse(stored) as SkoDocument) ?? null;
  ctx.db.run(
    'INSERT INTO outbox (document_id, idempotency_key, payload, created_at, next_attempt_at, request_body) VALUES (?, ?, ?, ?, ?, ?)',
    id,
    key,
    stored,
    now,
    now,
    requestBody,
  );
  return id;
}

// ─── Reading documents ────────────────────────────────────────────────────────

type DocRow = {
  id: number;
  kind: DocumentKind;
  shift_id: number;
  shift_number: number;
  number_in_shift: number;
  created_at: string;
  cashier: string;
  total: number;
  change: number;
  training: number;
  report: string | null;
  refers_to_id: number | null;
  currency: Currency;
  reason: string | null;
  discount_card: string | null;
  requisites: string | null;
  sko_doc_id: string | null;
  accepted_at: string | null;
  verify_url: string | null;
  signature: string | null;
};

const DOC_SELECT = `
  SELECT d.id, d.kind, d.shift_id, s.number AS shift_number, d.number_in_shift, d.created_at, d.cashier, d.total, d.change, d.training,
         d.report, d.refers_to_id, d.currency, d.reason, d.discount_card, d.requisites,
         f.sko_doc_id, f.accepted_at, f.verify_url, f.signature
  FROM documents d JOIN shifts s ON s.id = d.shift_id LEFT JOIN fiscal_answers f ON f.document_id = d.id`;

function docRow(ctx: Ctx, id: number): DocRow {
  const row = ctx.db.one<DocRow>(`${DOC_SELECT} WHERE d.id = ?`, id);
  if (!row) throw new KassaError('NOT_FOUND', 'Документ не найден');
  return row;
}

export function refOf(ctx: Ctx, id: number): DocumentRef | undefined {
  return ctx.db.one<DocumentRef>(
    'SELECT d.id, d.kind, s.number AS shiftNumber, d.number_in_shift AS numberInShift FROM documents d JOIN shifts s ON s.id = d.shift_id WHERE d.id = ?',
    id,
  );
}

/** The annulment of a document, if it has one. */
export function annulmentOf(ctx: Ctx, id: number): DocumentRef | null {
  const a = ctx.db.value<number>("SELECT id FROM documents WHERE kind = 'annulment' AND refers_to_id = ?", id);
  return a === undefined ? null : (refOf(ctx, a) ?? null);
}

type LineRow = {
  id: number;
  line_no: number;
  item_id: number | null;
  name: string;
  barcode: string | null;
  quantity: number;
  unit: Unit;
  price: number;
  amount: number;
  vat_rate: VatRate;
  vat: number;
  section: number;
  discount: number;
  mark_code: string | null;
  origin_line_id: number | null;
};

function lineRows(ctx: Ctx, documentId: number): LineRow[] {
  return ctx.db.all<LineRow>('SELECT * FROM document_lines WHERE document_id = ? ORDER BY line_no', documentId);
}

function paymentRows(ctx: Ctx, documentId: number): { form: PaymentForm; amount: number; terminal_ref: string | null }[] {
  return ctx.db.all<{
    form: PaymentForm;
    amount: number;
    terminal_ref: string | null;
  }>('SELECT form, amount, terminal_ref FROM document_payments WHERE document_id = ? ORDER BY id', documentId);
}

/** A payment as the screens and the receipt show it: with the slip's authorization code and RRN when the terminal gave them. */
function shownPayment(p: { form: PaymentForm; amount: number; terminal_ref: string | null }): {
  form: PaymentForm;
  amount: number;
  authCode?: string;
  rrn?: string;
} {
  const slip = p.terminal_ref ? decodeRef(p.terminal_ref) : null;
  return { form: p.form, amount: p.amount, ...(slip?.authCode && { authCode: slip.authCode }), ...(slip?.rrn && { rrn: slip.rrn }) };
}

/** A return or annulment that has not been annulled itself. */
const STANDS = "NOT EXISTS (SELECT 1 FROM documents a WHERE a.kind = 'annulment' AND a.refers_to_id = r.id)";

/** What the returns that stand have taken back of a sale, per sale line. */
export function returnedByLine(ctx: Ctx, saleId: number): Map<number, Returned> {
  const sale = ctx.db.all<SaleLineShare>('SELECT id, vat_rate AS vatRate, quantity, amount FROM document_lines WHERE document_id = ? ORDER BY line_no', saleId);
  const rows = ctx.db.all<ReturnLineShare & { returnId: number }>(
    `SELECT l.document_id AS returnId, l.origin_line_id AS originLineId, l.vat_rate AS vatRate, l.quantity, l.amount
       FROM document_lines l JOIN documents r ON r.id = l.document_id
       WHERE r.kind = 'return' AND r.refers_to_id = ? AND ${STANDS}
       ORDER BY r.id, l.line_no`,
    saleId,
  );
  const byReturn = new Map<number, ReturnLineShare[]>();
  for (const r of rows) byReturn.set(r.returnId, [...(byReturn.get(r.returnId) ?? []), r]);
  return returnedShares(sale, [...byReturn.values()]);
}

/** Returns of a sale that stand, with their total and what they paid back per form. */
export function returnsOf(ctx: Ctx, saleId: number): { refs: DocumentRef[]; total: number; refunded: { form: PaymentForm; amount: number }[] } {
  const ids = ctx.db.values<number>(`SELECT r.id FROM documents r WHERE r.kind = 'return' AND r.refers_to_id = ? AND ${STANDS} ORDER BY r.id`, saleId);
  const total = ctx.db.value<number>(`SELECT coalesce(sum(r.total), 0) FROM documents r WHERE r.kind = 'return' AND r.refers_to_id = ? AND ${STANDS}`, saleId)!;
  const refunded = ctx.db.all<{ form: PaymentForm; amount: number }>(
    `SELECT p.form, sum(p.amount) AS amount FROM document_payments p JOIN documents r ON r.id = p.document_id
       WHERE r.kind = 'return' AND r.refers_to_id = ? AND ${STANDS} GROUP BY p.form ORDER BY p.form`,
    saleId,
  );
  return { refs: ids.map((id) => refOf(ctx, id)!), total, refunded };
}

/** The receipt of a stored document as the printer and the screen lay it out. */
export function documentReceipt(ctx: Ctx, id: number, options: { copy?: boolean } = {}): ReceiptInput {
  return receiptOf(ctx, docRow(ctx, id), options.copy ?? false);
}

/**
 * The check's number in its shift as the customer sees it: sales and returns counted together,
 * so an X-report or a cash in between makes no gap. Documents are append-only: it never changes.
 */
function checkNumberOf(ctx: Ctx, id: number): number {
  return ctx.db.value<number>(
    "SELECT count(*) FROM documents d WHERE d.shift_id = (SELECT shift_id FROM documents WHERE id = ?) AND d.kind IN ('sale', 'return') AND d.id <= ?",
    id,
    id,
  )!;
}

/** Sales and returns are checks: they carry a check number beside the document number. */
const checkNumberOfRow = (ctx: Ctx, row: DocRow): number | null => (row.kind === 'sale' || row.kind === 'return' ? checkNumberOf(ctx, row.id) : null);

function receiptOf(ctx: Ctx, row: DocRow, copy: boolean, checkNumber = checkNumberOfRow(ctx, row)): ReceiptInput {
  const lines = lineRows(ctx, row.id).map((l) => ({
    name: l.name,
    quantity: l.quantity,
    unit: l.unit,
    price: l.price,
    amount: l.amount,
    vatRate: l.vat_rate,
    discount: l.discount,
  }));
  const payments = paymentRows(ctx, row.id).map(shownPayment);
  const vat = ctx.db.all<{ vatRate: VatRate; vat: number }>(
    'SELECT vat_rate AS vatRate, vat FROM document_vat WHERE document_id = ? ORDER BY vat_rate DESC',
    row.id,
  );
  const report = row.report ? (JSON.parse(row.report) as { summary?: [string, string][] }) : null;
  const refersTo = row.refers_to_id === null ? null : refOf(ctx, row.refers_to_id);
  const refersSko = row.refers_to_id === null ? null : ctx.db.value<string>('SELECT sko_doc_id FROM fiscal_answers WHERE document_id = ?', row.refers_to_id);
  const summary: [string, string][] = [...(report?.summary ?? [])];
  if (row.discount_card) summary.unshift(['Дисконтная карта', row.discount_card]);
  if (row.reason) summary.push(['Причина', row.reason]);
  const printer = getSetting(ctx, 'printer');
  return {
    kind: row.kind,
    requisites: row.requisites ? (JSON.parse(row.requisites) as ReceiptRequisites) : requisites(ctx),
    shiftNumber: row.shift_number,
    numberInShift: row.number_in_shift,
    ...(checkNumber === null ? {} : { checkNumber }),
    createdAt: row.created_at,
    cashier: row.cashier,
    lines,
    total: row.total,
    vat: vat.filter((v) => v.vat !== 0),
    payments,
    change: row.change,
    summary,
    fiscal: row.sko_doc_id ? { skoDocId: row.sko_doc_id, verifyUrl: row.verify_url! } : null,
    training: row.training === 1,
    copy,
    refersTo: refersTo ? { shiftNumber: refersTo.shiftNumber, numberInShift: refersTo.numberInShift, skoDocId: refersSko ?? null } : null,
    currency: row.currency,
    template: { header: printer.template.header, footer: printer.template.footer },
  };
}

function viewOf(ctx: Ctx, row: DocRow, copy: boolean): FiscalDocument {
  const checkNumber = checkNumberOfRow(ctx, row);
  const fiscal = row.sko_doc_id ? { skoDocId: row.sko_doc_id, acceptedAt: row.accepted_at!, verifyUrl: row.verify_url!, signature: row.signature! } : null;
  return {
    id: row.id,
    kind: row.kind,
    shiftNumber: row.shift_number,
    numberInShift: row.number_in_shift,
    checkNumber,
    createdAt: row.created_at,
    cashier: row.cashier,
    total: row.total,
    fiscal,
    // As wide as the printer's paper: the preview and the paper are the same lines.
    receipt: renderReceipt(receiptOf(ctx, row, copy, checkNumber), getSetting(ctx, 'printer').columns),
    currency: row.currency,
    refersTo: row.refers_to_id === null ? null : (refOf(ctx, row.refers_to_id) ?? null),
    annulledBy: annulmentOf(ctx, row.id),
    reason: row.reason,
  };
}

export function documentView(ctx: Ctx, id: number, options: { copy?: boolean } = {}): FiscalDocument {
  return viewOf(ctx, docRow(ctx, id), options.copy ?? false);
}

/** Everything stored about a document: lines with what was returned of them, payments, returns. */
export function documentDetail(ctx: Ctx, id: number): DocumentDetail {
  const row = docRow(ctx, id);
  const returned = row.kind === 'sale' ? returnedByLine(ctx, id) : new Map<number, Returned>();
  const lines = lineRows(ctx, id);
  const originNo = new Map<number, number>();
  for (const l of lines) {
    if (l.origin_line_id !== null) {
      originNo.set(l.origin_line_id, ctx.db.value<number>('SELECT line_no FROM document_lines WHERE id = ?', l.origin_line_id)!);
    }
  }
  const returns = row.kind === 'sale' ? returnsOf(ctx, id) : { refs: [], total: 0, refunded: [] };
  return {
    ...viewOf(ctx, row, false),
    lines: lines.map((l) => ({
      lineNo: l.line_no,
      itemId: l.item_id,
      name: l.name,
      barcode: l.barcode,
      quantity: l.quantity,
      unit: l.unit,
      price: l.price,
      discount: l.discount,
      amount: l.amount,
      vatRate: l.vat_rate,
      vat: l.vat,
      section: l.section,
      markCode: l.mark_code,
      returnedQuantity: returned.get(l.id)?.quantity ?? 0,
      returnedAmount: returned.get(l.id)?.amount ?? 0,
      originLineNo: l.origin_line_id === null ? null : (originNo.get(l.origin_line_id) ?? null),
    })),
    payments: paymentRows(ctx, id).map(shownPayment),
    change: row.change,
    discountCard: row.discount_card,
    returnedTotal: returns.total,
    refunded: returns.refunded,
    returns: returns.refs,
  };
}

/** A copy marked «КОПИЯ», of any document or of the Z-report of a shift; the copy is audited. */
export function documentCopy(ctx: Ctx, target: { id: number } | { zReportOfShift: number }): FiscalDocument {
  let id: number;
  if ('id' in target) id = target.id;
  else {
    const z = ctx.db.value<number>(
      "SELECT d.id FROM documents d JOIN shifts s ON s.id = d.shift_id WHERE s.number = ? AND s.training = ? AND d.kind = 'z_report'",
      target.zReportOfShift,
      getSetting(ctx, 'trainingMode') ? 1 : 0,
    );
    if (z === undefined) throw new KassaError('NOT_FOUND', `Z-отчёт смены ${target.zReportOfShift} не найден`);
    id = z;
  }
  const view = documentView(ctx, id, { copy: true });
  ctx.db.transaction(() => audit(ctx, 'document.copy', { documentId: id, kind: view.kind, shiftNumber: view.shiftNumber, numberInShift: view.numberInShift }))();
  return view;
}

export type DocumentFilter = {
  readonly shiftNumber?: number | undefined;
  readonly kind?: DocumentKind | undefined;
  /** Local calendar days, inclusive. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly numberInShift?: number | undefined;
  /** The document's total in kopecks, inclusive. */
  readonly minTotal?: number | undefined;
  readonly maxTotal?: number | undefined;
  readonly limit: number;
  readonly offset: number;
};

/** ISO instant of local midnight starting the day `date` (YYYY-MM-DD), plus `days`. */
export function localDayStart(date: string, days = 0): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + days).toISOString();
}

/** The list of documents, newest first. */
export function listDocuments(ctx: Ctx, f: DocumentFilter): { items: DocumentSummary[]; total: number } {
  // The documents of the mode the till is in: training ones stay apart, with their own numbering.
  const where: string[] = ['d.training = @training'];
  const args: Record<string, unknown> = { limit: f.limit, offset: f.offset, training: getSetting(ctx, 'trainingMode') ? 1 : 0 };
  const when = (value: unknown, condition: string, name: string) => {
    if (value === undefined) return;
    where.push(condition);
    args[name] = value;
  };
  when(f.shiftNumber, 's.number = @shiftNumber', 'shiftNumber');
  when(f.kind, 'd.kind = @kind', 'kind');
  when(f.numberInShift, 'd.number_in_shift = @numberInShift', 'numberInShift');
  when(f.from === undefined ? undefined : localDayStart(f.from), 'd.created_at >= @from', 'from');
  when(f.to === undefined ? undefined : localDayStart(f.to, 1), 'd.created_at < @to', 'to');
  when(f.minTotal, 'd.total >= @minTotal', 'minTotal');
  when(f.maxTotal, 'd.total <= @maxTotal', 'maxTotal');
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = ctx.db.value<number>(`SELECT count(*) FROM documents d JOIN shifts s ON s.id = d.shift_id ${clause}`, args)!;
  const rows = ctx.db.all<Omit<DocumentSummary, 'fiscalized' | 'annulled' | 'refersTo'> & { fiscalized: number; annulled: number; refersToId: number | null }>(
    `SELECT d.id, d.kind, s.number AS shiftNumber, d.number_in_shift AS numberInShift, d.created_at AS createdAt, d.cashier, d.total,
              d.currency, d.refers_to_id AS refersToId,
              EXISTS (SELECT 1 FROM fiscal_answers f WHERE f.document_id = d.id) AS fiscalized,
              EXISTS (SELECT 1 FROM documents a WHERE a.kind = 'annulment' AND a.refers_to_id = d.id) AS annulled
       FROM documents d JOIN shifts s ON s.id = d.shift_id ${clause}
       ORDER BY d.id DESC LIMIT @limit OFFSET @offset`,
    args,
  );
  return {
    total,
    items: rows.map(({ refersToId, ...r }) => ({
      ...r,
      fiscalized: r.fiscalized === 1,
      annulled: r.annulled === 1,
      refersTo: refersToId === null ? null : (refOf(ctx, refersToId) ?? null),
    })),
  };
}
