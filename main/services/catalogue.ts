/** The catalogue: search as you type, lookup by barcode, import of item lists. */
import { z } from 'zod';
import { CatalogueItem as CatalogueItemSchema, Kopecks, Unit, VatRate, type CatalogueItem } from '../../preload/contract.js';
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
});
export type ImportItem = z.infer<typeof ImportItem>;

type ItemRow = { id: number; code: string; name: string; price: number; vat_rate: number | null; unit: 'шт' | 'кг'; section: number; barcodes: string | null };

const SELECT_ITEM = `
  SELECT i.id, i.code, i.name, i.price, i.vat_rate, i.unit, i.section,
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
  });
}

/** Lower case with ё folded to е, so "ЁЖИК" finds "ежик". */
export function searchKey(text: string): string {
  return text.toLowerCase().replaceAll('ё', 'е');
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function searchItems(ctx: Ctx, query: string, limit: number): CatalogueItem[] {
  const q = query.trim();
  if (/^\d+$/.test(q)) {
    const rows = ctx.db
      .prepare(
        `${SELECT_ITEM} WHERE i.code = @q OR i.id IN (SELECT item_id FROM item_barcodes WHERE barcode >= @q AND barcode < @q || 'z')
         ORDER BY i.code = @q DESC, i.name LIMIT @limit`,
      )
      .all({ q, limit }) as ItemRow[];
    if (rows.length > 0) return rows.map(toItem);
  }
  const rows = ctx.db
    .prepare(`${SELECT_ITEM} WHERE i.name_lc LIKE @pattern ESCAPE '\\' ORDER BY i.name_lc LIKE @prefix ESCAPE '\\' DESC, i.name LIMIT @limit`)
    .all({ pattern: `%${escapeLike(searchKey(q))}%`, prefix: `${escapeLike(searchKey(q))}%`, limit }) as ItemRow[];
  return rows.map(toItem);
}

export function itemByBarcode(ctx: Ctx, barcode: string): CatalogueItem {
  const row = ctx.db.prepare(`${SELECT_ITEM} WHERE i.id = (SELECT item_id FROM item_barcodes WHERE barcode = ?)`).get(barcode) as ItemRow | undefined;
  if (!row) throw new KassaError('NOT_FOUND', `Товар со штрихкодом ${barcode} не найден`);
  return toItem(row);
}

export function itemById(ctx: Ctx, id: number): CatalogueItem {
  const row = ctx.db.prepare(`${SELECT_ITEM} WHERE i.id = ?`).get(id) as ItemRow | undefined;
  if (!row) throw new KassaError('NOT_FOUND', 'Товар не найден в каталоге');
  return toItem(row);
}

/** Adds or updates items by code, in one transaction. */
export function importItems(ctx: Ctx, items: readonly ImportItem[]): void {
  const upsert = ctx.db.prepare(`
    INSERT INTO items (code, name, name_lc, price, vat_rate, unit, section, category)
    VALUES (@code, @name, @nameLc, @price, @vatRate, @unit, @section, @category)
    ON CONFLICT (code) DO UPDATE SET name = excluded.name, name_lc = excluded.name_lc, price = excluded.price,
      vat_rate = excluded.vat_rate, unit = excluded.unit, section = excluded.section, category = excluded.category
    RETURNING id`);
  const addBarcode = ctx.db.prepare('INSERT INTO item_barcodes (barcode, item_id) VALUES (?, ?) ON CONFLICT (barcode) DO UPDATE SET item_id = excluded.item_id');
  const addSection = ctx.db.prepare("INSERT INTO sections (code, name) VALUES (?, ?) ON CONFLICT DO NOTHING");
  ctx.db.transaction(() => {
    for (const item of items) {
      addSection.run(item.section, `Секция ${item.section}`);
      const { id } = upsert.get({ ...item, nameLc: searchKey(item.name) }) as { id: number };
      for (const barcode of item.barcodes) addBarcode.run(barcode, id);
    }
  })();
}
