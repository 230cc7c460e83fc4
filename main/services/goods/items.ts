/**
 * The item card (admin): create, change, hide, delete, and the item's history. Each action is one
 * transaction with its audit entry — `goods.created|changed|hidden|deleted`, details
 * `{ itemId, changes: { field: [old, new] } }` — so the journal says who changed what, when, from
 * what to what. Lines already on a check keep the price and name they were added with (they are
 * copied onto the line), so a change applies to lines added after it.
 */
import type { GoodsChange, GoodsItem, Unit, VatRate } from '../../../preload/contract/index.js';
import { barcodeSpellings } from '../../../common/barcode.js';
import { KassaError } from '../../domain/errors.js';
import { audit } from '../audit.js';
import { searchKey } from '../../domain/search-key.js';
import type { Ctx } from '../context.js';
import { getSetting } from '../settings.js';

type ItemRow = {
  id: number;
  code: string;
  name: string;
  price: number;
  vat_rate: VatRate;
  unit: Unit;
  section: number;
  category_id: number | null;
  marked: number;
  weighted: number;
  free_price: number;
  hidden: number;
  updated_at: string | null;
};

/** The fields of the card, as the journal records them. */
type Card = Omit<GoodsItem, 'id' | 'updatedAt' | 'used'>;
type Input = Card;

function barcodesOf(ctx: Ctx, id: number): string[] {
  return ctx.db.all<{ barcode: string }>('SELECT barcode FROM item_barcodes WHERE item_id = ? ORDER BY barcode', id).map((r) => r.barcode);
}

/** Ever sold (a document line), or on the open check or a parked one. */
function isUsed(ctx: Ctx, id: number): boolean {
  return (
    ctx.db.value<number>('SELECT 1 FROM document_lines WHERE item_id = ? LIMIT 1', id) !== undefined ||
    ctx.db.value<number>('SELECT 1 FROM open_check_lines WHERE item_id = ? LIMIT 1', id) !== undefined
  );
}

function rowOf(ctx: Ctx, id: number): ItemRow {
  const row = ctx.db.one<ItemRow>('SELECT * FROM items WHERE id = ?', id);
  if (!row) throw new KassaError('NOT_FOUND', 'Товар не найден (его могли удалить)');
  return row;
}

function cardOf(ctx: Ctx, r: ItemRow): Card {
  return {
    code: r.code,
    name: r.name,
    barcodes: barcodesOf(ctx, r.id),
    unit: r.unit,
    price: r.price,
    vatRate: r.vat_rate,
    section: r.section,
    categoryId: r.category_id,
    weighted: r.weighted === 1,
    marked: r.marked === 1,
    freePrice: r.free_price === 1,
    hidden: r.hidden === 1,
  };
}

export function getItem(ctx: Ctx, id: number): GoodsItem {
  const row = rowOf(ctx, id);
  return { id, ...cardOf(ctx, row), updatedAt: row.updated_at, used: isUsed(ctx, id) };
}

function refuse(code: 'CONFLICT' | 'VALIDATION' | 'NOT_FOUND', path: (string | number)[], message: string): never {
  throw new KassaError(code, message, { issues: [{ path, message }] });
}

