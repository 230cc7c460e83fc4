/**
 * Balances move with the fiscal documents, in the transaction that writes the document: a sale
 * takes goods out, a return brings them back, an annulment undoes what the annulled document
 * moved. On the sale path this is one kept UPSERT per line and one row per document — and
 * nothing but a setting read while stock is off.
 */
import type { NegativeStockPolicy, StockSettings } from '../../../preload/contract/index.js';
import { formatQuantity } from '../../../common/money.js';
import { KassaError } from '../../domain/errors.js';
import type { Ctx } from '../context.js';
import { getSetting } from '../settings.js';

export type StockLine = { readonly itemId: number | null; readonly quantity: number; readonly name: string; readonly unit: string };

/** The stock settings when stock is on; null when it is off. */
export function stockOn(ctx: Pick<Ctx, 'db'>): StockSettings | null {
  const s = getSetting(ctx, 'stock');
  return s.enabled ? s : null;
}

const UPSERT =
  'INSERT INTO stock_balances (item_id, quantity) VALUES (?, ?) ON CONFLICT (item_id) DO UPDATE SET quantity = quantity + excluded.quantity RETURNING quantity';

/** Adds `delta` (thousandths, signed) to the item's balance; the new balance. Inside the caller's transaction. */
export function addToBalance(ctx: Pick<Ctx, 'db'>, itemId: number, delta: number): number {
  return ctx.db.value<number>(UPSERT, itemId, delta)!;
}

export function balanceOf(ctx: Pick<Ctx, 'db'>, itemId: number): number {
  return ctx.db.value<number>('SELECT quantity FROM stock_balances WHERE item_id = ?', itemId) ?? 0;
}

const onHand = (line: Pick<StockLine, 'name' | 'unit'>, balance: number) => `«${line.name}»: на остатке ${formatQuantity(balance)} ${line.unit}`;

/** The refusal a sale gets under the `refuse` policy, naming the item and its balance. */
function refusal(line: StockLine, balance: number): KassaError {
  return new KassaError(
    'CONFLICT',
    `Недостаточно товара ${onHand(line, balance)}, а продаётся ${formatQuantity(line.quantity)} ${line.unit}. Продажа не проведена.`,
    { itemId: line.itemId, balance, quantity: line.quantity },
  );
}

/** Quantities of each item in these lines (an item may be on several lines). */
function byItem(lines: readonly StockLine[]): Map<number, { line: StockLine; quantity: number }> {
  const map = new Map<number, { line: StockLine; quantity: number }>();
  for (const l of lines) {
    if (l.itemId === null) continue;
    const had = map.get(l.itemId);
    map.set(l.itemId, { line: l, quantity: (had?.quantity ?? 0) + l.quantity });
  }
  return map;
}

/**
 * What selling these lines would do to the balances under the policy: under `refuse` a shortfall
 * is thrown; under `warn` it is the warning for the cashier; otherwise null. Reads only.
 */
export function saleShortfall(ctx: Pick<Ctx, 'db'>, lines: readonly StockLine[], policy: NegativeStockPolicy): string | null {
  if (policy === 'allow') return null;
  const short: string[] = [];
  for (const { line, quantity } of byItem(lines).values()) {
    const balance = balanceOf(ctx, line.itemId!);
    if (balance - quantity >= 0) continue;
    if (policy === 'refuse') throw refusal({ ...line, quantity }, balance);
    short.push(onHand(line, balance));
  }
  return short.length === 0 ? null : `Остаток уйдёт в минус: ${short.join('; ')}`;
}

/** Marks the fiscal document as one that moved stock (statements read its lines). */
function moved(ctx: Ctx, documentId: number): void {
  ctx.db.run('INSERT INTO stock_fiscal_documents (document_id, at) VALUES (?, ?)', documentId, ctx.clock().toISOString());
}

/**
 * A sale (out) or a return (in), inside the document's transaction. A sale under `refuse` that
 * would take a balance below zero throws, and the whole document rolls back.
 */
export function moveForCheck(ctx: Ctx, documentId: number, kind: 'sale' | 'return', lines: readonly StockLine[]): void {
  const stock = stockOn(ctx);
  if (!stock) return;
  const sign = kind === 'sale' ? -1 : 1;
  let any = false;
  for (const l of lines) {
    if (l.itemId === null) continue;
    any = true;
    const balance = addToBalance(ctx, l.itemId, sign * l.quantity);
    if (kind === 'sale' && balance < 0 && stock.negative === 'refuse') throw refusal(l, balance + l.quantity);
  }
  if (any) moved(ctx, documentId);
}

/** An annulment undoes what the annulled document moved — only if it moved stock. */
export function moveForAnnulment(ctx: Ctx, annulmentId: number, targetId: number): void {
  if (!stockOn(ctx)) return;
  const target = ctx.db.one<{ kind: string }>(
    'SELECT d.kind FROM stock_fiscal_documents f JOIN documents d ON d.id = f.document_id WHERE f.document_id = ?',
    targetId,
  );
  if (!target || (target.kind !== 'sale' && target.kind !== 'return')) return;
  const sign = target.kind === 'sale' ? 1 : -1;
  const lines = ctx.db.all<{ item_id: number; quantity: number }>(
    'SELECT item_id, quantity FROM document_lines WHERE document_id = ? AND item_id IS NOT NULL',
    targetId,
  );
  for (const l of lines) addToBalance(ctx, l.item_id, sign * l.quantity);
  moved(ctx, annulmentId);
}
