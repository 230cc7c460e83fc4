/**
 * A report as a CSV file the way Excel in a Russian locale opens it: UTF-8 with a BOM, `;` between
 * fields, a decimal comma, CRLF. Money in roubles with kopecks; quantities as they are sold. Pure.
 */
import type { CashiersReport, GoodsReport, HoursReport, PaymentsReport, SectionsReport } from '../../../preload/contract/index.js';
import { PAYMENT_FORM_NAMES } from '../../../common/display-names.js';
import { formatQuantity, formatVatRate } from '../../../common/money.js';
import { decimalComma, toCsv } from '../../../common/csv.js';

const rub = (kopecks: number) => decimalComma(kopecks, 100);
const qty = (milli: number) => formatQuantity(milli).replace('.', ',');

export function goodsCsv(r: GoodsReport): string {
  return toCsv([
    ['Код', 'Товар', 'Категория', 'Секция', 'Продано', 'Ед.', 'Сумма', 'Скидки', 'Возвращено', 'Возвраты', 'Итого'],
    ...r.items.map((g) => [
      g.code ?? '',
      g.name,
      g.category,
      g.section,
      qty(g.soldQuantity),
      g.unit,
      rub(g.salesAmount),
      rub(g.discount),
      qty(g.returnedQuantity),
      rub(g.returnsAmount),
      rub(g.net),
    ]),
    ['', 'Итого', '', '', '', '', rub(r.totals.salesAmount), rub(r.totals.discount), '', rub(r.totals.returnsAmount), rub(r.totals.net)],
  ]);
}

export function paymentsCsv(r: PaymentsReport): string {
  const forms = r.byForm.map((f) => f.form);
  return toCsv([
    ['День', ...forms.map((f) => PAYMENT_FORM_NAMES[f]), 'Итого'],
    ...r.byDay.map((d) => [d.day, ...forms.map((f) => rub(d.forms.find((x) => x.form === f)?.amount ?? 0)), rub(d.amount)]),
    ['Итого', ...r.byForm.map((f) => rub(f.amount)), rub(r.totals.amount)],
  ]);
}

const CHECKS = ['Чеков', 'Продажи', 'Возвратов', 'Возвраты', 'Итого'];
const checks = (c: { salesCount: number; salesTotal: number; returnsCount: number; returnsTotal: number; net: number }) => [
  c.salesCount,
  rub(c.salesTotal),
  c.returnsCount,
  rub(c.returnsTotal),
  rub(c.net),
];

export function cashiersCsv(r: CashiersReport): string {
  return toCsv([['Кассир', ...CHECKS], ...r.rows.map((c) => [c.name, ...checks(c)]), ['Итого', ...checks(r.totals)]]);
}

export function hoursCsv(r: HoursReport): string {
  const days = ['Пн', 'Вт', 'Ср', 'Чт', 'Пт', 'Сб', 'Вс'];
  return toCsv([
    ['Час / день', ...CHECKS],
    ...r.byHour.map((h) => [`${String(h.hour).padStart(2, '0')}:00`, ...checks(h)]),
    ...r.byWeekday.map((d) => [days[d.weekday - 1]!, ...checks(d)]),
    ['Итого', ...checks(r.totals)],
  ]);
}

export function sectionsCsv(r: SectionsReport): string {
  return toCsv([
    ['Секция', 'Название', 'Продажи', 'Возвраты', 'Итого'],
    ...r.bySection.map((s) => [s.section, s.name, rub(s.sales), rub(s.returns), rub(s.amount)]),
    [],
    ['Ставка НДС', 'Продажи', 'НДС продаж', 'Возвраты', 'НДС возвратов', 'Итого', 'НДС'],
    ...r.byVatRate.map((v) => [formatVatRate(v.vatRate), rub(v.sales), rub(v.salesVat), rub(v.returns), rub(v.returnsVat), rub(v.amount), rub(v.vat)]),
  ]);
}

/** The file offered to the browser (the web host and Electron alike). */
export function download(name: string, csv: string): void {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
