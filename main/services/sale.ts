/** The sale: the open check (kept in the database), its lines, and payment into a document. */
import type { CheckLine, OpenCheck, PaymentForm, VatRate } from '../../preload/contract.js';
import { KassaError } from '../domain/errors.js';
import { lineAmount } from '../domain/money.js';
import { settle } from '../domain/payment.js';
import { audit } from './audit.js';
import { itemByBarcode, itemById } from './catalogue.js';
import type { Ctx } from './context.js';
import { appendDocument } from './documents.js';
import { requireOpenShift } from './shift.js';
import { requireUser } from './users.js';

type LineRow = {
  id: number; item_id: number; name: string; barcode: string | null; quantity: number;
  unit: 'шт' | 'кг'; price: number; vat_rate: VatRate; section: number;
};

function lines(ctx: Ctx): LineRow[] {
  return ctx.db.prepare('SELECT * FROM open_check_lines ORDER BY id').all() as LineRow[];
}

function toLine(r: LineRow): CheckLine {
  return {
    id: r.id, itemId: r.item_id, name: r.name, barcode: r.barcode, quantity: r.quantity, unit: r.unit,
    price: r.price, amount: lineAmount(r.price, r.quantity), vatRate: r.vat_rate,
  };
}

export function openCheck(ctx: Ctx): OpenCheck {
  const checkLines = lines(ctx).map(toLine);
  return { lines: checkLines, total: checkLines.reduce((sum, l) => sum + l.amount, 0) };
}

export type AddItem = { barcode: string; quantity?: number | undefined } | { itemId: number; quantity?: number | undefined };

export function addItem(ctx: Ctx, input: AddItem): OpenCheck {
  const item = 'barcode' in input ? itemByBarcode(ctx, input.barcode) : itemById(ctx, input.itemId);
  if (item.unit === 'кг' && input.quantity === undefined) {
    throw new KassaError('VALIDATION', `«${item.name}» — весовой товар: укажите вес`);
  }
  const quantity = input.quantity ?? 1000;
  if (item.unit === 'шт' && quantity % 1000 !== 0) throw new KassaError('VALIDATION', 'Штучный товар продаётся целым количеством');
  ctx.db
    .prepare(
      `INSERT INTO open_check_lines (item_id, name, barcode, quantity, unit, price, vat_rate, section)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(item.id, item.name, 'barcode' in input ? input.barcode : (item.barcodes[0] ?? null), quantity, item.unit, item.price, item.vatRate, item.section);
  return openCheck(ctx);
}

export function removeLine(ctx: Ctx, lineId: number): OpenCheck {
  const { changes } = ctx.db.prepare('DELETE FROM open_check_lines WHERE id = ?').run(lineId);
  if (changes === 0) throw new KassaError('NOT_FOUND', 'Строка чека не найдена');
  return openCheck(ctx);
}

export function cancelCheck(ctx: Ctx): OpenCheck {
  ctx.db.transaction(() => {
    const dropped = lines(ctx);
    if (dropped.length === 0) return;
    ctx.db.prepare('DELETE FROM open_check_lines').run();
    audit(ctx, 'check.cancelled', { lines: dropped.map((l) => ({ name: l.name, quantity: l.quantity, price: l.price })) });
  })();
  return openCheck(ctx);
}

/** Pays the open check: the sale document, its payments and its outbox row in one transaction. */
export function payCheck(ctx: Ctx, payments: readonly { form: PaymentForm; amount: number }[]): { documentId: number; change: number } {
  const user = requireUser(ctx);
  return ctx.db.transaction(() => {
    const shift = requireOpenShift(ctx);
    const check = lines(ctx).map((r) => ({ row: r, line: toLine(r) }));
    const total = check.reduce((sum, c) => sum + c.line.amount, 0);
    if (check.length === 0) throw new KassaError('VALIDATION', 'Чек пуст: добавьте товар');
    const settled = settle(total, payments);
    if ('problem' in settled) throw new KassaError('VALIDATION', settled.problem);
    const documentId = appendDocument(ctx, {
      kind: 'sale',
      shift,
      user,
      total,
      change: settled.change,
      lines: check.map(({ row, line }) => ({
        itemId: line.itemId, name: line.name, barcode: line.barcode, quantity: line.quantity, unit: line.unit,
        price: line.price, amount: line.amount, vatRate: line.vatRate, section: row.section,
      })),
      payments,
    });
    ctx.db.prepare('DELETE FROM open_check_lines').run();
    return { documentId, change: settled.change };
  })();
}
