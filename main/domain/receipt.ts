/** The receipt as text lines: what the printer prints and the screen previews. Pure. */
import { formatMoney, formatQuantity, formatVatRate } from './money.js';
import type { DocumentKind, PaymentForm, VatRate } from '../../preload/contract.js';

export const PAYMENT_FORM_NAMES: Readonly<Record<PaymentForm, string>> = {
  cash: 'Наличные',
  card: 'Банковская карта',
  gift: 'Подарочный сертификат',
  oplati: 'ОПЛАТИ',
  noncash: 'Иная безналичная',
  advance: 'Иная предоплата',
};

export const DOCUMENT_TITLES: Readonly<Record<DocumentKind, string>> = {
  shift_open: 'ОТКРЫТИЕ СМЕНЫ',
  sale: 'КАССОВЫЙ ЧЕК (ПРОДАЖА)',
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
  readonly amount: number;
  readonly vatRate: VatRate;
};

export type ReceiptInput = {
  readonly kind: DocumentKind;
  readonly requisites: ReceiptRequisites;
  readonly shiftNumber: number;
  readonly numberInShift: number;
  readonly createdAt: string;
  readonly cashier: string;
  readonly lines: readonly ReceiptLine[];
  readonly total: number;
  readonly vat: readonly { readonly vatRate: VatRate; readonly vat: number }[];
  readonly payments: readonly { readonly form: PaymentForm; readonly amount: number }[];
  readonly change: number;
  /** Extra "label: value" rows for reports. */
  readonly summary: readonly (readonly [string, string])[];
  readonly fiscal: { readonly skoDocId: string; readonly verifyUrl: string } | null;
  readonly training: boolean;
  readonly copy?: boolean;
};

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

export function renderReceipt(r: ReceiptInput, width = 42): string[] {
  const rule = '-'.repeat(width);
  const out: string[] = [];
  if (r.training) out.push(center('*** УЧЕБНЫЙ РЕЖИМ ***', width));
  if (r.copy) out.push(center('*** КОПИЯ ***', width));
  for (const l of wrap(r.requisites.organization, width)) out.push(center(l, width));
  out.push(center(`УНП ${r.requisites.unp}`, width));
  for (const l of wrap(r.requisites.tradeObject, width)) out.push(center(l, width));
  for (const l of wrap(r.requisites.address, width)) out.push(center(l, width));
  out.push(center(`Рег. номер ПК ${r.requisites.registrationNumber}`, width));
  out.push(rule);
  out.push(center(DOCUMENT_TITLES[r.kind], width));
  out.push(...labelled(`Смена ${r.shiftNumber}`, `Документ ${r.numberInShift}`, width));
  out.push(...labelled('Дата', formatDateTime(r.createdAt), width));
  out.push(...labelled('Кассир', r.cashier, width));
  if (r.lines.length > 0) {
    out.push(rule);
    r.lines.forEach((line, i) => {
      for (const l of wrap(`${i + 1}. ${line.name}`, width)) out.push(l);
      out.push(...labelled(`  ${formatQuantity(line.quantity)} ${line.unit} x ${formatMoney(line.price)}`, formatMoney(line.amount), width));
      out.push(`  ${formatVatRate(line.vatRate)}`);
    });
  }
  if (r.kind === 'sale') {
    out.push(rule);
    out.push(...labelled('ИТОГО', formatMoney(r.total), width));
    for (const v of r.vat) out.push(...labelled(`  в т.ч. ${formatVatRate(v.vatRate)}`, formatMoney(v.vat), width));
    for (const p of r.payments) out.push(...labelled(PAYMENT_FORM_NAMES[p.form], formatMoney(p.amount), width));
    if (r.change > 0) out.push(...labelled('Сдача', formatMoney(r.change), width));
  }
  if (r.summary.length > 0) {
    out.push(rule);
    for (const [label, value] of r.summary) out.push(...labelled(label, value, width));
  }
  out.push(rule);
  if (r.fiscal) {
    out.push(...labelled('Документ СКО', r.fiscal.skoDocId, width));
    for (const l of wrap(r.fiscal.verifyUrl, width)) out.push(l);
  } else {
    out.push(center('Не передан оператору', width));
  }
  if (r.training) out.push(center('*** УЧЕБНЫЙ РЕЖИМ ***', width));
  return out;
}
