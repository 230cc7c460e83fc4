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

type Row = { code: string; name: string; unit: string; category: string | null; price: number; opening: number; inq: number; outq: number };

const dmy = (iso: string) => iso.split('-').reverse().join('.');

export function statementTitle(q: StatementQuery): string {
  const by = q.groupBy === 'category' ? ', по категориям' : '';
  return q.kind === 'balances' ? `Ведомость остатков на конец ${dmy(q.date)}${by}` : `Оборотная ведомость за ${dmy(q.from)} – ${dmy(q.to)}${by}`;
}

/** Every row of the statement, ordered by category and name, and the closing amount at sale prices. */
export function statementRows(ctx: Pick<Ctx, 'db'>, q: StatementQuery): { rows: StatementRow[]; amount: number } {
  // Balances: opening = closing at the end of the day, nothing in between.
  const from = q.kind === 'balances' ? localDayStart(q.date, 1) : localDayStart(q.from);
  const to = q.kind === 'balances' ? from : localDayStart(q.to, 1);
  const raw = ctx.db.all<Row>(
    `WITH since AS (
       SELECT item_id, sum(quantity) AS total,
              sum(CASE WHEN at < @to AND quantity > 0 THEN quantity ELSE 0 END) AS inq,
              sum(CASE WHEN at < @to AND quantity < 0 THEN -quantity ELSE 0 END) AS outq
         FROM stock_movements WHERE at >= @from GROUP BY item_id)
     SELECT i.code, i.name, i.unit, c.name AS category, i.price,
            b.quantity - coalesce(s.total, 0) AS opening, coalesce(s.inq, 0) AS inq, coalesce(s.outq, 0) AS outq
       FROM stock_balances b JOIN items i ON i.id = b.item_id
       LEFT JOIN categories c ON c.id = i.category_id
       LEFT JOIN since s ON s.item_id = b.item_id
      ORDER BY c.name IS NOT NULL, c.name, i.name_lc`,
    { from, to },
  );
  let amount = 0;
  const items: StatementRow[] = new Array<StatementRow>(raw.length);
  for (let k = 0; k < raw.length; k++) {
    const r = raw[k]!;
    const closing = r.opening + r.inq - r.outq;
    const value = divRound(r.price * closing, 1000);
    amount += value;
    items[k] = {
      code: r.code,
      name: r.name,
      unit: r.unit,
      category: r.category ?? 'Без категории',
      opening: r.opening,
      in: r.inq,
      out: r.outq,
      closing,
      amount: value,
    };
  }
  if (q.groupBy === 'item') return { rows: items, amount };
  const byCategory = new Map<string, StatementRow>();
  for (const r of items) {
    const c = byCategory.get(r.category);
    if (!c) byCategory.set(r.category, { ...r, code: '', name: r.category, unit: null });
    else {
      c.opening += r.opening;
      c.in += r.in;
      c.out += r.out;
      c.closing += r.closing;
      c.amount += r.amount;
    }
  }
  return { rows: [...byCategory.values()], amount };
}
