/**
 * The «Товары» screen's list: every item of a catalogue of 200,000, one page at a time, as the admin
 * types, filters by category and sorts. The order is an index's order (name, code, price) walked
 * from `offset`, so no keystroke sorts the whole catalogue; a typed query narrows to the ids the
 * catalogue search matches (catalogue.ts) first.
 */
import type { GoodsPage, GoodsRow, GoodsSort, Unit, VatRate } from '../../../preload/contract/index.js';
import { matchingIds } from '../catalogue.js';
import type { Ctx } from '../context.js';

export type ListQuery = {
  readonly query: string;
  readonly categoryId: number | null;
  readonly sort: GoodsSort;
  readonly desc: boolean;
  readonly offset: number;
  readonly limit: number;
  /** The count of all matches; a later page of the same list needs none. */
  readonly withTotal: boolean;
};

type Row = {
  id: number;
  code: string;
  name: string;
  price: number;
  unit: Unit;
  vat_rate: VatRate;
  category: string | null;
  barcode: string | null;
  barcode_count: number;
  weighted: number;
  marked: number;
  free_price: number;
  hidden: number;
};

/** Each order ends with a unique column, so pages never overlap nor skip an item. */
const ORDER: Readonly<Record<GoodsSort, readonly string[]>> = {
  name: ['i.name_lc', 'i.id'],
  code: ['i.code'],
  price: ['i.price', 'i.id'],
};

function toRow(r: Row): GoodsRow {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    price: r.price,
    unit: r.unit,
    vatRate: r.vat_rate,
    category: r.category,
    barcode: r.barcode,
    barcodeCount: r.barcode_count,
    weighted: r.weighted === 1,
    marked: r.marked === 1,
    freePrice: r.free_price === 1,
    hidden: r.hidden === 1,
  };
}

export function listGoods(ctx: Ctx, q: ListQuery): GoodsPage {
  const match = matchingIds(q.query);
  const args: Record<string, unknown> = { ...match?.args, limit: q.limit, offset: q.offset, categoryId: q.categoryId };
  const ctes: string[] = [];
  // A category without subcategories is one range of items_category, already in name order.
  const leaf = q.categoryId !== null && ctx.db.value<number>('SELECT 1 FROM categories WHERE parent_id = ? LIMIT 1', q.categoryId) === undefined;
  if (q.categoryId !== null && !leaf) {
    ctes.push('subtree(id) AS (SELECT @categoryId UNION SELECT c.id FROM categories c JOIN subtree s ON c.parent_id = s.id)');
  }
  const matchSet = match !== null && match.nameRange === null;
  // The matches are found once per request, for the page and for the count.
  if (matchSet) ctes.push(`hits(id) AS MATERIALIZED (${match.sql})`);
  const where = (alias: string): string => {
    const parts: string[] = [];
    if (match?.nameRange) parts.push(match.nameRange.replaceAll('i.', `${alias}.`));
    else if (matchSet) parts.push(`${alias}.id IN hits`);
    if (q.categoryId !== null) parts.push(leaf ? `${alias}.category_id = @categoryId` : `${alias}.category_id IN subtree`);
    return parts.length > 0 ? `WHERE ${parts.join(' AND ')}` : '';
  };
  const withs = ctes.length > 0 ? `WITH RECURSIVE ${ctes.join(', ')}` : '';
  const dir = q.desc ? 'DESC' : 'ASC';
  const order = ORDER[q.sort].map((c) => `${c} ${dir}`).join(', ');
  const countSql = matchSet && q.categoryId === null ? 'SELECT count(*) FROM hits' : `SELECT count(*) FROM items t ${where('t')}`;
  const total = q.withTotal || matchSet ? ctx.db.value<number>(`${withs} ${countSql}`, args)! : null;
  // Typed text over the whole catalogue: when matches are many, walking the order's index and
  // keeping what matches finds a page at once, where sorting them all would cost a tenth of a
  // second per keystroke; when few, sorting them is cheaper than walking past everything else.
  let walk = '';
  if (matchSet && q.categoryId === null && q.sort !== 'code' && total !== null && total > 0) {
    const items = ctx.db.value<number>('SELECT max(id) FROM items') ?? 0;
    const stepsWalked = ((q.offset + q.limit) * items) / total;
    if (stepsWalked < 10 * total) walk = `INDEXED BY ${q.sort === 'name' ? 'items_name_lc' : 'items_price'}`;
  }
  // The page's ids first, its columns after: a sort then carries ids only, not every row's barcodes.
  const rows = ctx.db.all<Row>(
    `${withs}, page(id) AS MATERIALIZED (SELECT i.id FROM items i ${walk} ${where('i')} ORDER BY ${order} LIMIT @limit OFFSET @offset)
     SELECT i.id, i.code, i.name, i.price, i.unit, i.vat_rate, i.weighted, i.marked, i.free_price, i.hidden,
            (SELECT name FROM categories WHERE id = i.category_id) AS category,
            -- CROSS JOIN: page first (SQLite would otherwise walk all items in order to skip the sort of 100 rows).
            (SELECT min(barcode) FROM item_barcodes WHERE item_id = i.id) AS barcode,
            (SELECT count(*) FROM item_barcodes WHERE item_id = i.id) AS barcode_count
       FROM page CROSS JOIN items i ON i.id = page.id ORDER BY ${order}`.replace(/^, /, 'WITH '),
    args,
  );
  return { total: q.withTotal ? total : null, offset: q.offset, rows: rows.map(toRow) };
}
