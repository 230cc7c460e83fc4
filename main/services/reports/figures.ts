/**
 * The report figures over a period, from the stored documents only, counting what stands (an
 * annulled sale or return counts nowhere), as X and Z do: cash net of change, returns by the
 * return's own day, VAT per rate as each document printed it.
 *
 * Whole days read the daily aggregates (aggregates.ts, migration 018) where they keep the filters
 * asked for; a `within` cut (a shift's reports at its Z) and the other filters take the paths below.
 *
 * Fast path (an ordered period, see span.ts): a sum over every document of the period from a
 * covering index, less the few documents that are not sales that stand (returns, annulled ones),
 * read one by one. Filters by cashier or payment form, or a period whose ids and times disagree,
 * take the plain join.
 *
 * Only the documents of the till's mode count (span.ts): the fast path's id ranges leave the other
 * mode's shifts out, the plain join asks documents.training.
 */
import type {
  CashiersReport,
  GoodsReport,
  GoodsSalesRow,
  HoursReport,
  PaymentForm,
  PaymentsReport,
  ReportFilter,
  ReportPeriod,
  SectionsReport,
  Unit,
  VatRate,
} from '../../../preload/contract/index.js';
import type { Db } from '../../db/database.js';
import { NO_VAT } from './aggregates.js';
import { currentMode, daysOf, spanOf, type Span, type Within } from './span.js';

/** `period.within`: only the documents between these two times (a shift's reports at its Z, services/exports/). */
export type ReportInput = { readonly period: ReportPeriod & { readonly within?: Within }; readonly filter: ReportFilter };

const FORMS: readonly PaymentForm[] = ['cash', 'card', 'gift', 'oplati', 'noncash', 'advance'];
const RATES: readonly VatRate[] = [2000, 1000, 0, 2500, null];

/** `d` (a document) has a payment of the filter's form. */
const PAID_BY = 'EXISTS (SELECT 1 FROM document_payments p WHERE p.document_id = d.id AND p.form = @form)';
/** `d` is not annulled. */
const STANDS = "NOT EXISTS (SELECT 1 FROM documents a WHERE a.kind = 'annulment' AND a.refers_to_id = d.id)";

/** The documents of the period that do not simply add as a sale: returns, and annulled sales and returns. */
type Exception = { id: number; kind: 'sale' | 'return'; annulled: boolean; created_at: string };

function exceptionsOf(db: Db, span: Span): Exception[] {
  // The period's own documents are its id range (the fast path's span is ordered): the other mode's are outside it.
  const returns = db.all<{ id: number; created_at: string }>(
    "SELECT id, created_at FROM documents WHERE kind = 'return' AND created_at >= @start AND created_at < @end AND id BETWEEN @first AND @last",
    { start: span.start, end: span.end, first: span.first, last: span.last },
  );
  // An annulment always follows what it annuls: the annulments from the period's start on.
  const annulled = db.all<{ id: number; kind: 'sale' | 'return'; created_at: string }>(
    `SELECT t.id, t.kind, t.created_at FROM documents a JOIN documents t ON t.id = a.refers_to_id
      WHERE a.kind = 'annulment' AND a.created_at >= @start AND t.created_at >= @start AND t.created_at < @end AND t.kind IN ('sale', 'return')
        AND t.id BETWEEN @first AND @last`,
    { start: span.start, end: span.end, first: span.first, last: span.last },
  );
  const gone = new Set(annulled.map((a) => a.id));
  const out: Exception[] = returns.map((r) => ({ id: r.id, kind: 'return', annulled: gone.has(r.id), created_at: r.created_at }));
  for (const a of annulled) if (a.kind === 'sale') out.push({ id: a.id, kind: 'sale', annulled: true, created_at: a.created_at });
  return out;
}

/**
 * Whole days (no `within` cut): the daily aggregates (aggregates.ts) answer, for the filters they
 * keep. A shift's cut, and the filters they do not keep, take the exact path below.
 */
const whole = (period: ReportInput['period']) => period.within === undefined;

/** The aggregates' rows for the period's days in the till's mode. */
const aggregateArgs = (db: Db, period: ReportPeriod) => ({ training: currentMode(db), from: period.from, to: period.to });

const fast = (span: Span, filter: ReportFilter) => span.ordered && filter.cashierId === undefined && filter.paymentForm === undefined;