/** What the card refers to exists and nothing else holds its code or barcodes. */
function requireConsistent(ctx: Ctx, item: Card, id: number | null): void {
  const other = ctx.db.one<{ id: number; name: string }>('SELECT id, name FROM items WHERE code = ? AND id IS NOT ?', item.code, id);
  if (other) refuse('CONFLICT', ['code'], `Код ${item.code} уже у товара «${other.name}»`);
  const weightPrefixes = getSetting(ctx, 'weightBarcode').prefixes;
  item.barcodes.forEach((barcode, i) => {
    for (const spelling of barcodeSpellings(barcode)) {
      const holder = ctx.db.one<{ name: string; code: string }>(
        'SELECT i.name, i.code FROM item_barcodes b JOIN items i ON i.id = b.item_id WHERE b.barcode = ? AND i.id IS NOT ?',
        spelling,
        id,
      );
      if (holder) refuse('CONFLICT', ['barcodes', i], `Штрихкод ${barcode} уже у товара «${holder.name}» (код ${holder.code})`);
    }
    // A scan of such a code is read as a weight label (settings), never as this barcode.
    if (barcode.length === 13 && weightPrefixes.some((p) => barcode.startsWith(p))) {
      refuse('VALIDATION', ['barcodes', i], `Штрихкод ${barcode} начинается с ${barcode.slice(0, 2)} — префикса весовой этикетки: касса прочтёт его как этикетку`);
    }
  });
  if (ctx.db.value<number>('SELECT 1 FROM sections WHERE code = ?', item.section) === undefined) {
    refuse('VALIDATION', ['section'], `Секции ${item.section} нет в справочнике секций`);
  }
  if (item.categoryId !== null && ctx.db.value<number>('SELECT 1 FROM categories WHERE id = ?', item.categoryId) === undefined) {
    refuse('NOT_FOUND', ['categoryId'], 'Категория не найдена (её могли удалить)');
  }
}

function writeBarcodes(ctx: Ctx, id: number, barcodes: readonly string[]): void {
  ctx.db.run('DELETE FROM item_barcodes WHERE item_id = ?', id);
  for (const barcode of barcodes) ctx.db.run('INSERT INTO item_barcodes (barcode, item_id) VALUES (?, ?)', barcode, id);
}

const flag = (b: boolean) => (b ? 1 : 0);

function writeRow(ctx: Ctx, id: number, item: Card): void {
  ctx.db.run(
    `UPDATE items SET code = @code, name = @name, name_lc = @nameLc, price = @price, vat_rate = @vatRate, unit = @unit, section = @section,
       category_id = @categoryId, marked = @marked, weighted = @weighted, free_price = @freePrice, hidden = @hidden, updated_at = @at
     WHERE id = @id`,
    {
      ...item,
      id,
      nameLc: searchKey(item.name),
      marked: flag(item.marked),
      weighted: flag(item.weighted),
      freePrice: flag(item.freePrice),
      hidden: flag(item.hidden),
      at: ctx.clock().toISOString(),
    },
  );
}

/** Field → [old, new] for each field that differs (barcodes compared as lists). */
function changesOf(before: Card | null, after: Card | null): Record<string, [unknown, unknown]> {
  const keys = Object.keys((after ?? before)!) as (keyof Card)[];
  const out: Record<string, [unknown, unknown]> = {};
  for (const k of keys) {
    const a = before ? before[k] : null;
    const b = after ? after[k] : null;
    // A made or deleted item keeps every field, an empty one too (no VAT, no category): the journal shows the whole card.
    if (before === null || after === null || JSON.stringify(a) !== JSON.stringify(b)) out[k] = [a, b];
  }
  return out;
}

function cardFromInput(input: Input): Card {
  return {
    code: input.code,
    name: input.name,
    // Kept in order of the digits (the table keeps no order of its own): the same set is no change.
    barcodes: [...input.barcodes].sort(),
    unit: input.unit,
    price: input.price,
    vatRate: input.vatRate,
    section: input.section,
    categoryId: input.categoryId,
    weighted: input.weighted,
    marked: input.marked,
    freePrice: input.freePrice,
    hidden: input.hidden,
  };
}

/** The item as the journal names it beside what changed («9001 Батон к чаю»): its id alone says nothing to the admin. */
const journalName = (card: Card) => `${card.code} ${card.name}`;

export function createItem(ctx: Ctx, input: Input): GoodsItem {
  const item = cardFromInput(input);
  return ctx.db.transaction(() => {
    requireConsistent(ctx, item, null);
    const id = ctx.db.value<number>(
      'INSERT INTO items (code, name, name_lc, price, unit, section) VALUES (?, ?, ?, ?, ?, ?) RETURNING id',
      item.code,
      item.name,
      searchKey(item.name),
      item.price,
      item.unit,
      item.section,
    )!;
    writeRow(ctx, id, item);
    writeBarcodes(ctx, id, item.barcodes);
    audit(ctx, 'goods.created', { itemId: id, changes: changesOf(null, item) });
    return getItem(ctx, id);
  })();
}

