/**
 * The admin's stock documents: goods receipt (приход), write-off (списание), inventory count
 * (инвентаризация). Each is posted when made — numbered per kind, its balances moved in the same
 * transaction — and never changed afterwards (the database refuses it).
 */
import type { StockDocument, StockDocumentKind, StockDocumentSummary, StockSettings } from '../../../preload/contract/index.js';
import { KassaError } from '../../domain/errors.js';
import { audit } from '../audit.js';
import type { Ctx } from '../context.js';
import { getSetting, setSetting } from '../settings.js';
import { requireUser } from '../users.js';
import { addToBalance, balanceOf, stockOn } from './moves.js';

export function stockSettings(ctx: Ctx): StockSettings {
  return getSetting(ctx, 'stock');
}

export function saveStockSettings(ctx: Ctx, next: StockSettings): StockSettings {
  return ctx.db.transaction(() => {
    const before = getSetting(ctx, 'stock');
    setSetting(ctx, 'stock', next);
    audit(ctx, 'stock.settings', { before, after: next });
    return getSetting(ctx, 'stock');
  })();
}

const KIND_NAME: Record<StockDocumentKind, string> = { receipt: 'Приход', write_off: 'Списание', inventory: 'Инвентаризация' };

function requireStockOn(ctx: Ctx): void {
  if (!stockOn(ctx)) throw new KassaError('CONFLICT', 'Учёт остатков выключен: включите его в «Остатки» → «Настройки»');
}

type ItemRow = { id: number; code: string; name: string; unit: string };

/** Every item of the lines, found; an item twice in one document is refused (one line per item). */
function itemsOf(ctx: Ctx, ids: readonly number[]): Map<number, ItemRow> {
  const found = new Map<number, ItemRow>();
  const seen = new Set<number>();
  ids.forEach((id, i) => {
    if (seen.has(id)) {
      const it = found.get(id)!;
      throw new KassaError('VALIDATION', `Строка ${i + 1}: «${it.name}» уже есть в документе — одна строка на товар`, {
        issues: [{ path: ['lines', i, 'itemId'], message: 'Товар уже есть в документе' }],
      });
    }
    seen.add(id);
    const row = ctx.db.one<ItemRow>('SELECT id, code, name, unit FROM items WHERE id = ?', id);
    if (!row) throw new KassaError('NOT_FOUND', `Строка ${i + 1}: товар не найден`, { issues: [{ path: ['lines', i, 'itemId'], message: 'Товар не найден' }] });
    found.set(id, row);
  });
  return found;
}

function piecesOnly(item: ItemRow, quantity: number, i: number): void {
  if (item.unit === 'шт' && quantity % 1000 !== 0) {
    throw new KassaError('VALIDATION', `Строка ${i + 1}: «${item.name}» — штучный товар, количество целое`, {
      issues: [{ path: ['lines', i, 'quantity'], message: 'Штучный товар — целое количество' }],
    });
  }
}

type Header = { kind: StockDocumentKind; supplier?: string | null; reason?: string | null; note?: string | undefined };
type Line = { itemId: number; quantity: number; price?: number | null; book?: number | null };

/** The document and its lines, numbered; the caller moves the balances. Inside a transaction. */
function post(ctx: Ctx, header: Header, lines: readonly Line[]): number {
  const user = requireUser(ctx);
  const number = ctx.db.value<number>('SELECT coalesce(max(number), 0) + 1 FROM stock_documents WHERE kind = ?', header.kind)!;
  const id = Number(
    ctx.db.run(
      'INSERT INTO stock_documents (kind, number, created_at, user_id, supplier, reason, note) VALUES (?, ?, ?, ?, ?, ?, ?)',
      header.kind,
      number,
      ctx.clock().toISOString(),
      user.id,
      header.supplier ?? null,
      header.reason ?? null,
      header.note ?? '',
    ).lastInsertRowid,
  );
  const insert = ctx.db.prepare('INSERT INTO stock_document_lines (document_id, line_no, item_id, quantity, price, book) VALUES (?, ?, ?, ?, ?, ?)');
  lines.forEach((l, i) => insert.run(id, i + 1, l.itemId, l.quantity, l.price ?? null, l.book ?? null));
  audit(ctx, `stock.${header.kind}`, { documentId: id, number, lines: lines.length });
  return id;
}

/**
 * One stock document in one transaction: the lines' items are checked (pieces in whole units),
 * then `write` posts the document and moves the balances.
 */
function postChecked(ctx: Ctx, lines: readonly { itemId: number; quantity: number }[], write: () => number): StockDocument {
  requireStockOn(ctx);
  const id = ctx.db.transaction(() => {
    const items = itemsOf(
      ctx,
      lines.map((l) => l.itemId),
    );
    lines.forEach((l, i) => piecesOnly(items.get(l.itemId)!, l.quantity, i));
    return write();
  })();
  return stockDocument(ctx, id);
}