/** The plain join's conditions on `d` for the period and the filters. */
function docWhere(span: Span, filter: ReportFilter): { where: string; args: Record<string, unknown> } {
  const where = ["d.kind IN ('sale', 'return')", 'd.created_at >= @start', 'd.created_at < @end', 'd.training = @training', STANDS];
  const args: Record<string, unknown> = { start: span.start, end: span.end, training: span.training };
  if (filter.cashierId !== undefined) {
    where.push('d.user_id = @user');
    args.user = filter.cashierId;
  }
  if (filter.paymentForm !== undefined) {
    where.push(PAID_BY);
    args.form = filter.paymentForm;
  }
  return { where: where.join(' AND '), args };
}

// ─── Goods ────────────────────────────────────────────────────────────────────

type LineSums = { quantity: number; amount: number; discount: number; lines: number };
type GoodsKey = { itemId: number | null; section: number; name: string; unit: Unit };
type GoodsAcc = Map<string, GoodsKey & { sales: LineSums; returns: LineSums }>;

const zero = (): LineSums => ({ quantity: 0, amount: 0, discount: 0, lines: 0 });
const keyOf = (k: GoodsKey) => (k.itemId === null ? `s${k.section}|${k.name}|${k.unit}` : `i${k.itemId}|${k.section}`);

function add(acc: GoodsAcc, k: GoodsKey, side: 'sales' | 'returns', s: LineSums, sign = 1): void {
  const key = keyOf(k);
  let e = acc.get(key);
  if (!e) acc.set(key, (e = { ...k, sales: zero(), returns: zero() }));
  e[side].quantity += sign * s.quantity;
  e[side].amount += sign * s.amount;
  e[side].discount += sign * s.discount;
  e[side].lines += sign * s.lines;
}

type LineRow = {
  item_id: number | null;
  section: number;
  name: string | null;
  unit: Unit | null;
  quantity: number;
  amount: number;
  discount: number;
  lines: number;
};

/** Sums of the standing sale and return lines per (item or named section amount, section). */
function goodsLines(db: Db, span: Span, filter: ReportFilter): GoodsAcc {
  const acc: GoodsAcc = new Map();
  const section = filter.section === undefined ? '' : 'AND l.section = @section';
  const keyed = (r: LineRow): GoodsKey => ({ itemId: r.item_id, section: r.section, name: r.name ?? '', unit: r.unit ?? 'шт' });
  if (!fast(span, filter)) {
    const { where, args } = docWhere(span, filter);
    if (filter.section !== undefined) args.section = filter.section;
    const rows = db.all<LineRow & { kind: 'sale' | 'return' }>(
      `SELECT d.kind, l.item_id, l.section, iif(l.item_id IS NULL, l.name, NULL) AS name, iif(l.item_id IS NULL, l.unit, NULL) AS unit,
              sum(l.quantity) AS quantity, sum(l.amount) AS amount, sum(l.discount) AS discount, count(*) AS lines
         FROM documents d JOIN document_lines l ON l.document_id = d.id
        WHERE ${where} ${section}
        GROUP BY d.kind, l.item_id, l.section, 4, 5`,
      args,
    );
    for (const r of rows) add(acc, keyed(r), r.kind === 'sale' ? 'sales' : 'returns', r);
    return acc;
  }
  if (span.first > span.last) return acc;
  const withSection = <T extends object>(a: T) => (filter.section === undefined ? a : { ...a, section: filter.section });
  const args = withSection({ first: span.first, last: span.last });
  // Every line of the period, sale or return: one walk of the covering index.
  const all = db.all<LineRow>(
    `SELECT l.item_id, l.section, NULL AS name, NULL AS unit, sum(l.quantity) AS quantity, sum(l.amount) AS amount, sum(l.discount) AS discount, count(*) AS lines
       FROM document_lines l INDEXED BY document_lines_report
      WHERE l.item_id IS NOT NULL AND l.document_id BETWEEN @first AND @last ${section}
      GROUP BY l.item_id, l.section`,
    args,
  );
  const bySection = db.all<LineRow>(
    `SELECT NULL AS item_id, l.section, l.name, l.unit, sum(l.quantity) AS quantity, sum(l.amount) AS amount, sum(l.discount) AS discount, count(*) AS lines
       FROM document_lines l INDEXED BY document_lines_report
      WHERE l.item_id IS NULL AND l.document_id BETWEEN @first AND @last ${section}
      GROUP BY l.section, l.name, l.unit`,
    args,
  );
  for (const r of [...all, ...bySection]) add(acc, keyed(r), 'sales', r);
  // Less what is not a standing sale: return lines (and annulled sales); standing returns are returns.
  for (const x of exceptionsOf(db, span)) {
    const lines = db.all<LineRow>(
      `SELECT l.item_id, l.section, iif(l.item_id IS NULL, l.name, NULL) AS name, iif(l.item_id IS NULL, l.unit, NULL) AS unit,
              l.quantity, l.amount, l.discount, 1 AS lines
         FROM document_lines l WHERE l.document_id = @id ${section}`,
      withSection({ id: x.id }),
    );
    for (const l of lines) {
      add(acc, keyed(l), 'sales', l, -1);
      if (x.kind === 'return' && !x.annulled) add(acc, keyed(l), 'returns', l);
    }
  }
  return acc;
}

