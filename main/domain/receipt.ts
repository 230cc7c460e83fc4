/**
 * The receipt model and its layout: one list of rows that both the on-screen preview (text
 * lines) and the receipt printer (ESC/POS, main/devices/printer) print. Pure.
 */
import { PAYMENT_FORM_NAMES } from '../../common/display-names.js';
import { formatMoney, formatQuantity, formatVatRate } from '../../common/money.js';
import type { DocumentKind, PaymentForm, VatRate } from '../../preload/contract/index.js';

/** Every document a receipt prints; wider than the stored kinds until returns and cash in/out exist. */
export type ReceiptKind = DocumentKind | 'return' | 'annulment' | 'cash_in' | 'cash_out';

export const DOCUMENT_TITLES: Readonly<Record<ReceiptKind, string>> = {
  shift_open: 'ОТКРЫТИЕ СМЕНЫ',
  sale: 'КАССОВЫЙ ЧЕК (ПРОДАЖА)',
  return: 'КАССОВЫЙ ЧЕК (ВОЗВРАТ)',
  annulment: 'АННУЛИРОВАНИЕ',
  cash_in: 'ВНЕСЕНИЕ',
  cash_out: 'ИЗЪЯТИЕ',
  x_report: 'X-ОТЧЁТ',
  z_report: 'Z-ОТЧЁТ (ЗАКРЫТИЕ СМЕНЫ)',
};

export type ReceiptRequisites = {
  readonly organization: string;
  readonly unp: string;
  readonly tradeObject: string;
  readonly address: string;
  readonly registrationNumber: string;
};

export type ReceiptLine = {
  readonly name: string;
  readonly quantity: number;
  readonly unit: string;
  readonly price: number;
  /** After the discount or markup. */
  readonly amount: number;
  readonly vatRate: VatRate;
  /** Kopecks taken off the line (negative: a markup); absent or 0 prints nothing. */
  readonly discount?: number;
};

/** The shop's own lines above the requisites and below the fiscal block (editable template). */
export type ReceiptTemplate = {
  readonly header: readonly string[];
  readonly footer: readonly string[];
};

export type ReceiptInput = {
  readonly kind: ReceiptKind;
  readonly requisites: ReceiptRequisites;
  readonly shiftNumber: number;
  readonly numberInShift: number;
  /** Sales and returns: the check's number in the shift as the customer sees it (1, 2, …; one sequence for both). */
  readonly checkNumber?: number;
  readonly createdAt: string;
  readonly cashier: string;
  readonly lines: readonly ReceiptLine[];
  readonly total: number;
  readonly vat: readonly { readonly vatRate: VatRate; readonly vat: number }[];
  readonly payments: readonly { readonly form: PaymentForm; readonly amount: number; readonly authCode?: string; readonly rrn?: string }[];
  readonly change: number;
  /** Extra "label: value" rows for reports. */
  readonly summary: readonly (readonly [string, string])[];
  readonly fiscal: { readonly skoDocId: string; readonly verifyUrl: string } | null;
  readonly training: boolean;
  readonly copy?: boolean;
  /** The document a return or an annulment refers to. */
  readonly refersTo?: { readonly shiftNumber: number; readonly numberInShift: number; readonly skoDocId: string | null } | null;
  /** Cash in / cash out currency; BYN when absent. */
  readonly currency?: string;
  readonly template?: ReceiptTemplate;
};

/** One printed row, already fitted to the paper width; `qr` rows print as a QR code only. */
export type ReceiptRow =
  { readonly kind: 'text'; readonly text: string; readonly style: 'normal' | 'bold' | 'title' } | { readonly kind: 'qr'; readonly data: string };

/** Left text and right text on one line of `width` columns; the left side is cut if needed. */
export function twoColumns(left: string, right: string, width: number): string {
  // Never wider than the paper, even when the right side alone does not fit.
  const r = right.length > width - 1 ? right.slice(0, Math.max(0, width - 1)) : right;
  const room = width - r.length - 1;
  const l = left.length > room ? left.slice(0, Math.max(0, room)) : left;
  return l + ' '.repeat(Math.max(1, width - l.length - r.length)) + r;
}

/**
 * A label and its value on one line when both fit; otherwise the label, then the value flush
 * right on the lines below, so that neither a long cashier name nor an СКО id is cut.
 */
export function labelled(label: string, value: string, width: number): string[] {
  if (label.length + 1 + value.length <= width) return [twoColumns(label, value, width)];
  const labelLines = label.length <= width ? [label] : wrap(label, width);
  return [...labelLines, ...wrap(value, width).map((l) => l.padStart(width))];
}

export function center(text: string, width: number): string {
  if (text.length >= width) return text.slice(0, width);
  const pad = Math.floor((width - text.length) / 2);
  return ' '.repeat(pad) + text;
}

/** Splits long text into lines of at most `width` columns, on spaces where possible. */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = '';
    }
    let w = word;
    while (w.length > width) {
      out.push(w.slice(0, width));
      w = w.slice(width);
    }
    line = line ? `${line} ${w}` : w;
  }
  if (line) out.push(line);
  return out;
}

