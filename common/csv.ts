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

/**
 * Text as a cell Excel shows as text: an item's name from a supplier's price list («=HYPERLINK(…)»,
 * «-10% акция») must not run in the admin's Excel, so it gets Excel's text mark «'» (not shown there).
 * A number stays a number.
 */
export function textCell(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** The text a cell written by `textCell` holds: a file we exported reads back as it was. */
export function fromTextCell(cell: string): string {
  return cell.length > 1 && cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}

function field(cell: CsvCell): string {
  const s = typeof cell === 'string' ? textCell(cell) : String(cell);
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