/** The period as whole calendar months (YYYY-MM) and the days left over at either end. */
function monthsOf(from: string, to: string): { months: string[]; days: [string, string][] } {
  const all = daysOf(from, to);
  const months: string[] = [];
  const days: [string, string][] = [];
  let run: string[] = [];
  const flush = () => {
    if (run.length > 0) days.push([run[0]!, run.at(-1)!]);
    run = [];
  };
  for (let i = 0; i < all.length;) {
    const day = all[i]!;
    const month = day.slice(0, 7);
    const [y, m] = month.split('-').map(Number) as [number, number];
    const length = new Date(y, m, 0).getDate();
    if (day.endsWith('-01') && i + length <= all.length && all[i + length - 1]!.slice(0, 7) === month) {
      flush();
      months.push(month);
      i += length;
    } else {
      run.push(day);
      i += 1;
    }
  }
  flush();
  return { months, days };
}

const GOODS_SUMS = `item_id, section, name, unit, sum(sold_quantity) AS sq, sum(sold_amount) AS sa, sum(sold_discount) AS sd, sum(sold_lines) AS sl,
            sum(returned_quantity) AS rq, sum(returned_amount) AS ra, sum(returned_discount) AS rd, sum(returned_lines) AS rl`;

/** goodsLines from the aggregates: whole months from the monthly rows, the other days from the daily ones. */
function goodsAggregated(db: Db, period: ReportPeriod, section: number | undefined): GoodsAcc {
  const acc: GoodsAcc = new Map();
  const bySection = section === undefined ? '' : 'AND section = @section';
  const { months, days } = monthsOf(period.from, period.to);
  const args = { training: currentMode(db), ...(section === undefined ? {} : { section }) };
  type Row = { item_id: number; section: number; name: string; unit: string } & Record<'sq' | 'sa' | 'sd' | 'sl' | 'rq' | 'ra' | 'rd' | 'rl', number>;
  const rows: Row[] = [];
  if (months.length > 0)
    rows.push(
      ...db.all<Row>(
        `SELECT ${GOODS_SUMS} FROM report_goods_monthly WHERE training = @training AND month IN (SELECT value FROM json_each(@months)) ${bySection}
          GROUP BY item_id, section, name, unit`,
        { ...args, months: JSON.stringify(months) },
      ),
    );
  for (const [from, to] of days)
    rows.push(
      ...db.all<Row>(
        `SELECT ${GOODS_SUMS} FROM report_goods_daily WHERE training = @training AND day BETWEEN @from AND @to ${bySection} GROUP BY item_id, section, name, unit`,
        { ...args, from, to },
      ),
    );
  for (const r of rows) {
    const k: GoodsKey =
      r.item_id === 0 ? { itemId: null, section: r.section, name: r.name, unit: r.unit as Unit } : { itemId: r.item_id, section: r.section, name: '', unit: 'шт' };
    add(acc, k, 'sales', { quantity: r.sq, amount: r.sa, discount: r.sd, lines: r.sl });
    add(acc, k, 'returns', { quantity: r.rq, amount: r.ra, discount: r.rd, lines: r.rl });
  }
  return acc;
}

