/**
 * Money and quantities as the cashier reads and types them: integer kopecks, thousandths and
 * hundredths in, "12.34" out, and back. String handling, never floats. Pure; the screens, the
 * receipt and main's messages share it.
 */

/** 12345 → "123.45", -5 → "-0.05". */
export function formatMoney(kopecks: number): string {
  const sign = kopecks < 0 ? '-' : '';
  const abs = Math.abs(kopecks);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** "12.34", "12,3", "12" → kopecks; null when it is not an amount (at most 2 decimals). */
export function parseMoney(text: string): number | null {
  const m = /^(\d{1,9})(?:[.,](\d{0,2}))?$/.exec(text.trim());
  if (!m) return null;
  const rubles = m[1] ?? '0';
  const kop = (m[2] ?? '').padEnd(2, '0');
  return Number(rubles) * 100 + Number(kop);
}

/** Integer division rounded half away from zero. `den` must be positive. */
export function divRound(num: number, den: number): number {
  if (!Number.isSafeInteger(num) || !Number.isSafeInteger(den) || den <= 0) {
    throw new RangeError(`divRound needs safe integers and a positive divisor: ${num} / ${den}`);
  }
  const q = Math.trunc(num / den);
  const r = num - q * den;
  if (2 * Math.abs(r) >= den) return q + Math.sign(num);
  return q === 0 ? 0 : q; // Math.trunc(-0.4) is -0; a total or VAT of -0 is not Object.is 0
}

/** Line amount = price × quantity / 1000, to the kopeck, half away from zero (a check's line, a receipt of goods' line). */
export function lineAmount(price: number, quantityMilli: number): number {
  return divRound(price * quantityMilli, 1000);
}

/**
 * A quantity as typed — "12", "1,25", "0.5", "3." — in thousandths, zero included (an inventory's
 * count); null when it is not one of at most nine whole digits and three decimals. Where a quantity
 * must be more than zero, or smaller, the caller says so.
 */
export function parseQuantity(text: string): number | null {
  const m = /^(\d{1,9})(?:[.,](\d{0,3}))?$/.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) * 1000 + Number((m[2] ?? '').padEnd(3, '0'));
}

/**
 * 1000 → "1", 1234 → "1.234", 500 → "0.5"; below zero (a stock balance, an inventory's shortfall)
 * with its minus as formatMoney writes it: -500 → "-0.5", -1234 → "-1.234".
 */
export function formatQuantity(milli: number): string {
  const abs = Math.abs(milli);
  const whole = Math.trunc(abs / 1000);
  const frac = abs % 1000;
  const text = frac === 0 ? String(whole) : `${whole}.${String(frac).padStart(3, '0').replace(/0+$/, '')}`;
  return milli < 0 ? `-${text}` : text;
}

/** 2000 → "20", 1050 → "10.5". */
export function formatPercent(hundredths: number): string {
  const whole = Math.trunc(hundredths / 100);
  const frac = hundredths % 100;
  return frac === 0 ? String(whole) : `${whole}.${String(frac).padStart(2, '0').replace(/0+$/, '')}`;
}

/** 1250 → "12.5 %": a percent as the screens and the journal write it. */
export function percentText(hundredths: number): string {
  return `${formatPercent(hundredths)} %`;
}

/** "12,5" or "12.50" → 1250 hundredths of a percent, 0 too; null unless a number of up to 3 digits with at most 2 decimals. */
export function parsePercentValue(text: string): number | null {
  const m = /^(\d{1,3})(?:[.,](\d{0,2}))?$/.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** "10" → 1000, "12.5" → 1250 (hundredths of a percent); null unless 0 < p ≤ 100 with at most 2 decimals. */
export function parsePercent(text: string): number | null {
  const value = parsePercentValue(text);
  return value !== null && value > 0 && value <= 10_000 ? value : null;
}

/** A VAT rate in hundredths of a percent as the receipt and the reports name it: "НДС 20%", "Без НДС". */
export function formatVatRate(rateHundredths: number | null): string {
  return rateHundredths === null ? 'Без НДС' : `НДС ${rateHundredths / 100}%`;
}
