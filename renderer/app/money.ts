/** Money on screen: integer kopecks in, "12.34" out. Parsing is string handling, never floats. */

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

/** 1000 → "1", 1234 → "1.234", 500 → "0.5". */
export function formatQuantity(milli: number): string {
  const whole = Math.trunc(milli / 1000);
  const frac = milli % 1000;
  return frac === 0 ? String(whole) : `${whole}.${String(frac).padStart(3, '0').replace(/0+$/, '')}`;
}

/** 2000 → "20", 1050 → "10.5". */
export function formatPercent(hundredths: number): string {
  const whole = Math.trunc(hundredths / 100);
  const frac = hundredths % 100;
  return frac === 0 ? String(whole) : `${whole}.${String(frac).padStart(2, '0').replace(/0+$/, '')}`;
}

/** An ISO time as the till shows it: "22.11.2025 14:05". */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getDate())}.${p(d.getMonth() + 1)}.${d.getFullYear()} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** "10" → 1000, "12.5" → 1250 (hundredths of a percent); null unless 0 < p ≤ 100 with at most 2 decimals. */
export function parsePercent(text: string): number | null {
  const m = /^(\d{1,3})(?:[.,](\d{0,2}))?$/.exec(text.trim());
  if (!m) return null;
  const value = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return value > 0 && value <= 10_000 ? value : null;
}

/** An ISO time as a date only: "22.11.2025". */
export function formatDate(iso: string): string {
  return formatDateTime(iso).split(' ')[0] ?? iso;
}

/** Today as the contract's dates are written: "2025-11-22" (local time). */
export function isoToday(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}
