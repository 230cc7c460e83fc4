/**
 * CSV the way Excel in a Russian locale opens it: UTF-8 with a BOM, `;` between fields, a decimal
 * comma, CRLF; text that would be a formula written as text. One writer for the reports, the tables
 * main exports and the journal.
 */
export type CsvCell = string | number;

/** Text Excel would run as a formula: = + - @ first (a tab or a CR too). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A number as the tables write it («-0,05», «12»): it stays a number. */
const PLAIN_NUMBER = /^[-+]?\d+(?:,\d+)?$/;

function field(cell: CsvCell): string {
  const text = String(cell);
  // An item's name from a supplier's price list («=HYPERLINK(…)», «-10% акция») must not run in the admin's Excel: written as text.
  const s = typeof cell === 'string' && FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
  return /[";\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return `\uFEFF${rows.map((r) => r.map(field).join(';')).join('\r\n')}\r\n`;
}

/** `value / scale` with a decimal comma, exact (no floating point): 1234567 at 1000 → `1234,567`, -5 at 100 → `-0,05`. */
export function decimalComma(value: number, scale: number): string {
  if (scale === 1) return String(value);
  const digits = String(scale).length - 1;
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  return `${sign}${Math.trunc(abs / scale)},${String(abs % scale).padStart(digits, '0')}`;
}
