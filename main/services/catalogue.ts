/** The catalogue: search as you type, lookup by barcode, import of item lists. */
import { z } from 'zod';
import { CatalogueItem as CatalogueItemSchema, Kopecks, Unit, VatRate, type CatalogueItem } from '../../preload/contract/index.js';
import { KassaError } from '../domain/errors.js';
import type { Ctx } from './context.js';

export const ImportItem = z.object({
  code: z.string().min(1),
  name: z.string().min(1),
  barcodes: z.array(z.string().regex(/^\d{6,14}$/)),
  price: Kopecks.nonnegative(),
  vatRate: VatRate,
  unit: Unit,
  section: z.number().int().min(0).max(255),
  category: z.string().default(''),
  marked: z.boolean().default(false),
});
export type ImportItem = z.infer<typeof ImportItem>;

type ItemRow = {
  id: number;
  code: string;
  name: string;
  price: number;
  vat_rate: number | null;
  unit: 'шт' | 'кг';
  section: number;
  marked: number;
  barcodes: string | null;
};

const SELECT_ITEM = `
  SELECT i.id, i.code, i.name, i.price, i.vat_rate, i.unit, i.section, i.marked,
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
  });
}

/** Lower case with ё folded to е, so "ЁЖИК" finds "ежик". */
export function searchKey(text: string): string {
  return text.toLowerCase().replaceAll('ё', 'е');
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
      `${SELECT_ITEM} WHERE i.id IN (SELECT id FROM items WHERE code >= @q AND code < @q || 'z' LIMIT @limit)
            OR i.id IN (SELECT item_id FROM item_barcodes WHERE barcode >= @q AND barcode < @q || 'z' LIMIT @limit)
         ORDER BY i.code = @q DESC, i.code LIKE @q || '%' DESC, i.name LIMIT @limit`,
      { q, limit },
    );
    if (rows.length > 0) return rows.map(toItem);
  }
  const key = searchKey(q).replace(/\s+/g, ' ');
  const found = ctx.db.all<ItemRow>(`${SELECT_ITEM} WHERE i.name_lc >= @key AND i.name_lc < @end ORDER BY i.name_lc LIMIT @limit`, {
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
    const more = ctx.db.all<ItemRow>(`${SELECT_ITEM} WHERE i.id IN (SELECT rowid FROM items_fts WHERE items_fts MATCH @match) ${filters} LIMIT @limit`, args);
    const extra = more.filter((r) => !seen.has(r.id)).sort((a, b) => a.name.localeCompare(b.name, 'ru'));
    found.push(...extra.slice(0, limit - found.length));
  }
  return found.map(toItem);
}

export function itemByBarcode(ctx: Ctx, barcode: string): CatalogueItem {
  const row = ctx.db.one<ItemRow>(`${SELECT_ITEM} WHERE i.id = (SELECT item_id FROM item_barcodes WHERE barcode = ?)`, barcode);
  if (!row) throw new KassaError('NOT_FOUND', `Товар со штрихкодом ${barcode} не найден`);
  return toItem(row);
}

/** By PLU (the item's code), as typed at the till or printed on a weight label. */
export function itemByCode(ctx: Ctx, codes: readonly string[]): CatalogueItem | null {
  for (const code of codes) {
    const row = ctx.db.one<ItemRow>(`${SELECT_ITEM} WHERE i.code = ?`, code);
    if (row) return toItem(row);
  }
  return null;
}

/** The first of `barcodes` the catalogue knows, or null. */
export function itemByAnyBarcode(ctx: Ctx, barcodes: readonly string[]): CatalogueItem | null {
  for (const barcode of barcodes) {
    const row = ctx.db.one<ItemRow>(`${SELECT_ITEM} WHERE i.id = (SELECT item_id FROM item_barcodes WHERE barcode = ?)`, barcode);
    if (row) return toItem(row);
  }
  return null;
}

export function itemById(ctx: Ctx, id: number): CatalogueItem {
  const row = ctx.db.one<ItemRow>(`${SELECT_ITEM} WHERE i.id = ?`, id);
  if (!row) throw new KassaError('NOT_FOUND', 'Товар не найден в каталоге');
  return toItem(row);
}

/** Adds or updates items by code, in one transaction. */
export function importItems(ctx: Ctx, items: readonly ImportItem[]): void {
  // Insert first, update only what exists: an UPSERT costs a third more on a 200,000-item import.
  const insert = ctx.db.prepare(`
    INSERT INTO items (code, name, name_lc, price, vat_rate, unit, section, category_id, marked, weighted)
    VALUES (@code, @name, @nameLc, @price, @vatRate, @unit, @section, @categoryId, @marked, @weighted)
    ON CONFLICT (code) DO NOTHING RETURNING id`);
  const update = ctx.db.prepare(`
    UPDATE items SET name = @name, name_lc = @nameLc, price = @price, vat_rate = @vatRate, unit = @unit, section = @section,
      category_id = @categoryId, marked = @marked, weighted = @weighted
    WHERE code = @code RETURNING id`);
  const addBarcode = ctx.db.prepare('INSERT INTO item_barcodes (barcode, item_id) VALUES (?, ?) ON CONFLICT (barcode) DO NOTHING');
  const moveBarcode = ctx.db.prepare('UPDATE item_barcodes SET item_id = ? WHERE barcode = ? AND item_id <> ?');
  const addSection = ctx.db.prepare('INSERT INTO sections (code, name) VALUES (?, ?) ON CONFLICT DO NOTHING');
  const findCategory = ctx.db.prepare<[string], number>('SELECT id FROM categories WHERE parent_id IS NULL AND name_lc = ?').pluck();
  const addCategory = ctx.db.prepare<[string, string], number>('INSERT INTO categories (name, name_lc) VALUES (?, ?) RETURNING id').pluck();
  ctx.db.transaction(() => {
    for (const section of new Set(items.map((i) => i.section))) addSection.run(section, `Секция ${section}`);
    const categories = new Map<string, number | null>([['', null]]);
    for (const name of new Set(items.map((i) => i.category.trim()))) {
      if (!categories.has(name)) categories.set(name, findCategory.get(name.toLowerCase()) ?? addCategory.get(name, name.toLowerCase())!);
    }
    for (const item of items) {
      const categoryId = categories.get(item.category.trim()) ?? null;
      const row = { ...item, nameLc: searchKey(item.name), marked: item.marked ? 1 : 0, weighted: item.unit === 'кг' ? 1 : 0, categoryId };
      const { id } = (insert.get(row) ?? update.get(row)) as { id: number };
      for (const barcode of item.barcodes) if (addBarcode.run(barcode, id).changes === 0) moveBarcode.run(id, barcode, id);
    }
  })();
}