const goodsOf = (db: Db, period: ReportInput['period'], filter: ReportFilter): GoodsAcc =>
  whole(period) && filter.cashierId === undefined && filter.paymentForm === undefined
    ? goodsAggregated(db, period, filter.section)
    : goodsLines(db, spanOf(db, period), filter);

export function goodsReport(db: Db, { period, filter }: ReportInput): GoodsReport {
  const acc = goodsOf(db, period, filter);
  const ids = [...new Set([...acc.values()].flatMap((e) => (e.itemId === null ? [] : [e.itemId])))];
  const tree = categoryTree(db);
  const wanted = filter.categoryId === undefined ? null : tree.under(filter.categoryId);
  const items = new Map(
    db
      .all<{ id: number; code: string; name: string; category_id: number | null; section: number; unit: Unit }>(
        'SELECT id, code, name, category_id, section, unit FROM items WHERE id IN (SELECT value FROM json_each(?))',
        JSON.stringify(ids),
      )
      .map((i) => [i.id, i]),
  );
  const rows = new Map<string, GoodsSalesRow>();
  for (const e of acc.values()) {
    if (e.sales.lines === 0 && e.returns.lines === 0) continue;
    const item = e.itemId === null ? undefined : items.get(e.itemId);
    if (wanted && !(item?.category_id != null && wanted.has(item.category_id))) continue;
    const category = item?.category_id == null ? '' : tree.path(item.category_id);
    const key = e.itemId === null ? `s${e.section}|${e.name}|${e.unit}` : `i${e.itemId}`;
    const row = rows.get(key) ?? {
      itemId: e.itemId,
      code: item?.code ?? null,
      name: item?.name ?? (e.itemId === null ? e.name : `Товар ${e.itemId} (удалён из каталога)`),
      category,
      section: item?.section ?? e.section,
      unit: item?.unit ?? e.unit,
      soldQuantity: 0,
      salesAmount: 0,
      discount: 0,
      returnedQuantity: 0,
      returnsAmount: 0,
      net: 0,
      lines: 0,
    };
    row.soldQuantity += e.sales.quantity;
    row.salesAmount += e.sales.amount;
    row.discount += e.sales.discount;
    row.lines += e.sales.lines;
    row.returnedQuantity += e.returns.quantity;
    row.returnsAmount += e.returns.amount;
    row.net = row.salesAmount - row.returnsAmount;
    rows.set(key, row);
  }
  const list = [...rows.values()].sort((a, b) => b.net - a.net || a.name.localeCompare(b.name, 'ru'));
  const categories = new Map<string, GoodsReport['categories'][number]>();
  const totals = { salesAmount: 0, discount: 0, returnsAmount: 0, net: 0 };
  for (const r of list) {
    const c = categories.get(r.category) ?? { category: r.category, items: 0, salesAmount: 0, discount: 0, returnsAmount: 0, net: 0 };
    c.items += 1;
    for (const t of [c, totals]) {
      t.salesAmount += r.salesAmount;
      t.discount += r.discount;
      t.returnsAmount += r.returnsAmount;
      t.net += r.net;
    }
    categories.set(r.category, c);
  }
  return { items: list, categories: [...categories.values()].sort((a, b) => b.net - a.net || a.category.localeCompare(b.category, 'ru')), totals };
}

// ─── Payment forms by day ─────────────────────────────────────────────────────

type FormDay = Map<PaymentForm, { sales: number; returns: number }>;

