/** The catalogue: search as you type, lookup by barcode, import of item lists. */
import { z } from 'zod';
import { CatalogueItem as CatalogueItemSchema, Kopecks, Unit, VatRate, type CatalogueItem } from '../../preload/contract/index.js';
import { KassaError } from '../domain/errors.js';
import type { Ctx } from './context.js';
import { applyPlan } from './price-list/apply.js';
import { planImport } from './price-list/plan.js';
import type { PriceListRow } from './price-list/rows.js';

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
