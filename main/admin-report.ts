/**
 * `kassa-admin report …`: the reports of the «Отчёты» screen from the command line — the same
 * figures (main/services/reports), the same checks of the period and filters (the contract's
 * ReportQuery), read on the CLI's own connection so the till sells on meanwhile (WAL).
 */
import { formatMoney, formatQuantity, formatVatRate } from '../common/money.js';
import { PAYMENT_FORM_NAMES } from '../common/display-names.js';
import { ReportQuery } from '../preload/contract/index.js';
import type { Db } from './db/database.js';
import { cashiersReport, goodsReport, hoursReport, paymentsReport, reportChoices, sectionsReport, type ReportInput } from './services/reports/index.js';
import { shiftFigures } from './services/shift-report.js';

export const REPORT_USAGE = `  report КАКОЙ --from ГГГГ-ММ-ДД [--to ГГГГ-ММ-ДД] [фильтры]
                                        отчёт за период (касса может работать); КАКОЙ:
                                        goods — по товарам, payments — по способам оплаты,
                                        cashiers — по кассирам, hours — по часам и дням недели,
                                        sections — по секциям и ставкам НДС;
                                        фильтры: --cashier ID, --section N, --category ID,
                                        --form cash|card|gift|oplati|noncash|advance
  report current                        текущая смена без X-отчёта
  report choices                        кассиры, секции и категории для фильтров`;

export const PERIOD_REPORTS = ['goods', 'payments', 'cashiers', 'hours', 'sections'] as const;
export type PeriodReport = (typeof PERIOD_REPORTS)[number];

/** The command line's words for the filters, as the parser gives them. */
export type ReportArgs = {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly cashier?: string | undefined;
  readonly section?: string | undefined;
  readonly category?: string | undefined;
  readonly form?: string | undefined;
};

/** A wrong command line: the caller answers it with exit code 2. */
export class ReportUsage extends Error {}

const integer = (name: string, text: string | undefined): number | undefined => {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new ReportUsage(`${name} — целое число`);
  return Number(text);
};

