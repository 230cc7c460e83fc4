/** "12", "1.5", "1,250" → thousandths; null when it is not a quantity of at most three decimals. */
export function parseQuantity(text: string): number | null {
  const m = /^(\d{1,9})(?:[.,](\d{1,3}))?$/.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) * 1000 + Number((m[2] ?? '').padEnd(3, '0'));
}
