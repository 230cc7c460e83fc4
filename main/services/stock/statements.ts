/**
 * The statements: «Ведомость остатков» on the end of a day and «Оборотная ведомость» for a period
 * (opening, in, out, closing), by item or by category. A balance at a past instant is the balance
 * now less every movement since — so the work grows with the movements after the date, not with
 * the history. Items that never moved (no balance row) are not listed.
 */
import type { StatementQuery, StatementRow } from '../../../preload/contract/index.js';
import { divRound } from '../../domain/money.js';
import type { Ctx } from '../context.js';
import { localDayStart } from '../documents.js';

const dmy = (iso: string) => iso.split('-').reverse().join('.');

export function statementTitle(q: StatementQuery): string {
  const by = q.groupBy === 'category' ? ', по категориям' : '';
  return q.kind === 'balances' ? `Ведомость остатков на конец ${dmy(q.date)}${by}` : `Оборотная ведомость за ${dmy(q.from)} – ${dmy(q.to)}${by}`;
}

/** [code, name, unit, price, category id, balance now, item id] */
type ItemRow = [string, string, string, number, number | null, number, number];
/** [item id, all movements since `from`, in before `to`, out before `to`] */
type SinceRow = [number, number, number, number];

const byName = (a: ItemRow, b: ItemRow) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);

type Read = {
  /** Categories in the statement's order (by name, goods without one last), each with its goods as read. */
  readonly order: { readonly category: string; readonly list: ItemRow[] }[];
  /** A good's figures on the statement. */
  readonly figures: (r: ItemRow) => { opening: number; in: number; out: number; closing: number; amount: number };
};

/**
 * The balances and the movements since, read in their own order (one pass over two tables, arrays
 * not objects) and grouped by category here: a sort in SQL over 200,000 joined rows costs more than the read.
 */
function readStatement(ctx: Pick<Ctx, 'db'>, q: StatementQuery): Read {
  // Balances: opening = closing at the end of the day, nothing in between.
  const from = q.kind === 'balances' ? localDayStart(q.date, 1) : localDayStart(q.from);
  const to = q.kind === 'balances' ? from : localDayStart(q.to, 1);
  const since = new Map<number, SinceRow>();
  const moved = ctx.db
    .prepare(
      `SELECT item_id, sum(quantity), sum(CASE WHEN at < @to AND quantity > 0 THEN quantity ELSE 0 END),
              sum(CASE WHEN at < @to AND quantity < 0 THEN -quantity ELSE 0 END)
         FROM stock_movements WHERE at >= @from GROUP BY item_id`,
    )
    .raw()
    .all({ from, to }) as SinceRow[];
  for (const m of moved) since.set(m[0], m);
  const items = ctx.db
    .prepare('SELECT i.code, i.name, i.unit, i.price, i.category_id, b.quantity, b.item_id FROM stock_balances b CROSS JOIN items i ON i.id = b.item_id')
    .raw()
    .all() as ItemRow[];
  const names = new Map(ctx.db.all<{ id: number; name: string }>('SELECT id, name FROM categories').map((c) => [c.id, c.name]));
  const buckets = new Map<number | null, ItemRow[]>();
  for (const r of items) {
    const list = buckets.get(r[4]);
    if (list) list.push(r);
    else buckets.set(r[4], [r]);
  }
  const order = [...buckets.keys()].map((id) => ({ id, name: id === null ? null : (names.get(id) ?? NONE) }));
  // By name; goods without a category last.
  order.sort((a, b) => (a.name === null ? 1 : b.name === null ? -1 : a.name.localeCompare(b.name, 'ru')));
  return {
    order: order.map(({ id, name }) => ({ category: name ?? NONE, list: buckets.get(id)! })),
    figures(r) {
      const m = since.get(r[6]);
      const opening = r[5] - (m?.[1] ?? 0);
      const inq = m?.[2] ?? 0;
      const outq = m?.[3] ?? 0;
      const closing = opening + inq - outq;
      return { opening, in: inq, out: outq, closing, amount: divRound(r[3] * closing, 1000) };
    },
  };
}

const NONE = 'Без категории';

const itemRow = (r: ItemRow, category: string, f: ReturnType<Read['figures']>): StatementRow => ({ code: r[0], name: r[1], unit: r[2], category, ...f });

function categoryTotal(category: string, list: readonly ItemRow[], figures: Read['figures']): StatementRow {
  const total: StatementRow = { code: '', name: category, unit: null, category, opening: 0, in: 0, out: 0, closing: 0, amount: 0 };
  for (const r of list) {
    const f = figures(r);
    total.opening += f.opening;
    total.in += f.in;
    total.out += f.out;
    total.closing += f.closing;
    total.amount += f.amount;
  }
  return total;
}

/**
 * Every row of the statement, ordered by category and name, and the closing amount at sale prices
 * (the printer and the files take them all).
 */
export function statementRows(ctx: Pick<Ctx, 'db'>, q: StatementQuery): { rows: StatementRow[]; amount: number } {
  const { order, figures } = readStatement(ctx, q);
  let amount = 0;
  const rows: StatementRow[] = [];
  for (const { category, list } of order) {
    const total = categoryTotal(category, list, figures);
    amount += total.amount;
    if (q.groupBy === 'category') rows.push(total);
    else for (const r of list.sort(byName)) rows.push(itemRow(r, category, figures(r)));
  }
  return { rows, amount };
}

/**
 * The first `k` of `list` by name, in order, as a stable sort would give them. A screen page wants
 * 100 of 200,000 goods: one pass keeping the best k costs a tenth of sorting them all.
 */
function firstByName(list: ItemRow[], k: number): ItemRow[] {
  if (k >= list.length / 8) return list.sort(byName).slice(0, k);
  const best: ItemRow[] = [];
  for (const r of list) {
    if (best.length === k && byName(r, best[k - 1]!) >= 0) continue;
    let lo = 0;
    let hi = best.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (byName(best[mid]!, r) <= 0) lo = mid + 1;
      else hi = mid;
    }
    best.splice(lo, 0, r);
    if (best.length > k) best.pop();
  }
  return best;
}

/** One page of the statement (the screen), its number of rows and the closing amount: only the page's goods are put in order. */
export function statementPageRows(
  ctx: Pick<Ctx, 'db'>,
  q: StatementQuery,
  page: { readonly offset: number; readonly limit: number },
): { rows: StatementRow[]; total: number; amount: number } {
  const { order, figures } = readStatement(ctx, q);
  let amount = 0;
  let total = 0;
  const rows: StatementRow[] = [];
  const end = page.offset + page.limit;
  for (const { category, list } of order) {
    const sum = categoryTotal(category, list, figures);
    amount += sum.amount;
    if (q.groupBy === 'category') {
      if (total >= page.offset && total < end) rows.push(sum);
      total += 1;
      continue;
    }
    const start = total;
    total += list.length;
    if (start >= end || total <= page.offset) continue;
    const wanted = firstByName(list, Math.min(list.length, end - start));
    for (const r of wanted.slice(Math.max(0, page.offset - start))) rows.push(itemRow(r, category, figures(r)));
  }
  return { rows, total, amount };
}
