/** A receipt model → the bytes of its print job: text made printable, laid out, encoded. */
import { layoutReceipt, type ReceiptInput, type ReceiptRow } from '../../domain/receipt.js';
import { printable, type Codepage } from './codepage.js';
import { receiptBytes, type JobOptions } from './escpos.js';

/** The same receipt with every string as the printer's table can print it. */
export function printableReceipt(r: ReceiptInput, cp: Codepage): ReceiptInput {
  const p = (s: string) => printable(s, cp);
  return {
    ...r,
    requisites: {
      organization: p(r.requisites.organization),
      unp: p(r.requisites.unp),
      tradeObject: p(r.requisites.tradeObject),
      address: p(r.requisites.address),
      registrationNumber: p(r.requisites.registrationNumber),
    },
    cashier: p(r.cashier),
    lines: r.lines.map((l) => ({ ...l, name: p(l.name), unit: p(l.unit) })),
    summary: r.summary.map(([label, value]) => [p(label), p(value)] as const),
    fiscal: r.fiscal ? { skoDocId: p(r.fiscal.skoDocId), verifyUrl: p(r.fiscal.verifyUrl) } : null,
    refersTo: r.refersTo ? { ...r.refersTo, skoDocId: r.refersTo.skoDocId === null ? null : p(r.refersTo.skoDocId) } : (r.refersTo ?? null),
    ...(r.currency === undefined ? {} : { currency: p(r.currency) }),
    ...(r.template ? { template: { header: r.template.header.map(p), footer: r.template.footer.map(p) } } : {}),
  };
}

/** The rows as they print: printable text; the QR keeps the verification URL exactly (UTF-8). */
export function printedRows(r: ReceiptInput, cp: Codepage, columns: number): ReceiptRow[] {
  return layoutReceipt(printableReceipt(r, cp), columns).map((row) => (row.kind === 'qr' && r.fiscal ? { kind: 'qr', data: r.fiscal.verifyUrl } : row));
}

export function receiptJob(r: ReceiptInput, options: JobOptions): Promise<Buffer> {
  return receiptBytes(printedRows(r, options.codepage, options.columns), options);
}

/**
 * Whether printing this receipt opens the cash drawer: the first print of a document that moves
 * cash — a sale or return paid (partly) in cash, a cash in, a cash out. Never a copy, a card-only
 * check, a report or an annulment.
 */
export function opensDrawer(r: ReceiptInput): boolean {
  if (r.copy) return false;
  if (r.kind === 'cash_in' || r.kind === 'cash_out') return true;
  return (r.kind === 'sale' || r.kind === 'return') && r.payments.some((p) => p.form === 'cash');
}