export function receiveGoods(
  ctx: Ctx,
  input: { supplier: string; note?: string | undefined; lines: readonly { itemId: number; quantity: number; price: number }[] },
): StockDocument {
  return postChecked(ctx, input.lines, () => {
    const id = post(ctx, { kind: 'receipt', supplier: input.supplier, note: input.note }, input.lines);
    for (const l of input.lines) addToBalance(ctx, l.itemId, l.quantity);
    return id;
  });
}

export function writeOffGoods(
  ctx: Ctx,
  input: { reason: string; note?: string | undefined; lines: readonly { itemId: number; quantity: number }[] },
): StockDocument {
  return postChecked(ctx, input.lines, () => {
    const id = post(ctx, { kind: 'write_off', reason: input.reason, note: input.note }, input.lines);
    for (const l of input.lines) addToBalance(ctx, l.itemId, -l.quantity);
    return id;
  });
}

/** The counted balances replace those on record; each line keeps the balance it replaced (the difference). */
export function countStock(ctx: Ctx, input: { note?: string | undefined; lines: readonly { itemId: number; counted: number }[] }): StockDocument {
  const counted = input.lines.map((l) => ({ itemId: l.itemId, quantity: l.counted }));
  return postChecked(ctx, counted, () => {
    // The balances on record are read inside the transaction, with the document that replaces them.
    const lines = counted.map((l) => ({ ...l, book: balanceOf(ctx, l.itemId) }));
    const id = post(ctx, { kind: 'inventory', note: input.note }, lines);
    for (const l of lines) addToBalance(ctx, l.itemId, l.quantity - l.book);
    return id;
  });
}

type DocRow = {
  id: number;
  kind: StockDocumentKind;
  number: number;
  created_at: string;
  author: string | null;
  supplier: string | null;
  reason: string | null;
  note: string;
  lines: number;
  amount: number;
};

/** The sum is the lines' `lineAmount`s (common/money.ts): price × quantity rounded half up, the same as a half away from zero here (both are ≥ 0 by the table's CHECKs). */
const SELECT = `
  SELECT d.id, d.kind, d.number, d.created_at, u.name AS author, d.supplier, d.reason, d.note,
         (SELECT count(*) FROM stock_document_lines l WHERE l.document_id = d.id) AS lines,
         (SELECT coalesce(sum((l.price * l.quantity + 500) / 1000), 0) FROM stock_document_lines l WHERE l.document_id = d.id AND l.price IS NOT NULL) AS amount
    FROM stock_documents d LEFT JOIN users u ON u.id = d.user_id`;

const summary = (r: DocRow): StockDocumentSummary => ({
  id: r.id,
  kind: r.kind,
  number: r.number,
  createdAt: r.created_at,
  author: r.author ?? '—',
  supplier: r.supplier,
  reason: r.reason,
  note: r.note,
  lines: r.lines,
  amount: r.amount,
});

export function stockDocuments(
  ctx: Ctx,
  f: { kind?: StockDocumentKind | undefined; limit: number; offset: number },
): { items: StockDocumentSummary[]; total: number } {
  const where = f.kind ? 'WHERE d.kind = ?' : '';
  const args = f.kind ? [f.kind] : [];
  const total = ctx.db.value<number>(`SELECT count(*) FROM stock_documents d ${where}`, ...args)!;
  const rows = ctx.db.all<DocRow>(`${SELECT} ${where} ORDER BY d.id DESC LIMIT ? OFFSET ?`, ...args, f.limit, f.offset);
  return { items: rows.map(summary), total };
}

export function stockDocument(ctx: Ctx, id: number): StockDocument {
  const row = ctx.db.one<DocRow>(`${SELECT} WHERE d.id = ?`, id);
  if (!row) throw new KassaError('NOT_FOUND', 'Документ не найден');
  const lines = ctx.db.all<{
    lineNo: number;
    itemId: number;
    code: string;
    name: string;
    unit: string;
    quantity: number;
    price: number | null;
    book: number | null;
  }>(
    `SELECT l.line_no AS lineNo, l.item_id AS itemId, i.code, i.name, i.unit, l.quantity, l.price, l.book
       FROM stock_document_lines l JOIN items i ON i.id = l.item_id WHERE l.document_id = ? ORDER BY l.line_no`,
    id,
  );
  const { lines: _count, ...head } = summary(row);
  return { ...head, lines };
}

export const stockDocumentTitle = (d: Pick<StockDocument, 'kind' | 'number'>) => `${KIND_NAME[d.kind]} № ${d.number}`;