export function updateItem(ctx: Ctx, id: number, input: Input): GoodsItem {
  const item = cardFromInput(input);
  return ctx.db.transaction(() => {
    const before = cardOf(ctx, rowOf(ctx, id));
    requireConsistent(ctx, item, id);
    const changes = changesOf(before, item);
    if (Object.keys(changes).length === 0) return getItem(ctx, id);
    writeRow(ctx, id, item);
    if (changes.barcodes) writeBarcodes(ctx, id, item.barcodes);
    // Only the hidden flag changed: the journal calls it hiding (or showing) the item.
    const action = Object.keys(changes).length === 1 && changes.hidden ? 'goods.hidden' : 'goods.changed';
    audit(ctx, action, { itemId: id, item: journalName(item), changes });
    return getItem(ctx, id);
  })();
}

export function setHidden(ctx: Ctx, id: number, hidden: boolean): GoodsItem {
  return ctx.db.transaction(() => {
    const before = cardOf(ctx, rowOf(ctx, id));
    if (before.hidden === hidden) return getItem(ctx, id);
    ctx.db.run('UPDATE items SET hidden = ?, updated_at = ? WHERE id = ?', flag(hidden), ctx.clock().toISOString(), id);
    audit(ctx, 'goods.hidden', { itemId: id, item: journalName(before), changes: { hidden: [before.hidden, hidden] } });
    return getItem(ctx, id);
  })();
}

/** An item never sold, on no check and in no stock document goes; any other stays for the documents that name it, and may be hidden. */
export function deleteItem(ctx: Ctx, id: number): void {
  ctx.db.transaction(() => {
    const before = cardOf(ctx, rowOf(ctx, id));
    if (ctx.db.value<number>('SELECT 1 FROM open_check_lines WHERE item_id = ? LIMIT 1', id) !== undefined) {
      throw new KassaError('CONFLICT', `«${before.name}» есть в открытом или отложенном чеке: удалить нельзя. Скройте товар — он пропадёт из продажи.`, {
        canHide: true,
      });
    }
    if (ctx.db.value<number>('SELECT 1 FROM document_lines WHERE item_id = ? LIMIT 1', id) !== undefined) {
      throw new KassaError('CONFLICT', `«${before.name}» уже продавался: удалить нельзя, чеки ссылаются на него. Скройте товар — он пропадёт из продажи.`, {
        canHide: true,
      });
    }
    if (ctx.db.value<number>('SELECT 1 FROM stock_document_lines WHERE item_id = ? LIMIT 1', id) !== undefined) {
      throw new KassaError('CONFLICT', `«${before.name}» есть в документах учёта остатков: удалить нельзя. Скройте товар — он пропадёт из продажи.`, {
        canHide: true,
      });
    }
    ctx.db.run('DELETE FROM items WHERE id = ?', id);
    audit(ctx, 'goods.deleted', { itemId: id, changes: changesOf(before, null) });
  })();
}

/** The item's journal, newest first (by the audit_log_item index). */
export function itemHistory(ctx: Ctx, id: number): GoodsChange[] {
  rowOrDeleted(ctx, id);
  return ctx.db
    .all<{ at: string; user: string | null; action: GoodsChange['action']; details: string }>(
      `SELECT a.at, u.name AS user, a.action, a.details FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
        WHERE json_extract(a.details, '$.itemId') = ? AND a.action LIKE 'goods.%' ORDER BY a.id DESC`,
      id,
    )
    .map((r) => ({ at: r.at, user: r.user, action: r.action, changes: (JSON.parse(r.details) as { changes?: GoodsChange['changes'] }).changes ?? {} }));
}

/** A deleted item still has its history; an id never used has none to show. */
function rowOrDeleted(ctx: Ctx, id: number): void {
  if (ctx.db.value<number>('SELECT 1 FROM items WHERE id = ?', id) !== undefined) return;
  const known = ctx.db.value<number>("SELECT 1 FROM audit_log WHERE json_extract(details, '$.itemId') = ? AND action LIKE 'goods.%' LIMIT 1", id);
  if (known === undefined) throw new KassaError('NOT_FOUND', 'Товар не найден');
}
