/**
 * Every report as tables of columns: one model for the screen's table, the CSV / XLSX file and
 * the receipt printer, so the three cannot disagree. Cells hold the stored numbers (kopecks,
 * thousandths); each column says how to read them. Pure (the contract's types only, erased at build).
 */
import type { CashiersReport, GoodsReport, GoodsSalesRow, HoursReport, PaymentsReport, SectionsReport, ShiftReport } from '../preload/contract/index.js';
import { PAYMENT_FORM_NAMES } from './display-names.js';
import { formatMoney, formatQuantity, formatVatRate } from './money.js';

export type ReportKind = 'goods' | 'payments' | 'cashiers' | 'hours' | 'sections' | 'shift';

export const REPORT_TITLES: Readonly<Record<ReportKind, string>> = {
  goods: 'Реализация в разрезе товаров',
  payments: 'Выручка по способам оплаты',
  cashiers: 'Отчёт по кассирам',
  hours: 'Отчёт по часам и дням недели',
  sections: 'Отчёт по секциям и ставкам НДС',
  shift: 'Текущая смена',
};

/** text as is; money in kopecks; quantity in thousandths; count a whole number. '' is an empty cell. */
export type CellKind = 'text' | 'money' | 'quantity' | 'count';
export type Cell = string | number;

export type ReportColumn = {
  readonly title: string;
  readonly kind: CellKind;
  /** On the receipt printer (the first column is the row's name and always printed). */
  readonly paper?: boolean;
  /** XLSX column width, characters. */
  readonly width?: number;
  /** The index of the column holding this quantity's unit (paper writes «12 шт»). */
  readonly unit?: number;
};

export type ReportTable = {
  readonly id: string;
  readonly title: string;
  readonly columns: readonly ReportColumn[];
  readonly rows: readonly (readonly Cell[])[];
  readonly total?: readonly Cell[];
};

/** How a cell reads on the screen and on paper. */
export function formatCell(kind: CellKind, value: Cell): string {
  if (value === '' || typeof value === 'string') return String(value);
  if (kind === 'money') return formatMoney(value);
  if (kind === 'quantity') return formatQuantity(value);
  return String(value);
}

/** The number a file holds for a cell (roubles, units); text stays text. */
export const scaleOf = (kind: CellKind): number | undefined => (kind === 'money' ? 100 : kind === 'quantity' ? 1000 : kind === 'count' ? 1 : undefined);

const money = (title: string, paper = true): ReportColumn => ({ title, kind: 'money', paper, width: 14 });
const count = (title: string, paper = true): ReportColumn => ({ title, kind: 'count', paper, width: 10 });
const text = (title: string, width = 24): ReportColumn => ({ title, kind: 'text', width });

export function goodsTables(r: GoodsReport, items: readonly GoodsSalesRow[] = r.items): ReportTable[] {
  return [
    {
      id: 'goods',
      title: 'Товары',
      columns: [
        text('Товар', 40),
        text('Код', 12),
        text('Категория', 28),
        { title: 'Продано', kind: 'quantity', paper: true, width: 12, unit: 4 },
        text('Ед.', 6),
        money('Сумма', false),
        money('Скидки', false),
        money('Возвраты'),
        money('Итого'),
      ],
      rows: items.map((g) => [g.name, g.code ?? '', g.category, g.soldQuantity, g.unit, g.salesAmount, g.discount, g.returnsAmount, g.net]),
      total: ['Итого', '', '', '', '', r.totals.salesAmount, r.totals.discount, r.totals.returnsAmount, r.totals.net],
    },
    {
      id: 'categories',
      title: 'Категории',
      columns: [text('Категория', 32), count('Товаров', false), money('Сумма', false), money('Скидки', false), money('Возвраты', false), money('Итого')],
      rows: r.categories.map((c) => [c.category || '—', c.items, c.salesAmount, c.discount, c.returnsAmount, c.net]),
      total: ['Итого', '', r.totals.salesAmount, r.totals.discount, r.totals.returnsAmount, r.totals.net],
    },
  ];
}

export function paymentsTables(r: PaymentsReport): ReportTable[] {
  const forms = r.byForm.map((f) => f.form);
  return [
    {
      id: 'forms',
      title: 'По способам оплаты',
      columns: [text('Способ оплаты'), money('Продажи'), money('Возвраты'), money('Итого')],
      rows: r.byForm.map((f) => [PAYMENT_FORM_NAMES[f.form], f.sales, f.returns, f.amount]),
      total: ['Итого', r.totals.sales, r.totals.returns, r.totals.amount],
    },
    {
      id: 'days',
      title: 'По дням',
      columns: [text('День', 12), ...forms.map((f) => money(PAYMENT_FORM_NAMES[f], false)), money('Итого')],
      rows: r.byDay.map((d) => [
        `${d.day.slice(8, 10)}.${d.day.slice(5, 7)}.${d.day.slice(0, 4)}`,
        ...forms.map((f) => d.forms.find((x) => x.form === f)?.amount ?? 0),
        d.amount,
      ]),
      total: ['Итого', ...r.byForm.map((f) => f.amount), r.totals.amount],
    },
  ];
}

