/** "12", "1.5", "1,250" → thousandths; null when it is not a quantity of at most three decimals. */
export function parseQuantity(text: string): number | null {
  const m = /^(\d{1,9})(?:[.,](\d{1,3}))?$/.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) * 1000 + Number((m[2] ?? '').padEnd(3, '0'));
}

/** Thousandths as the screen shows them, a balance below zero with its minus. */
export function formatBalance(milli: number): string {
  const abs = Math.abs(milli);
  const whole = Math.trunc(abs / 1000);
  const frac = abs % 1000;
  const text = frac === 0 ? String(whole) : `${whole}.${String(frac).padStart(3, '0').replace(/0+$/, '')}`;
  return milli < 0 ? `−${text}` : text;
}
