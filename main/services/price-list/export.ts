/**
 * The catalogue written out as a price list: CSV (Windows-1251 as Excel in Belarus reads it, or
 * UTF-8 with a BOM) or XLSX, with the column names the import maps by itself — so an export read
 * back is the same catalogue.
 */
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { Charset } from '../../../preload/contract/index.js';
import { PRICE_LIST_FIELDS } from '../../../preload/contract/index.js';
import type { Db } from '../../db/database.js';
import { loadCatalogue, type ItemValues } from './plan.js';
import { excel, iconv, papa } from './read.js';
import { FIELD_NAMES } from './rows.js';

export type ExportFormat = { readonly format: 'csv'; readonly charset: Charset; readonly delimiter: ';' | ',' } | { readonly format: 'xlsx' };

const vatText = (rate: number | null) => (rate === null ? 'без НДС' : String(rate / 100));
const yesNo = (b: boolean) => (b ? 'да' : 'нет');

/** Kopecks as the shop writes them: «2,89» (or «2.89» in a comma-separated file). */
export function priceText(kopecks: number, mark: ',' | '.'): string {
  return `${Math.trunc(kopecks / 100)}${mark}${String(kopecks % 100).padStart(2, '0')}`;
}

function cells(item: ItemValues, mark: ',' | '.', charset: Charset | null): string[] {
  return [
    item.code,
    item.name,
    item.barcodes.join(' '),
    priceText(item.price, mark),
    vatText(item.vatRate),
    // Windows-1251 has no «²»: «м2» reads back as м².
    charset === 'windows-1251' && item.unit === 'м²' ? 'м2' : item.unit,
    String(item.section),
    item.category.join('/'),
    yesNo(item.weighted),
    yesNo(item.marked),
    yesNo(item.freePrice),
    yesNo(item.hidden),
  ];
}

export const HEADER = PRICE_LIST_FIELDS.map((f) => FIELD_NAMES[f]);

export type Exported = { readonly rows: number; readonly warnings: string[] };

/** Writes the whole catalogue (hidden items too: their flag says so) to `file`. */
export async function exportCatalogue(db: Db, file: string, format: ExportFormat): Promise<Exported> {
  const items = loadCatalogue(db);
  const warnings: string[] = [];
  if (format.format === 'csv') {
    const mark = format.delimiter === ';' ? ',' : '.';
    const data = [HEADER, ...items.map((i) => cells(i, mark, format.charset))];
    const text = papa().unparse(data, { delimiter: format.delimiter, newline: '\r\n' });
    let bytes: Buffer;
    if (format.charset === 'windows-1251') {
      bytes = iconv().encode(text, 'win1251');
      // One look at the whole text; item by item only when something was lost.
      const lost = iconv().decode(bytes, 'win1251') === text ? [] : items.filter((i) => iconv().decode(iconv().encode(i.name, 'win1251'), 'win1251') !== i.name);
      if (lost.length > 0) {
        warnings.push(
          `В Windows-1251 нет некоторых символов названий (${lost.length} товаров, например «${lost[0]!.name}», код ${lost[0]!.code}): они записаны как «?». Выгрузите в UTF-8, чтобы сохранить их`,
        );
      }
    } else bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    await writeFile(file, bytes);
    return { rows: items.length, warnings };
  }
  const Excel = excel();
  const workbook = new Excel.stream.xlsx.WorkbookWriter({ stream: createWriteStream(file), useSharedStrings: false, useStyles: true });
  const sheet = workbook.addWorksheet('Товары');
  sheet.columns = HEADER.map((header, i) => ({ header, key: String(i), width: [10, 48, 30, 10, 8, 8, 8, 28, 9, 9, 9, 9][i] }));
  for (const item of items) {
    const row = cells(item, '.', null) as (string | number)[];
    row[3] = item.price / 100; // a number, so Excel sums it; read back to the kopeck
    row[6] = item.section;
    const added = sheet.addRow(row);
    added.getCell(4).numFmt = '0.00';
    added.commit();
  }
  sheet.commit();
  await workbook.commit();
  return { rows: items.length, warnings };
}
