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

/** One of the tables of a file with several (a report's tables): its own heading, columns and rows. */
export type TableSection<Row> = { readonly title: string; readonly columns: readonly TableColumn<Row>[]; readonly rows: readonly Row[] };

const csvCell = <Row>(c: TableColumn<Row>, r: Row): CsvCell => {
  const v = c.value(r);
  return c.scale === undefined || v === '' ? String(v) : decimalComma(Number(v), c.scale);
};

/** Several tables in one CSV: the title, then each table's heading, columns and rows, an empty line between. */
export function tablesCsv<Row>(title: string, sections: readonly TableSection<Row>[]): string {
  const data: CsvCell[][] = [[title]];
  sections.forEach((s, i) => {
    if (i > 0) data.push([]);
    data.push(
      [s.title],
      s.columns.map((c) => c.title),
    );
    for (const r of s.rows) data.push(s.columns.map((c) => csvCell(c, r)));
  });
  return toCsv(data);
}

/** Several tables in one XLSX: a sheet each, named by its heading, the file's title above its columns. */
export async function tablesXlsx<Row>(title: string, sections: readonly TableSection<Row>[]): Promise<Buffer> {
  const excel = load('exceljs') as typeof ExcelJS;
  const book = new excel.Workbook();
  for (const s of sections) {
    const sheet = book.addWorksheet(s.title.slice(0, 31).replace(/[\\/*?:[\]]/g, ' '));
    sheet.addRow([`${title}. ${s.title}`]).font = { bold: true };
    sheet.addRow(s.columns.map((c) => c.title)).font = { bold: true };
    s.columns.forEach((c, i) => {
      const col = sheet.getColumn(i + 1);
      col.width = c.width ?? 14;
      if (c.scale !== undefined && c.scale !== 1) col.numFmt = `0.${'0'.repeat(decimals(c.scale))}`;
    });
    for (const r of s.rows) sheet.addRow(s.columns.map((c) => (c.scale === undefined || c.value(r) === '' ? c.value(r) : Number(c.value(r)) / c.scale)));
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

export async function exportTables<Row>(name: string, format: 'csv' | 'xlsx', title: string, sections: readonly TableSection<Row>[]): Promise<ExportedFile> {
  if (format === 'csv')
    return { fileName: `${name}.csv`, mime: 'text/csv;charset=utf-8', base64: Buffer.from(tablesCsv(title, sections), 'utf8').toString('base64') };
  return {
    fileName: `${name}.xlsx`,
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    base64: (await tablesXlsx(title, sections)).toString('base64'),
  };
}
