/**
 * A shift's reports as files: each report one or two tables, written as CSV (UTF-8 with BOM, `;`,
 * decimal comma — as Excel in Belarus opens it) or XLSX (numbers as numbers). The same columns as
 * the «Отчёты» screen's CSV; money in roubles, quantities in their units.
 */
import { createRequire } from 'node:module';
import type ExcelJS from 'exceljs';
import type { CashiersReport, GoodsReport, HoursReport, PaymentsReport, SectionsReport, ShiftExportReport } from '../../../preload/contract/index.js';
import { PAYMENT_FORM_NAMES } from '../../../common/display-names.js';
import { formatVatRate } from '../../../common/money.js';
import { decimalComma, toCsv, type CsvCell } from '../../../common/csv.js';

const load = createRequire(import.meta.url);

/** A number kept exact: `value / scale` (kopecks at 100, thousandths at 1000). */
type Scaled = { readonly value: number; readonly scale: number };
type Cell = string | number | Scaled;
type Table = { readonly heading: readonly string[]; readonly rows: readonly (readonly Cell[])[] };
export type ReportSheet = { readonly title: string; readonly tables: readonly Table[] };

const rub = (kopecks: number): Scaled => ({ value: kopecks, scale: 100 });
const qty = (milli: number): Scaled => ({ value: milli, scale: 1000 });

export const REPORT_FILE_NAMES: Readonly<Record<ShiftExportReport, { file: string; title: string }>> = {
  goods: { file: 'goods', title: 'Реализация в разрезе товаров' },
  payments: { file: 'payments', title: 'Выручка по способам оплаты' },
  cashiers: { file: 'cashiers', title: 'По кассирам' },
  hours: { file: 'hours', title: 'По часам и дням недели' },
  sections: { file: 'sections', title: 'По секциям и ставкам НДС' },
};

export function goodsSheet(r: GoodsReport): Table[] {
  return [
    {
      heading: ['Код', 'Товар', 'Категория', 'Секция', 'Продано', 'Ед.', 'Сумма', 'Скидки', 'Возвращено', 'Возвраты', 'Итого'],
      rows: [
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
      ],
    },
  ];
}

export function paymentsSheet(r: PaymentsReport): Table[] {
  const forms = r.byForm.map((f) => f.form);
  return [
    {
      heading: ['День', ...forms.map((f) => PAYMENT_FORM_NAMES[f]), 'Итого'],
      rows: [
        ...r.byDay.map((d) => [d.day, ...forms.map((f) => rub(d.forms.find((x) => x.form === f)?.amount ?? 0)), rub(d.amount)]),
        ['Итого', ...r.byForm.map((f) => rub(f.amount)), rub(r.totals.amount)],
      ],
    },
  ];
}

const CHECKS = ['Чеков', 'Продажи', 'Возвратов', 'Возвраты', 'Итого'] as const;
const checks = (c: { salesCount: number; salesTotal: number; returnsCount: number; returnsTotal: number; net: number }): Cell[] => [
  c.salesCount,
  rub(c.salesTotal),
  c.returnsCount,
  rub(c.returnsTotal),
  rub(c.net),
];

export function cashiersSheet(r: CashiersReport): Table[] {
  return [{ heading: ['Кассир', ...CHECKS], rows: [...r.rows.map((c) => [c.name, ...checks(c)]), ['Итого', ...checks(r.totals)]] }];
}

const WEEKDAYS = ['Пн', 'Вт', 'Ср', 'Чт', 'Пт', 'Сб', 'Вс'] as const;

export function hoursSheet(r: HoursReport): Table[] {
  return [
    { heading: ['Час', ...CHECKS], rows: r.byHour.map((h) => [`${String(h.hour).padStart(2, '0')}:00`, ...checks(h)]) },
    { heading: ['День недели', ...CHECKS], rows: [...r.byWeekday.map((d) => [WEEKDAYS[d.weekday - 1]!, ...checks(d)]), ['Итого', ...checks(r.totals)]] },
  ];
}

export function sectionsSheet(r: SectionsReport): Table[] {
  return [
    {
      heading: ['Секция', 'Название', 'Продажи', 'Возвраты', 'Итого'],
      rows: r.bySection.map((s) => [s.section, s.name, rub(s.sales), rub(s.returns), rub(s.amount)]),
    },
    {
      heading: ['Ставка НДС', 'Продажи', 'НДС продаж', 'Возвраты', 'НДС возвратов', 'Итого', 'НДС'],
      rows: [
        ...r.byVatRate.map((v) => [formatVatRate(v.vatRate), rub(v.sales), rub(v.salesVat), rub(v.returns), rub(v.returnsVat), rub(v.amount), rub(v.vat)]),
        ['Итого', rub(r.totals.sales), '', rub(r.totals.returns), '', rub(r.totals.amount), rub(r.totals.vat)],
      ],
    },
  ];
}

const isScaled = (c: Cell): c is Scaled => typeof c === 'object';

export function sheetCsv(sheet: ReportSheet): Buffer {
  const rows: CsvCell[][] = [[sheet.title]];
  for (const t of sheet.tables) {
    rows.push([], [...t.heading]);
    for (const r of t.rows) rows.push(r.map((c) => (isScaled(c) ? decimalComma(c.value, c.scale) : c)));
  }
  return Buffer.from(toCsv(rows), 'utf8');
}

export async function sheetXlsx(sheet: ReportSheet): Promise<Buffer> {
  const excel = load('exceljs') as typeof ExcelJS;
  const book = new excel.Workbook();
  const ws = book.addWorksheet(sheet.title.slice(0, 31).replace(/[\\/*?:[\]]/g, ' '));
  ws.addRow([sheet.title]).font = { bold: true };
  for (const t of sheet.tables) {
    ws.addRow([]);
    ws.addRow([...t.heading]).font = { bold: true };
    for (const r of t.rows) {
      const row = ws.addRow(r.map((c) => (isScaled(c) ? c.value / c.scale : c)));
      r.forEach((c, i) => {
        if (isScaled(c)) row.getCell(i + 1).numFmt = c.scale === 100 ? '0.00' : '0.###';
      });
    }
  }
  ws.columns.forEach((col, i) => (col.width = i === 1 ? 36 : 14));
  return Buffer.from(await book.xlsx.writeBuffer());
}