/** The local day (YYYY-MM-DD) of a stored instant. */
export function localDay(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function paymentsReport(db: Db, { period, filter }: ReportInput): PaymentsReport {
  const days = new Map<string, FormDay>(daysOf(period.from, period.to).map((d) => [d, new Map()]));
  const put = (day: string, form: PaymentForm, side: 'sales' | 'returns', amount: number) => {
    const m = days.get(day);
    if (!m) return;
    const e = m.get(form) ?? { sales: 0, returns: 0 };
    e[side] += amount;
    m.set(form, e);
  };
  const span = whole(period) ? undefined : spanOf(db, period);
  if (!span) {
    const where = [filter.cashierId === undefined ? '' : 'AND user_id = @user', filter.paymentForm === undefined ? '' : 'AND form = @form'].join(' ');
    for (const r of db.all<{ day: string; form: PaymentForm; sales: number; returns: number }>(
      `SELECT day, form, sum(sales) AS sales, sum(returns) AS returns FROM report_payments_daily
        WHERE training = @training AND day BETWEEN @from AND @to ${where} GROUP BY day, form`,
      { ...aggregateArgs(db, period), user: filter.cashierId ?? null, form: filter.paymentForm ?? null },
    )) {
      put(r.day, r.form, 'sales', r.sales);
      put(r.day, r.form, 'returns', r.returns);
    }
  } else if (span.ordered && filter.cashierId === undefined) {
    const forms = filter.paymentForm ? [filter.paymentForm] : FORMS;
    for (const d of span.days) {
      if (d.first > d.last) continue;
      for (const form of forms) {
        const sum = db.value<number>(
          'SELECT coalesce(sum(amount), 0) FROM document_payments WHERE form = ? AND document_id BETWEEN ? AND ?',
          form,
          d.first,
          d.last,
        )!;
        if (sum !== 0) put(d.day, form, 'sales', sum);
      }
      if (forms.includes('cash')) {
        const change = db.value<number>(
          "SELECT coalesce(sum(change), 0) FROM documents WHERE kind = 'sale' AND created_at >= ? AND created_at < ? AND id BETWEEN ? AND ?",
          d.start,
          d.end,
          d.first,
          d.last,
        )!;
        if (change !== 0) put(d.day, 'cash', 'sales', -change);
      }
    }
    for (const x of exceptionsOf(db, span)) {
      const day = localDay(x.created_at);
      for (const p of db.all<{ form: PaymentForm; amount: number }>('SELECT form, amount FROM document_payments WHERE document_id = ?', x.id)) {
        if (!forms.includes(p.form)) continue;
        put(day, p.form, 'sales', -p.amount);
        if (x.kind === 'return' && !x.annulled) put(day, p.form, 'returns', p.amount);
      }
      if (x.kind === 'sale' && forms.includes('cash')) put(day, 'cash', 'sales', db.value<number>('SELECT change FROM documents WHERE id = ?', x.id)!);
    }
  } else {
    const { where, args } = docWhere(span, { cashierId: filter.cashierId });
    const formOnly = filter.paymentForm === undefined ? '' : 'AND p.form = @only';
    if (filter.paymentForm !== undefined) args.only = filter.paymentForm;
    for (const r of db.all<{ kind: 'sale' | 'return'; created_at: string; form: PaymentForm; amount: number }>(
      `SELECT d.kind, d.created_at, p.form, p.amount FROM documents d JOIN document_payments p ON p.document_id = d.id WHERE ${where} ${formOnly}`,
      args,
    ))
      put(localDay(r.created_at), r.form, r.kind === 'sale' ? 'sales' : 'returns', r.amount);
    if (filter.paymentForm === undefined || filter.paymentForm === 'cash') {
      for (const r of db.all<{ created_at: string; change: number }>(`SELECT d.created_at, d.change FROM documents d WHERE ${where} AND d.change <> 0`, args))
        put(localDay(r.created_at), 'cash', 'sales', -r.change);
    }
  }
  const order = (a: PaymentForm, b: PaymentForm) => FORMS.indexOf(a) - FORMS.indexOf(b);
  const total = new Map<PaymentForm, { sales: number; returns: number }>();
  const byDay = [...days].map(([day, m]) => {
    const forms = [...m]
      .filter(([, e]) => e.sales !== 0 || e.returns !== 0)
      .sort(([a], [b]) => order(a, b))
      .map(([form, e]) => {
        const t = total.get(form) ?? { sales: 0, returns: 0 };
        t.sales += e.sales;
        t.returns += e.returns;
        total.set(form, t);
        return { form, sales: e.sales, returns: e.returns, amount: e.sales - e.returns };
      });
    return { day, forms, amount: forms.reduce((s, f) => s + f.amount, 0) };
  });
  const byForm = [...total].sort(([a], [b]) => order(a, b)).map(([form, e]) => ({ form, sales: e.sales, returns: e.returns, amount: e.sales - e.returns }));
  const sales = byForm.reduce((s, f) => s + f.sales, 0);
  const returns = byForm.reduce((s, f) => s + f.returns, 0);
  return { byForm, byDay, totals: { sales, returns, amount: sales - returns } };
}

// ─── Checks by cashier, by hour and by weekday ────────────────────────────────

type Checks = { salesCount: number; salesTotal: number; returnsCount: number; returnsTotal: number; net: number };
const noChecks = (): Checks => ({ salesCount: 0, salesTotal: 0, returnsCount: 0, returnsTotal: 0, net: 0 });
function addChecks(c: Checks, kind: 'sale' | 'return', count: number, total: number): void {
  if (kind === 'sale') {
    c.salesCount += count;
    c.salesTotal += total;
  } else {
    c.returnsCount += count;
    c.returnsTotal += total;
  }
  c.net = c.salesTotal - c.returnsTotal;
}

/** Standing sales and returns grouped by cashier and by the hour they were stamped in (an ISO prefix). */
type CheckGroup = { kind: 'sale' | 'return'; user_id: number; at: string; count: number; total: number };
/** The same, by local hour (0–23) and weekday (0 Monday … 6 Sunday). */
type CheckHours = { kind: 'sale' | 'return'; user_id: number; hour: number; weekday: number; count: number; total: number };

function checkHours(db: Db, input: ReportInput): CheckHours[] {
  const { period, filter } = input;
  if (!whole(period) || filter.paymentForm !== undefined) {
    return checkGroups(db, input).map((g) => {
      const t = instantOf(g.at);
      return { kind: g.kind, user_id: g.user_id, hour: t.getHours(), weekday: (t.getDay() + 6) % 7, count: g.count, total: g.total };
    });
  }
  const weekdays = new Map<string, number>();
  const weekdayOf = (day: string) => {
    let w = weekdays.get(day);
    if (w === undefined) {
      const [y, m, d] = day.split('-').map(Number) as [number, number, number];
      weekdays.set(day, (w = (new Date(y, m - 1, d).getDay() + 6) % 7));
    }
    return w;
  };
  return db
    .all<{ day: string; kind: 'sale' | 'return'; user_id: number; hour: number; count: number; total: number }>(
      `SELECT day, kind, user_id, hour, sum(count) AS count, sum(total) AS total FROM report_checks_hourly
        WHERE training = @training AND day BETWEEN @from AND @to ${filter.cashierId === undefined ? '' : 'AND user_id = @user'}
        GROUP BY day, kind, user_id, hour`,
      { ...aggregateArgs(db, period), user: filter.cashierId ?? null },
    )
    .map((r) => ({ kind: r.kind, user_id: r.user_id, hour: r.hour, weekday: weekdayOf(r.day), count: r.count, total: r.total }));
}

function checkGroups(db: Db, { period, filter }: ReportInput): CheckGroup[] {
  const span = spanOf(db, period);
  // Whole-hour offsets (Belarus: +3) group by the UTC hour; any other offset by the minute.
  const offsets = new Set([span.start, span.end].map((t) => new Date(t).getTimezoneOffset() % 60));
  const prefix = offsets.size === 1 && offsets.has(0) ? 13 : 16;
  const where = ['created_at >= @start', 'created_at < @end'];
  const args: Record<string, unknown> = { training: span.training };
  // The mode: an ordered span's day is its id range (the rowid is in the covering index); else documents.training.
  where.push(span.ordered ? 'id BETWEEN @first AND @last' : 'training = @training');
  if (filter.cashierId !== undefined) {
    where.push('user_id = @user');
    args.user = filter.cashierId;
  }
  if (filter.paymentForm !== undefined) {
    where.push(PAID_BY);
    args.form = filter.paymentForm;
  }
  const out: CheckGroup[] = [];
  // Day by day: each a short walk of the covering index, grouped without sorting a year.
  for (const day of span.days) {
    if (span.ordered && day.first > day.last) continue;
    for (const kind of ['sale', 'return'] as const) {
      const rows = db.all<CheckGroup>(
        `SELECT '${kind}' AS kind, user_id, substr(created_at, 1, ${prefix}) AS at, count(*) AS count, sum(total) AS total
           FROM documents d WHERE kind = '${kind}' AND ${where.join(' AND ')} GROUP BY user_id, at`,
        { ...args, start: day.start, end: day.end, first: day.first, last: day.last },
      );
      out.push(...rows);
    }
  }
  const annulled = db.all<CheckGroup>(
    `SELECT t.kind, t.user_id, substr(t.created_at, 1, ${prefix}) AS at, -1 AS count, -t.total AS total
       FROM documents a JOIN documents t ON t.id = a.refers_to_id
      WHERE a.kind = 'annulment' AND a.created_at >= @start AND t.created_at >= @start AND t.created_at < @end AND t.kind IN ('sale', 'return')
        AND t.training = @training
        ${filter.cashierId !== undefined ? 'AND t.user_id = @user' : ''}
        ${filter.paymentForm !== undefined ? `AND ${PAID_BY.replace('d.id', 't.id')}` : ''}`,
    { ...args, start: span.start, end: span.end },
  );
  return [...out, ...annulled];
}

/** The local time of a stored ISO prefix (hour or minute). */
const instantOf = (at: string) => new Date(at.length === 13 ? `${at}:00:00Z` : `${at}:00Z`);

export function cashiersReport(db: Db, input: ReportInput): CashiersReport {
  const by = new Map<number, Checks>();
  const totals = noChecks();
  for (const g of checkHours(db, input)) {
    const c = by.get(g.user_id) ?? noChecks();
    addChecks(c, g.kind, g.count, g.total);
    addChecks(totals, g.kind, g.count, g.total);
    by.set(g.user_id, c);
  }
  const names = new Map(db.all<{ id: number; name: string }>('SELECT id, name FROM users').map((u) => [u.id, u.name]));
  const rows = [...by]
    .filter(([, c]) => c.salesCount !== 0 || c.returnsCount !== 0)
    .map(([userId, c]) => ({
      userId,
      name: names.get(userId) ?? `Пользователь ${userId}`,
      ...c,
      averageCheck: c.salesCount ? Math.round(c.salesTotal / c.salesCount) : 0,
    }))
    .sort((a, b) => b.net - a.net || a.name.localeCompare(b.name, 'ru'));
  return { rows, totals };
}

export function hoursReport(db: Db, input: ReportInput): HoursReport {
  const hours = Array.from({ length: 24 }, noChecks);
  const weekdays = Array.from({ length: 7 }, noChecks);
  const totals = noChecks();
  for (const g of checkHours(db, input)) {
    addChecks(hours[g.hour]!, g.kind, g.count, g.total);
    addChecks(weekdays[g.weekday]!, g.kind, g.count, g.total);
    addChecks(totals, g.kind, g.count, g.total);
  }
  return {
    byHour: hours.map((c, hour) => ({ hour, ...c })),
    byWeekday: weekdays.map((c, i) => ({ weekday: i + 1, ...c })),
    totals,
  };
}

// ─── Sections and VAT rates ───────────────────────────────────────────────────

export function sectionsReport(db: Db, { period, filter }: ReportInput): SectionsReport {
  const lineFilter: ReportFilter = { cashierId: filter.cashierId, paymentForm: filter.paymentForm };
  const sections = new Map<number, { sales: number; returns: number }>();
  for (const e of goodsOf(db, period, lineFilter).values()) {
    const s = sections.get(e.section) ?? { sales: 0, returns: 0 };
    s.sales += e.sales.amount;
    s.returns += e.returns.amount;
    sections.set(e.section, s);
  }
  const names = new Map(db.all<{ code: number; name: string }>('SELECT code, name FROM sections').map((s) => [s.code, s.name]));
  const bySection = [...sections]
    .filter(([, s]) => s.sales !== 0 || s.returns !== 0)
    .sort(([a], [b]) => a - b)
    .map(([section, s]) => ({ section, name: names.get(section) ?? `Секция ${section}`, sales: s.sales, returns: s.returns, amount: s.sales - s.returns }));

  const rates = new Map<VatRate, { sales: number; salesVat: number; returns: number; returnsVat: number }>();
  const put = (rate: VatRate, kind: 'sale' | 'return', amount: number, vat: number) => {
    const e = rates.get(rate) ?? { sales: 0, salesVat: 0, returns: 0, returnsVat: 0 };
    if (kind === 'sale') {
      e.sales += amount;
      e.salesVat += vat;
    } else {
      e.returns += amount;
      e.returnsVat += vat;
    }
    rates.set(rate, e);
  };
  const span = whole(period) && filter.paymentForm === undefined ? undefined : spanOf(db, period);
  if (!span) {
    for (const r of db.all<{ vat_rate: number; sales: number; sales_vat: number; returns: number; returns_vat: number }>(
      `SELECT vat_rate, sum(sales) AS sales, sum(sales_vat) AS sales_vat, sum(returns) AS returns, sum(returns_vat) AS returns_vat FROM report_vat_daily
        WHERE training = @training AND day BETWEEN @from AND @to ${filter.cashierId === undefined ? '' : 'AND user_id = @user'} GROUP BY vat_rate`,
      { ...aggregateArgs(db, period), user: filter.cashierId ?? null },
    )) {
      const rate = (r.vat_rate === NO_VAT ? null : r.vat_rate) as VatRate;
      put(rate, 'sale', r.sales, r.sales_vat);
      put(rate, 'return', r.returns, r.returns_vat);
    }
  } else if (fast(span, lineFilter)) {
    if (span.first <= span.last) {
      for (const rate of RATES) {
        const r = db.one<{ amount: number; vat: number }>(
          'SELECT coalesce(sum(amount), 0) AS amount, coalesce(sum(vat), 0) AS vat FROM document_vat WHERE vat_rate IS ? AND document_id BETWEEN ? AND ?',
          rate,
          span.first,
          span.last,
        )!;
        if (r.amount !== 0 || r.vat !== 0) put(rate, 'sale', r.amount, r.vat);
      }
      for (const x of exceptionsOf(db, span)) {
        for (const v of db.all<{ vat_rate: VatRate; amount: number; vat: number }>('SELECT vat_rate, amount, vat FROM document_vat WHERE document_id = ?', x.id)) {
          put(v.vat_rate, 'sale', -v.amount, -v.vat);
          if (x.kind === 'return' && !x.annulled) put(v.vat_rate, 'return', v.amount, v.vat);
        }
      }
    }
  } else {
    const { where, args } = docWhere(span, lineFilter);
    for (const r of db.all<{ vat_rate: VatRate; kind: 'sale' | 'return'; amount: number; vat: number }>(
      `SELECT v.vat_rate, d.kind, sum(v.amount) AS amount, sum(v.vat) AS vat FROM documents d JOIN document_vat v ON v.document_id = d.id WHERE ${where} GROUP BY v.vat_rate, d.kind`,
      args,
    ))
      put(r.vat_rate, r.kind, r.amount, r.vat);
  }
  const byVatRate = [...rates]
    .filter(([, e]) => e.sales !== 0 || e.returns !== 0)
    .sort(([a], [b]) => (b ?? -1) - (a ?? -1))
    .map(([vatRate, e]) => ({ vatRate, ...e, amount: e.sales - e.returns, vat: e.salesVat - e.returnsVat }));
  const sales = bySection.reduce((s, x) => s + x.sales, 0);
  const returns = bySection.reduce((s, x) => s + x.returns, 0);
  return { bySection, byVatRate, totals: { sales, returns, amount: sales - returns, vat: byVatRate.reduce((s, v) => s + v.vat, 0) } };
}

// ─── Categories and what the filters offer ────────────────────────────────────

/** The category tree: a category's name with those above it, and the ids under a category (itself included). */
function categoryTree(db: Db) {
  const rows = db.all<{ id: number; parent_id: number | null; name: string }>('SELECT id, parent_id, name FROM categories');
  const byId = new Map(rows.map((r) => [r.id, r]));
  const path = (id: number): string => {
    const names: string[] = [];
    const seen = new Set<number>();
    for (let c = byId.get(id); c && !seen.has(c.id); c = c.parent_id === null ? undefined : byId.get(c.parent_id)) {
      seen.add(c.id);
      names.unshift(c.name);
    }
    return names.join(' / ');
  };
  const under = (id: number): Set<number> => {
    const out = new Set([id]);
    for (let grew = true; grew;) {
      grew = false;
      for (const r of rows) {
        if (r.parent_id === null || !out.has(r.parent_id) || out.has(r.id)) continue;
        out.add(r.id);
        grew = true;
      }
    }
    return out;
  };
  return { path, under, ids: rows.map((r) => r.id) };
}

export function reportChoices(db: Db) {
  const tree = categoryTree(db);
  return {
    cashiers: db.all<{ id: number; name: string }>('SELECT id, name FROM users ORDER BY name'),
    sections: db.all<{ code: number; name: string }>('SELECT code, name FROM sections ORDER BY code'),
    categories: tree.ids.map((id) => ({ id, name: tree.path(id) })).sort((a, b) => a.name.localeCompare(b.name, 'ru')),
  };
}
