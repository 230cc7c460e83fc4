/**
 * Money rules of DOMAIN.md: integer kopecks, quantities in thousandths, rates in hundredths.
 * How money is written for people is common/money.ts (the screens need it too).
 */
import { divRound, formatMoney } from '../../common/money.js';

// The screens reckon a line as the till does (a receipt of goods' total): one copy, in common/.
export { divRound, lineAmount } from '../../common/money.js';

/** The largest line a till takes: 10 000 000.00 BYN. Keeps every sum, VAT and spread far from float limits. */
export const MAX_LINE_AMOUNT = 1_000_000_000;

/** Why a line of `price` × `quantityMilli` cannot be sold, or null. */
export function lineSizeProblem(price: number, quantityMilli: number): string | null {
  const product = price * quantityMilli;
  if (!Number.isSafeInteger(product) || Math.abs(product) > MAX_LINE_AMOUNT * 1000) {
    return `Сумма строки больше ${formatMoney(MAX_LINE_AMOUNT)}: проверьте цену и количество`;
  }
  return null;
}

/** VAT inside an amount at a rate given in hundredths of a percent (2000 = 20 %). */
export function vatOf(amount: number, rateHundredths: number | null): number {
  if (rateHundredths === null || rateHundredths === 0) return 0;
  return divRound(amount * rateHundredths, 10_000 + rateHundredths);
}

/**
 * A document's VAT per rate: the VAT of each rate's total on it (DOMAIN.md), not the sum of the
 * lines' rounded VATs. Rates in the order they first appear; zero-rate and no-VAT rates included.
 */
export function vatByRate<R extends number | null>(
  lines: readonly { readonly amount: number; readonly vatRate: R }[],
): { vatRate: R; amount: number; vat: number }[] {
  const totals = new Map<R, number>();
  for (const l of lines) totals.set(l.vatRate, (totals.get(l.vatRate) ?? 0) + l.amount);
  return [...totals].map(([vatRate, amount]) => ({ vatRate, amount, vat: vatOf(amount, vatRate) }));
}
