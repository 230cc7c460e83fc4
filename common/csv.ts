/**
 * CSV the way Excel in a Russian locale opens it: UTF-8 with a BOM, `;` between fields, a decimal
 * comma, CRLF. One writer for the reports the renderer saves and the tables main exports.
 */
export type CsvCell = string | number;

function field(cell: CsvCell): string {
  const s = String(cell);
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
