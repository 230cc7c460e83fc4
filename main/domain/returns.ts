/**
 * Return limits: never more than was sold minus earlier returns — per line in quantity and
 * amount, per check in total, and per payment form in what is refunded. Pure.
 */
import type { PaymentForm } from '../../preload/contract/index.js';
import { spreadProportionally } from './discount.js';
import { formatMoney, formatQuantity } from '../../common/money.js';
import { divRound } from './money.js';

export type SoldLine = {
  readonly quantity: number;
  readonly amount: number;
  /** Already returned by returns that stand. */
  readonly returnedQuantity: number;
  readonly returnedAmount: number;
  /** Of `returnedAmount`, what returns without itemization gave back (no quantity went with it). */
  readonly returnedUnitemized?: number;
};

/**
 * The amount of returning `quantity` of a sold line: its share of the line amount, and exactly
 * what is left of it when the rest of the quantity goes back (so a line returned in parts adds up
 * to what was paid for it, never more).
 */
export function returnAmount(line: SoldLine, quantity: number): number | { problem: string } {
  const leftQuantity = line.quantity - line.returnedQuantity;
  const leftAmount = line.amount - line.returnedAmount;
  if (!Number.isSafeInteger(quantity) || quantity <= 0) return { problem: 'Количество к возврату должно быть больше нуля' };
  if (quantity > leftQuantity) {
    return { problem: leftQuantity <= 0 ? 'Эта позиция уже возвращена полностью' : `Можно вернуть не больше ${formatQuantity(leftQuantity)}` };
  }
  if (leftAmount <= 0 && (line.returnedUnitemized ?? 0) > 0) return { problem: 'деньги за неё уже выданы возвратом без детализации' };
  if (quantity === leftQuantity) return leftAmount;
  return Math.min(divRound(line.amount * quantity, line.quantity), leftAmount);
}

export type FormBalance = { readonly form: PaymentForm; readonly amount: number };

/**
 * What a check was paid with, less change (from cash) and less earlier refunds: what each form
 * can still give back.
 */
export function refundableByForm(payments: readonly FormBalance[], change: number, refunded: readonly FormBalance[]): FormBalance[] {
  const left = new Map<PaymentForm, number>();
  for (const p of payments) left.set(p.form, (left.get(p.form) ?? 0) + p.amount);
  if (change > 0) left.set('cash', (left.get('cash') ?? 0) - change);
  for (const r of refunded) left.set(r.form, (left.get(r.form) ?? 0) - r.amount);
  return [...left].map(([form, amount]) => ({ form, amount: Math.max(0, amount) })).filter((f) => f.amount > 0);
}

/**
 * Splits a refund over the original payment forms in proportion to what each can still give back.
 * Refused when the refund is more than all of them together.
 */
export function allocateRefund(amount: number, left: readonly FormBalance[]): FormBalance[] | { problem: string } {
  const total = left.reduce((s, f) => s + f.amount, 0);
  if (amount <= 0) return { problem: 'Сумма возврата должна быть больше нуля' };
  if (amount > total) return { problem: `По этому чеку можно вернуть не больше ${formatMoney(total)}` };
  const parts = spreadProportionally(
    amount,
    left.map((f) => f.amount),
  );
  return left.map((f, i) => ({ form: f.form, amount: parts[i]! })).filter((f) => f.amount > 0);
}

export type SaleLineShare = { readonly id: number; readonly vatRate: number | null; readonly quantity: number; readonly amount: number };
/** A line of a return that stands: itemized (`originLineId`) or an unitemized amount at a VAT rate. */
export type ReturnLineShare = { readonly originLineId: number | null; readonly vatRate: number | null; readonly quantity: number; readonly amount: number };

/**
 * What has gone back of each sale line. An itemized return line counts against its own line; an
 * unitemized one (a sum at a VAT rate) is spread over that rate's lines by what was left of each
 * when it was made, so a later itemized return cannot give the same money back twice and no rate
 * ever returns more than it sold. `returns` in the order they were made.
 */
/** What has gone back of one sale line: quantity and amount, and the part of it returned without itemization. */
export type Returned = { quantity: number; amount: number; unitemized: number };

export function returnedShares(sale: readonly SaleLineShare[], returns: readonly (readonly ReturnLineShare[])[]): Map<number, Returned> {
  const done = new Map(sale.map((l) => [l.id, { quantity: 0, amount: 0, unitemized: 0 }]));
  for (const lines of returns) {
    for (const r of lines) {
      if (r.originLineId !== null) {
        const d = done.get(r.originLineId);
        if (!d) continue;
        d.quantity += r.quantity;
        d.amount += r.amount;
        continue;
      }
      const same = sale.filter((l) => l.vatRate === r.vatRate);
      const left = same.map((l) => Math.max(0, l.amount - done.get(l.id)!.amount));
      if (left.every((x) => x === 0)) continue;
      spreadProportionally(
        Math.min(
          r.amount,
          left.reduce((s, x) => s + x, 0),
        ),
        left,
      ).forEach((part, i) => {
        const d = done.get(same[i]!.id)!;
        d.amount += part;
        d.unitemized += part;
      });
    }
  }
  return done;
}
