/** The catalogue: search as you type, lookup by barcode, import of item lists. */
import { z } from 'zod';
import { CatalogueItem as CatalogueItemSchema, Kopecks, Unit, VatRate, type CatalogueItem } from '../../preload/contract/index.js';
import { KassaError } from '../domain/errors.js';
import { searchKey } from '../domain/search-key.js';
import type { Ctx } from './context.js';
import { applyPlan } from './price-list/apply.js';
import { planImport } from './price-list/plan.js';
import type { PriceListRow } from './price-list/rows.js';
import { lazy } from '../../common/lazy.js';

export const ImportItem = lazy(() =>
  z.object({
    code: z.string().min(1),
    name: z.string().min(1),
    barcodes: z.array(z.string().regex(/^\d{6,14}$/)),
    price: Kopecks.nonnegative(),
    vatRate: VatRate,
    unit: Unit,
    section: z.number().int().min(0).max(255),
    category: z.string().default(''),
    marked: z.boolean().default(false),
  }),
);
export type ImportItem = z.infer<typeof ImportItem>;

type ItemRow = {
  id: number;
  code: string;
  name: string;
  price: number;
  vat_rate: number | null;
  unit: Unit;
  section: number;
  marked: number;
  weighted: number;
  free_price: number;
  hidden: number;
  barcodes: string | null;
};

const SELECT_ITEM = `
  SELECT i.id, i.code, i.name, i.price, i.vat_rate, i.unit, i.section, i.marked, i.weighted, i.free_price, i.hidden,
         (SELECT group_concat(barcode, ' ') FROM item_barcodes b WHERE b.item_id = i.id) AS barcodes
  FROM items i`;