/** The period and the filters, checked by the same schema as the screen's call. */
export function reportQuery(args: ReportArgs): ReportInput {
  if (!args.from) throw new ReportUsage('Укажите период: --from ГГГГ-ММ-ДД [--to ГГГГ-ММ-ДД]');
  const filter = {
    cashierId: integer('--cashier', args.cashier),
    section: integer('--section', args.section),
    categoryId: integer('--category', args.category),
    paymentForm: args.form,
  };
  const parsed = ReportQuery.safeParse({
    period: { from: args.from, to: args.to ?? args.from },
    filter: Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.join('.');
    throw new ReportUsage(`${issue.message}${where ? ` (${where})` : ''}`);
  }
  return parsed.data;
}

const money = (k: number) => formatMoney(k);

/** A plain text table: columns of figures to the right, words to the left. */
function table(head: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = [head, ...rows].map((r) => r.map(String));
  const widths = head.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  const figures = head.map((_, i) => i > 0 && rows.every((r) => /^-?[\d.]*$/.test(String(r[i]))));
  return cells
    .map((r) =>
      r
        .map((c, i) => (figures[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const period = (q: ReportInput) => (q.period.from === q.period.to ? q.period.from : `${q.period.from} — ${q.period.to}`);
const WEEKDAYS = ['', 'пн', 'вт', 'ср', 'чт', 'пт', 'сб', 'вс'];

export type ReportOut = { ok: true; message: string; report: string; period?: ReportInput['period']; filter?: ReportInput['filter']; value: unknown };

/** One report over the period: the figures (for --json) and their text. */
export function periodReport(db: Db, which: PeriodReport, q: ReportInput): ReportOut {
  const title = (name: string) => `${name} за ${period(q)}`;
  const out = (name: string, value: unknown, text: string): ReportOut => ({
    ok: true,
    report: which,
    period: q.period,
    filter: q.filter,
    value,
    message: `${title(name)}\n${text}`,
  });
  switch (which) {
    case 'goods': {
      const r = goodsReport(db, q);
      const rows = r.items.map((i) => [
        i.code ?? `секция ${i.section}`,
        i.name,
        formatQuantity(i.soldQuantity),
        money(i.salesAmount),
        money(i.returnsAmount),
        money(i.net),
      ]);
      const t = r.totals;
      return out(
        'Отчёт по товарам',
        r,
        table(['Код', 'Товар', 'Продано', 'Продажи', 'Возвраты', 'Итого'], [...rows, ['Итого', '', '', money(t.salesAmount), money(t.returnsAmount), money(t.net)]]),
      );
    }
    case 'payments': {
      const r = paymentsReport(db, q);
      const rows = r.byForm.map((f) => [PAYMENT_FORM_NAMES[f.form], money(f.sales), money(f.returns), money(f.amount)]);
      const t = r.totals;
      return out(
        'Выручка по способам оплаты',
        r,
        table(['Способ оплаты', 'Продажи', 'Возвраты', 'Итого'], [...rows, ['Итого', money(t.sales), money(t.returns), money(t.amount)]]),
      );
    }
    case 'cashiers': {
      const r = cashiersReport(db, q);
      const rows = r.rows.map((c) => [c.name, c.salesCount, money(c.salesTotal), c.returnsCount, money(c.returnsTotal), money(c.net), money(c.averageCheck)]);
      const t = r.totals;
      const head = ['Кассир', 'Чеков', 'Продажи', 'Возвратов', 'Возвраты', 'Итого', 'Средний чек'];
      return out(
        'Отчёт по кассирам',
        r,
        table(head, [...rows, ['Итого', t.salesCount, money(t.salesTotal), t.returnsCount, money(t.returnsTotal), money(t.net), '']]),
      );
    }
    case 'hours': {
      const r = hoursReport(db, q);
      const head = ['', 'Чеков', 'Продажи', 'Возвраты', 'Итого'];
      const hours = r.byHour
        .filter((h) => h.salesCount + h.returnsCount > 0)
        .map((h) => [`${String(h.hour).padStart(2, '0')}:00`, h.salesCount, money(h.salesTotal), money(h.returnsTotal), money(h.net)]);
      const days = r.byWeekday
        .filter((d) => d.salesCount + d.returnsCount > 0)
        .map((d) => [WEEKDAYS[d.weekday] ?? String(d.weekday), d.salesCount, money(d.salesTotal), money(d.returnsTotal), money(d.net)]);
      return out('Отчёт по часам и дням недели', r, `${table(['Час', ...head.slice(1)], hours)}\n\n${table(['День', ...head.slice(1)], days)}`);
    }
    case 'sections': {
      const r = sectionsReport(db, q);
      const sections = r.bySection.map((s) => [`${s.section} ${s.name}`.trim(), money(s.sales), money(s.returns), money(s.amount)]);
      const rates = r.byVatRate.map((v) => [formatVatRate(v.vatRate), money(v.sales), money(v.returns), money(v.amount), money(v.vat)]);
      const t = r.totals;
      return out(
        'Отчёт по секциям и ставкам НДС',
        r,
        `${table(['Секция', 'Продажи', 'Возвраты', 'Итого'], [...sections, ['Итого', money(t.sales), money(t.returns), money(t.amount)]])}\n\n${table(['Ставка', 'Продажи', 'Возвраты', 'Итого', 'НДС'], [...rates, ['Итого', money(t.sales), money(t.returns), money(t.amount), money(t.vat)]])}`,
      );
    }
  }
}

/** The open shift as an X would report it now, without making one (the screen's «Текущая смена»). */
export function currentShiftReport(db: Db): ReportOut {
  const shift = db.one<{ id: number; number: number }>('SELECT id, number FROM shifts WHERE closed_at IS NULL');
  if (!shift) return { ok: true, report: 'current', value: null, message: 'Смена закрыта: текущей смены нет' };
  const f = shiftFigures({ db }, shift);
  const forms = f.byPaymentForm.map((p) => [PAYMENT_FORM_NAMES[p.form], money(p.sales), money(p.returns), money(p.amount)]);
  const text = [
    `Смена ${f.shiftNumber}, открыта ${f.openedAt}`,
    `Продажи: ${f.salesCount} на ${money(f.salesTotal)}; возвраты: ${f.returnsCount} на ${money(f.returnsTotal)}; итого ${money(f.netTotal)}`,
    `Наличных в ящике: ${money(f.cashInDrawer)}`,
    '',
    table(['Способ оплаты', 'Продажи', 'Возвраты', 'Итого'], forms),
  ].join('\n');
  return { ok: true, report: 'current', value: f, message: text };
}

export function choicesReport(db: Db): ReportOut {
  const c = reportChoices(db);
  const text = [
    table(
      ['ID', 'Кассир'],
      c.cashiers.map((x) => [x.id, x.name]),
    ),
    table(
      ['Секция', 'Название'],
      c.sections.map((x) => [x.code, x.name]),
    ),
    table(
      ['ID', 'Категория'],
      c.categories.map((x) => [x.id, x.name]),
    ),
  ].join('\n\n');
  return { ok: true, report: 'choices', value: c, message: text };
}
