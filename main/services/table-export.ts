/**
 * A table to a file: CSV the way Excel in Belarus opens it (UTF-8 with BOM, `;`, decimal comma)
 * or XLSX. Any screen's table (stock statements, reports) goes out through here. The packages load
 * with the first export, not at start (cold start).
 */
import { createRequire } from 'node:module';
import type ExcelJS from 'exceljs';
import { decimalComma, toCsv, type CsvCell } from '../../common/csv.js';

const load = createRequire(import.meta.url);

/** A column: its heading, how wide (XLSX), and whether its values are numbers (thousandths or kopecks scaled by `scale`). */
export type TableColumn<Row> = {
  readonly title: string;
  readonly value: (row: Row) => string | number;
  /** Numbers: the value is divided by this (1000 for thousandths, 100 for kopecks). */
  readonly scale?: number;
  readonly width?: number;
};

export type ExportedFile = { fileName: string; mime: string; base64: string };

const decimals = (scale: number) => Math.round(Math.log10(scale));

export function tableCsv<Row>(title: string, columns: readonly TableColumn<Row>[], rows: readonly Row[]): string {
  const data: CsvCell[][] = [[title], columns.map((c) => c.title)];
  for (const r of rows) data.push(columns.map((c) => (c.scale === undefined ? String(c.value(r)) : decimalComma(Number(c.value(r)), c.scale))));
  return toCsv(data);
}

export async function tableXlsx<Row>(title: string, columns: readonly TableColumn<Row>[], rows: readonly Row[]): Promise<Buffer> {
  const excel = load('exceljs') as typeof ExcelJS;
  const book = new excel.Workbook();
  const sheet = book.addWorksheet(title.slice(0, 31).replace(/[\\/*?:[\]]/g, ' '));
  sheet.addRow([title]).font = { bold: true };
  sheet.addRow(columns.map((c) => c.title)).font = { bold: true };
  columns.forEach((c, i) => {
    const col = sheet.getColumn(i + 1);
    col.width = c.width ?? 14;
    if (c.scale !== undefined && c.scale !== 1) col.numFmt = `0.${'0'.repeat(decimals(c.scale))}`;
  });
  for (const r of rows) sheet.addRow(columns.map((c) => (c.scale === undefined ? c.value(r) : Number(c.value(r)) / c.scale)));
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** The table as a file for the screen to save: `name` without its extension. */
export async function exportTable<Row>(
  name: string,
  format: 'csv' | 'xlsx',
  title: string,
  columns: readonly TableColumn<Row>[],
  rows: readonly Row[],
): Promise<ExportedFile> {
  if (format === 'csv')
    return { fileName: `${name}.csv`, mime: 'text/csv;charset=utf-8', base64: Buffer.from(tableCsv(title, columns, rows), 'utf8').toString('base64') };
  return {
    fileName: `${name}.xlsx`,
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    base64: (await tableXlsx(title, columns, rows)).toString('base64'),
  };
}