type Checks = { salesCount: number; salesTotal: number; returnsCount: number; returnsTotal: number; net: number };
const CHECK_COLUMNS: ReportColumn[] = [count('Чеков'), money('Продажи'), count('Возвратов', false), money('Возвраты'), money('Итого')];
const checks = (c: Checks): Cell[] => [c.salesCount, c.salesTotal, c.returnsCount, c.returnsTotal, c.net];
const WEEKDAYS = ['Пн', 'Вт', 'Ср', 'Чт', 'Пт', 'Сб', 'Вс'];

export function cashiersTables(r: CashiersReport): ReportTable[] {
  return [
    {
      id: 'cashiers',
      title: 'По кассирам',
      columns: [text('Кассир'), ...CHECK_COLUMNS, money('Средний чек', false)],
      rows: r.rows.map((c) => [c.name, ...checks(c), c.averageCheck]),
      total: ['Итого', ...checks(r.totals), r.totals.salesCount ? Math.round(r.totals.salesTotal / r.totals.salesCount) : 0],
    },
  ];
}

export function hoursTables(r: HoursReport): ReportTable[] {
  const hh = (h: number) => String(h).padStart(2, '0');
  return [
    {
      id: 'hours',
      title: 'По часам',
      columns: [text('Час', 14), ...CHECK_COLUMNS],
      rows: r.byHour.filter((h) => h.salesCount || h.returnsCount).map((h) => [`${hh(h.hour)}:00–${hh(h.hour + 1)}:00`, ...checks(h)]),
      total: ['Итого', ...checks(r.totals)],
    },
    {
      id: 'weekdays',
      title: 'По дням недели',
      columns: [text('День недели', 14), ...CHECK_COLUMNS],
      rows: r.byWeekday.map((d) => [WEEKDAYS[d.weekday - 1]!, ...checks(d)]),
      total: ['Итого', ...checks(r.totals)],
    },
  ];
}

export function sectionsTables(r: SectionsReport): ReportTable[] {
  return [
    {
      id: 'sections',
      title: 'По секциям',
      columns: [text('Секция', 30), money('Продажи'), money('Возвраты'), money('Итого')],
      rows: r.bySection.map((s) => [`${s.section} ${s.name}`, s.sales, s.returns, s.amount]),
      total: ['Итого', r.totals.sales, r.totals.returns, r.totals.amount],
    },
    {
      id: 'vat',
      title: 'По ставкам НДС',
      columns: [
        text('Ставка НДС', 14),
        money('Продажи'),
        money('НДС продаж', false),
        money('Возвраты'),
        money('НДС возвратов', false),
        money('Итого'),
        money('НДС'),
      ],
      rows: r.byVatRate.map((v) => [formatVatRate(v.vatRate), v.sales, v.salesVat, v.returns, v.returnsVat, v.amount, v.vat]),
      total: ['Итого', r.totals.sales, '', r.totals.returns, '', r.totals.amount, r.totals.vat],
    },
  ];
}

/** The open shift's figures (an X without an X); null: no shift is open. */
export function shiftTables(r: Omit<ShiftReport, 'kind' | 'document'> | null): ReportTable[] {
  if (!r) return [];
  return [
    {
      id: 'shift',
      title: `Смена № ${r.shiftNumber}`,
      columns: [text('Показатель', 28), count('Количество'), money('Сумма')],
      rows: [
        ['Продажи', r.salesCount, r.salesTotal],
        ['Возвраты', r.returnsCount, r.returnsTotal],
        ['Выручка', '', r.netTotal],
        ...r.byPaymentForm.map((f): Cell[] => [PAYMENT_FORM_NAMES[f.form], '', f.amount]),
        ['Наличных в кассе', '', r.cashInDrawer],
      ],
    },
  ];
}

export type ReportData = {
  goods: GoodsReport;
  payments: PaymentsReport;
  cashiers: CashiersReport;
  hours: HoursReport;
  sections: SectionsReport;
  shift: Omit<ShiftReport, 'kind' | 'document'> | null;
};

export function reportTables<K extends ReportKind>(kind: K, data: ReportData[K]): ReportTable[] {
  const d = data;
  switch (kind) {
    case 'goods':
      return goodsTables(d as GoodsReport);
    case 'payments':
      return paymentsTables(d as PaymentsReport);
    case 'cashiers':
      return cashiersTables(d as CashiersReport);
    case 'hours':
      return hoursTables(d as HoursReport);
    case 'sections':
      return sectionsTables(d as SectionsReport);
    default:
      return shiftTables(d as ReportData['shift']);
  }
}
