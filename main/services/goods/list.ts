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

/** The category and every category under it. */
const SUBTREE = `WITH RECURSIVE subtree(id) AS (
  SELECT @categoryId UNION SELECT c.id FROM categories c JOIN subtree s ON c.parent_id = s.id)`;

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
  const where: string[] = [];
  const args: Record<string, unknown> = { ...match?.args, limit: q.limit, offset: q.offset };
  if (match) where.push(`i.id IN (${match.sql})`);
  if (q.categoryId !== null) {
    where.push('i.category_id IN subtree');
    args.categoryId = q.categoryId;
  }
  const prefix = q.categoryId !== null ? SUBTREE : '';
  const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const dir = q.desc ? 'DESC' : 'ASC';
  const order = ORDER[q.sort].map((c) => `${c} ${dir}`).join(', ');
  const rows = ctx.db.all<Row>(
    `${prefix}
     SELECT i.id, i.code, i.name, i.price, i.unit, i.vat_rate, i.weighted, i.marked, i.free_price, i.hidden,
            (SELECT name FROM categories WHERE id = i.category_id) AS category,
            (SELECT min(barcode) FROM item_barcodes WHERE item_id = i.id) AS barcode,
            (SELECT count(*) FROM item_barcodes WHERE item_id = i.id) AS barcode_count
       FROM items i ${filter} ORDER BY ${order} LIMIT @limit OFFSET @offset`,
    args,
  );
  const total = ctx.db.value<number>(`${prefix} SELECT count(*) FROM items i ${filter}`, args)!;
  return { total, offset: q.offset, rows: rows.map(toRow) };
}