function toItem(r: ItemRow): CatalogueItem {
  return CatalogueItemSchema.parse({
    id: r.id,
    code: r.code,
    name: r.name,
    barcodes: r.barcodes ? r.barcodes.split(' ') : [],
    price: r.price,
    vatRate: r.vat_rate,
    unit: r.unit,
    section: r.section,
    marked: r.marked === 1,
    weighted: r.weighted === 1,
    freePrice: r.free_price === 1,
  });
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The highest code point: `key` ≤ name < `key` + this ⇔ the name starts with `key` (binary collation). */
const AFTER_ALL = '\u{10FFFF}';

/** An FTS5 phrase of one word, quoted so that its characters are not query syntax. */
function ftsPhrase(word: string): string {
  return `"${word.replaceAll('"', '""')}"`;
}

/**
 * Search as you type over the whole catalogue: digits find the start of a code or of a barcode; text
 * finds names starting with it first (index range), then names containing every word of it
 * (trigram index: words of 3+ letters; shorter words filter those). Never a full scan.
 */
export function searchItems(ctx: Ctx, query: string, limit: number): CatalogueItem[] {
  const q = query.trim();
  if (/^\d+$/.test(q)) {
    const rows = ctx.db.all<ItemRow>(
      `${SELECT_ITEM} WHERE (i.id IN (SELECT id FROM items WHERE code >= @q AND code < @q || 'z' AND hidden = 0 LIMIT @limit)
            OR i.id IN (SELECT item_id FROM item_barcodes WHERE barcode >= @q AND barcode < @q || 'z' LIMIT @limit)) AND i.hidden = 0
         ORDER BY i.code = @q DESC, i.code LIKE @q || '%' DESC, i.name LIMIT @limit`,
      { q, limit },
    );
    if (rows.length > 0) return rows.map(toItem);
  }
  const key = searchKey(q).replace(/\s+/g, ' ');
  const found = ctx.db.all<ItemRow>(`${SELECT_ITEM} WHERE i.name_lc >= @key AND i.name_lc < @end AND i.hidden = 0 ORDER BY i.name_lc LIMIT @limit`, {
    key,
    end: key + AFTER_ALL,
    limit,
  });
  const words = key.split(' ').filter(Boolean);
  const long = words.filter((w) => [...w].length >= 3);
  if (found.length < limit && long.length > 0) {
    const short = words.filter((w) => [...w].length < 3);
    const seen = new Set(found.map((r) => r.id));
    const filters = short.map((_, i) => `AND i.name_lc LIKE @short${i} ESCAPE '\\'`).join(' ');
    const args: Record<string, unknown> = { match: long.map(ftsPhrase).join(' AND '), limit: limit + found.length };
    short.forEach((w, i) => (args[`short${i}`] = `%${escapeLike(w)}%`));
    const more = ctx.db.all<ItemRow>(
      `${SELECT_ITEM} WHERE i.id IN (SELECT rowid FROM items_fts WHERE items_fts MATCH @match) AND i.hidden = 0 ${filters} LIMIT @limit`,
      args,
    );
    const extra = more.filter((r) => !seen.has(r.id)).sort((a, b) => a.name.localeCompare(b.name, 'ru'));
    found.push(...extra.slice(0, limit - found.length));
  }
  return found.map(toItem);
}

/**
 * The ids a typed query matches, by the rules of `searchItems` — digits: codes starting with them,
 * and barcodes once six digits are typed; text: names starting with it, or holding every word
 * (trigram index for words of 3+ letters, shorter words filtering those) — as one subquery, for a
 * list that pages through every match in its own order (the goods screen). Hidden items are
 * matched too. `nameRange`: the same as a condition on `items i`, when names starting with the
 * text are all it matches. null: nothing typed.
 */
export function matchingIds(query: string): { sql: string; args: Record<string, unknown>; nameRange: string | null } | null {
  const q = query.trim();
  if (q === '') return null;
  const key = searchKey(q).replace(/\s+/g, ' ');
  const args: Record<string, unknown> = { mq: q, mkey: key, mend: key + AFTER_ALL };
  const parts: string[] = [];
  if (/^\d+$/.test(q)) {
    parts.push("SELECT id FROM items WHERE code >= @mq AND code < @mq || 'z'");
    // Two or three digits start most barcodes of a country (481…): a barcode is matched from six.
    if (q.length >= 6) parts.push("SELECT item_id FROM item_barcodes WHERE barcode >= @mq AND barcode < @mq || 'z'");
  }
  parts.push('SELECT id FROM items WHERE name_lc >= @mkey AND name_lc < @mend');
  const words = key.split(' ').filter(Boolean);
  const long = words.filter((w) => [...w].length >= 3);
  if (long.length > 0) {
    const short = words.filter((w) => [...w].length < 3);
    args.mmatch = long.map(ftsPhrase).join(' AND ');
    short.forEach((w, i) => (args[`mshort${i}`] = `%${escapeLike(w)}%`));
    const filters = short.map((_, i) => `AND s.name_lc LIKE @mshort${i} ESCAPE '\\'`).join(' ');
    parts.push(
      short.length === 0
        ? 'SELECT rowid FROM items_fts WHERE items_fts MATCH @mmatch'
        : `SELECT s.id FROM items_fts JOIN items s ON s.id = items_fts.rowid WHERE items_fts MATCH @mmatch ${filters}`,
    );
  }
  // Names starting with the text are all it matches: a range of the name index, no set to build.
  const nameRange = parts.length === 1 ? 'i.name_lc >= @mkey AND i.name_lc < @mend' : null;
  return { sql: parts.join(' UNION '), args, nameRange };
}

export function itemByBarcode(ctx: Ctx, barcode: string): CatalogueItem {
  const row = ctx.db.one<ItemRow>(`${SELECT_ITEM} WHERE i.id = (SELECT item_id FROM item_barcodes WHERE barcode = ?) AND i.hidden = 0`, barcode);
  if (!row) throw new KassaError('NOT_FOUND', `Товар со штрихкодом ${barcode} не найден`);
  return toItem(row);
}

/** By PLU (the item's code), as typed at the till or printed on a weight label. */
export function itemByCode(ctx: Ctx, codes: readonly string[]): CatalogueItem | null {
  for (const code of codes) {
    const row = ctx.db.one<ItemRow>(`${SELECT_ITEM} WHERE i.code = ? AND i.hidden = 0`, code);
    if (row) return toItem(row);
  }
  return null;
}

/** The first of `barcodes` the catalogue knows, or null. */
export function itemByAnyBarcode(ctx: Ctx, barcodes: readonly string[]): CatalogueItem | null {
  for (const barcode of barcodes) {
    const row = ctx.db.one<ItemRow>(`${SELECT_ITEM} WHERE i.id = (SELECT item_id FROM item_barcodes WHERE barcode = ?) AND i.hidden = 0`, barcode);
    if (row) return toItem(row);
  }
  return null;
}

/** An item offered for sale: a hidden one is refused (old documents keep their own copy of its name). */
export function itemById(ctx: Ctx, id: number): CatalogueItem {
  const row = ctx.db.one<ItemRow>(`${SELECT_ITEM} WHERE i.id = ?`, id);
  if (!row) throw new KassaError('NOT_FOUND', 'Товар не найден в каталоге');
  if (row.hidden) throw new KassaError('NOT_FOUND', `«${row.name}» скрыт от продажи`);
  return toItem(row);
}

/**
 * Adds or updates items by code, in the caller's transaction (or one of its own): the seed, tests
 * and benches. The same plan and writer as the «Прайс-лист» import; a conflict (a barcode another
 * item has) is refused.
 */
export function importItems(ctx: Ctx, items: readonly ImportItem[]): void {
  const rows: PriceListRow[] = items.map((item, i) => ({
    row: i + 1,
    code: item.code,
    name: item.name,
    barcodes: item.barcodes,
    price: item.price,
    vatRate: item.vatRate,
    unit: item.unit,
    section: item.section,
    category: item.category.trim() === '' ? [] : [item.category.trim().slice(0, 64)],
    weighted: item.unit === 'кг',
    marked: item.marked,
    freePrice: undefined,
    hidden: undefined,
  }));
  const fields = new Set(['code', 'name', 'barcodes', 'price', 'vatRate', 'unit', 'section', 'category', 'weighted', 'marked']);
  const plan = planImport(ctx.db, rows, [], new Set(), 'update-code', fields);
  if (plan.errors.length > 0) {
    const e = plan.errors[0]!;
    throw new KassaError('VALIDATION', `Товары не загружены: строка ${e.row}, ${e.column}: ${e.message}`);
  }
  applyPlan(ctx.db, plan, { now: ctx.clock().toISOString(), undo: false });
}
