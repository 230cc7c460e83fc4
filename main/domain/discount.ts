/**
 * Discounts and markups (DOMAIN «Money, VAT, discounts»): per line, percent or sum, and per check,
 * spread over the lines in proportion to their amounts with the remainder kopecks assigned
 * deterministically, so that the lines always add up to the check total and none goes negative. Pure.
 */
import type { Adjustment, DiscountLimits } from '../../preload/contract/index.js';
import { divRound } from './money.js';

/**
 * Splits `total` kopecks into parts proportional to `weights` (non-negative integers), each part
 * the floor of its exact share, and the kopecks left over to the parts with the largest remainders
 * (the earlier line first on a tie). The parts add up to `total`; when |total| ≤ Σweights no part
 * exceeds its weight. A negative total is split like its absolute value, with the sign kept.
 */
export function spreadProportionally(total: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(total)) throw new RangeError(`spread needs a safe integer total: ${total}`);
  if (weights.some((w) => !Number.isSafeInteger(w) || w < 0)) throw new RangeError('spread needs non-negative integer weights');
  if (total === 0) return weights.map(() => 0);
  const sign = total < 0 ? -1 : 1;
  const t = BigInt(Math.abs(total));
  const sumW = weights.reduce((s, w) => s + BigInt(w), 0n);
  if (sumW === 0n) throw new RangeError('spread over zero weights');
  const parts = weights.map((w) => (t * BigInt(w)) / sumW);
  const remainders = weights.map((w, i) => ({ i, r: (t * BigInt(w)) % sumW }));
  let left = Number(t - parts.reduce((s, p) => s + p, 0n));
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0) break;
    parts[i]! += 1n;
    left--;
  }
  return parts.map((p) => (p === 0n ? 0 : sign * Number(p)));
}

/** Kopecks an adjustment takes off `base` (negative for a markup); percent rounded half away from zero. */
export function adjustmentAmount(base: number, adjustment: Adjustment): number {
  const size = adjustment.by === 'percent' ? divRound(base * adjustment.value, 10_000) : adjustment.value;
  // `0 - size`, not `-size`: a markup that rounds to nothing is 0, never -0 (which JSON and equality checks tell apart).
  return adjustment.kind === 'discount' ? size : 0 - size;
}

function percentText(hundredths: number): string {
  return `${hundredths / 100} %`;
}

/** Why an adjustment of `base` is refused (limits of the settings), or null when it is allowed. */
export function adjustmentProblem(base: number, adjustment: Adjustment, limits: DiscountLimits, on: 'line' | 'check'): string | null {
  if (adjustment.kind === 'markup') return limits.allowMarkup ? null : 'Надбавки запрещены настройками';
  const discount = adjustmentAmount(base, adjustment);
  const where = on === 'line' ? 'строки' : 'чека';
  if (discount > base) return `Скидка больше суммы ${where}`;
  const max = on === 'line' ? limits.maxLinePercent : limits.maxCheckPercent;
  // discount / base ≤ max / 10000, in integers
  if (discount * 10_000 > base * max) return `Скидка больше допустимой: не более ${percentText(max)} суммы ${where}`;
  return null;
}

export type PricedLine = {
  readonly baseAmount: number;
  readonly lineDiscount: number;
  readonly checkDiscount: number;
  readonly amount: number;
};

export type PricedCheck = {
  readonly lines: readonly PricedLine[];
  /** Σ (base − line discount). */
  readonly subtotal: number;
  /** What the check adjustment takes off in all (negative: a markup). */
  readonly checkDiscount: number;
  readonly total: number;
};

/**
 * The amounts of a check: each line's own adjustment first (a line discount never below zero),
 * then the check adjustment spread over the lines by their amounts. A check sum discount larger
 * than the lines is cut to them, so that no line goes negative.
 */
export function priceCheck(
  lines: readonly { readonly baseAmount: number; readonly adjustment: Adjustment | null }[],
  checkAdjustment: Adjustment | null,
): PricedCheck {
  const afterLine = lines.map((l) => {
    const d = l.adjustment ? Math.min(adjustmentAmount(l.baseAmount, l.adjustment), l.baseAmount) : 0;
    return { baseAmount: l.baseAmount, lineDiscount: d, amount: l.baseAmount - d };
  });
  const subtotal = afterLine.reduce((s, l) => s + l.amount, 0);
  let checkDiscount = 0;
  if (checkAdjustment && subtotal > 0) checkDiscount = Math.min(adjustmentAmount(subtotal, checkAdjustment), subtotal);
  const shares =
    checkDiscount === 0
      ? afterLine.map(() => 0)
      : spreadProportionally(
          checkDiscount,
          afterLine.map((l) => l.amount),
        );
  const priced = afterLine.map((l, i) => ({ ...l, checkDiscount: shares[i]!, amount: l.amount - shares[i]! }));
  return { lines: priced, subtotal, checkDiscount, total: subtotal - checkDiscount };
}