function formatDateTime(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getDate())}.${p(d.getMonth() + 1)}.${d.getFullYear()} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** The rows of a receipt at `width` columns: what prints, in order. */
export function layoutReceipt(r: ReceiptInput, width = 42): ReceiptRow[] {
  const rows: ReceiptRow[] = [];
  const text = (t: string, style: 'normal' | 'bold' | 'title' = 'normal') => rows.push({ kind: 'text', text: t, style });
  const texts = (ts: readonly string[], style: 'normal' | 'bold' = 'normal') => ts.forEach((t) => text(t, style));
  const centred = (t: string) => texts(wrap(t, width).map((l) => center(l, width)));
  const rule = () => text('-'.repeat(width));
  const money = (kopecks: number) => formatMoney(kopecks);

  if (r.training) text(center('*** УЧЕБНЫЙ РЕЖИМ ***', width), 'bold');
  if (r.copy) text(center('*** КОПИЯ ***', width), 'bold');
  for (const l of r.template?.header ?? []) centred(l);
  centred(r.requisites.organization);
  text(center(`УНП ${r.requisites.unp}`, width));
  centred(r.requisites.tradeObject);
  centred(r.requisites.address);
  text(center(`Рег. номер ПК ${r.requisites.registrationNumber}`, width));
  rule();
  for (const l of wrap(DOCUMENT_TITLES[r.kind], width)) text(center(l, width), 'title');
  const number = r.checkNumber === undefined ? `Документ ${r.numberInShift}` : `Чек № ${r.checkNumber} (док. ${r.numberInShift})`;
  texts(labelled(`Смена ${r.shiftNumber}`, number, width));
  texts(labelled('Дата', formatDateTime(r.createdAt), width));
  texts(labelled('Кассир', r.cashier, width));
  if (r.refersTo) {
    texts(labelled('По документу', `смена ${r.refersTo.shiftNumber}, документ ${r.refersTo.numberInShift}`, width));
    if (r.refersTo.skoDocId) texts(labelled('  Документ СКО', r.refersTo.skoDocId, width));
  }
  if (r.lines.length > 0) {
    rule();
    r.lines.forEach((line, i) => {
      texts(wrap(`${i + 1}. ${line.name}`, width));
      // Quantity × price = the amount before the discount; then the discount; then what the line costs.
      const discount = line.discount ?? 0;
      texts(labelled(`  ${formatQuantity(line.quantity)} ${line.unit} x ${money(line.price)}`, money(line.amount + discount), width));
      if (discount > 0) texts(labelled('  Скидка', `-${money(discount)}`, width));
      if (discount < 0) texts(labelled('  Надбавка', `+${money(-discount)}`, width));
      if (discount !== 0) texts(labelled('  Сумма', money(line.amount), width));
      text(`  ${formatVatRate(line.vatRate)}`);
    });
  }
  if (r.kind === 'sale' || r.kind === 'return') {
    rule();
    texts(labelled(r.kind === 'return' ? 'ИТОГО К ВОЗВРАТУ' : 'ИТОГО', money(r.total), width), 'bold');
    for (const v of r.vat) texts(labelled(`  в т.ч. ${formatVatRate(v.vatRate)}`, money(v.vat), width));
    if (r.kind === 'return' && r.payments.length > 0) text('Выплачено:');
    for (const p of r.payments) {
      texts(labelled(PAYMENT_FORM_NAMES[p.form], money(p.amount), width));
      // The bank's slip: the code a return or an annulment of this payment asks for.
      if (p.authCode) texts(labelled('  Код авторизации', p.authCode, width));
      if (p.rrn) texts(labelled('  RRN', p.rrn, width));
    }
    if (r.change > 0) texts(labelled('Сдача', money(r.change), width));
  }
  if (r.kind === 'annulment') {
    rule();
    texts(labelled('СУММА', money(r.total), width), 'bold');
  }
  if (r.kind === 'cash_in' || r.kind === 'cash_out') {
    rule();
    texts(labelled('СУММА', `${money(r.total)} ${r.currency ?? 'BYN'}`, width), 'bold');
  }
  if (r.summary.length > 0) {
    rule();
    for (const [label, value] of r.summary) texts(labelled(label, value, width));
  }
  rule();
  if (r.fiscal) {
    texts(labelled('Документ СКО', r.fiscal.skoDocId, width));
    texts(wrap(r.fiscal.verifyUrl, width));
    rows.push({ kind: 'qr', data: r.fiscal.verifyUrl });
  } else {
    text(center('Не передан оператору', width));
  }
  // The shop's footer («Спасибо за покупку!») speaks to a buyer: sales only.
  if (r.kind === 'sale') for (const l of r.template?.footer ?? []) centred(l);
  if (r.training) text(center('*** УЧЕБНЫЙ РЕЖИМ ***', width), 'bold');
  return rows;
}

/** The receipt as text lines: the on-screen preview (QR codes are not text). */
export function renderReceipt(r: ReceiptInput, width = 42): string[] {
  return layoutReceipt(r, width).flatMap((row) => (row.kind === 'text' ? [row.text] : []));
}
