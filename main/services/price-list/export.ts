/**
 * The catalogue written out as a price list: CSV (Windows-1251 as Excel in Belarus reads it, or
 * UTF-8 with a BOM) or XLSX, with the column names the import maps by itself — so an export read
 * back is the same catalogue.
 */
import { createWriteStream } from 'node:fs';
import type { Charset } from '../../../preload/contract/index.js';
import { PRICE_LIST_FIELDS } from '../../../preload/contract/index.js';
import { textCell } from '../../../common/csv.js';
import type { Db } from '../../db/database.js';
import { loadCatalogue, type ItemValues } from './plan.js';
import { excel, iconv } from './read.js';
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

/** Items a write batch encodes at once (Windows-1251 or UTF-8) before it goes to the file. */
const BATCH = 5_000;

/**
 * A CSV field as Excel writes it: quoted only when it holds the separator, a quote, a line break or
 * edge spaces; a name Excel would run as a formula marked as text (import takes the mark off).
 */
function csvField(cell: string, delimiter: string): string {
  const text = textCell(cell);
  return text.includes(delimiter) || text.includes('"') || text.includes('\n') || text.includes('\r') || text !== text.trim()
    ? `"${text.replaceAll('"', '""')}"`
    : text;
}

const count = (text: string, c: string) => text.split(c).length - 1;

/** Writes the whole catalogue (hidden items too: their flag says so) to `file`. */
export async function exportCatalogue(db: Db, file: string, format: ExportFormat): Promise<Exported> {
  const items = loadCatalogue(db);
  const warnings: string[] = [];
  if (format.format === 'csv') {
    const mark = format.delimiter === ';' ? ',' : '.';
    const line = (cells: readonly string[]) => cells.map((c) => csvField(c, format.delimiter)).join(format.delimiter);
    const win1251 = format.charset === 'windows-1251';
    const out = createWriteStream(file);
    const written = new Promise<void>((resolve, reject) => {
      out.on('finish', resolve);
      out.on('error', reject);
    });
    let lost = null as ItemValues | null;
    let lostCount = 0;
    const write = async (bytes: Buffer) => {
      if (!out.write(bytes)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    };
    /** Lines of `batch` (or the header) encoded at once. */
    const put = async (text: string, batch: readonly ItemValues[]) => {
      if (!win1251) return write(Buffer.from(text, 'utf8'));
      const bytes = iconv().encode(text, 'win1251');
      // A character Windows-1251 lacks is written as «?»: more «?» in the bytes than in the text means something was lost.
      if (count(text, '?') !== bytes.reduce((n, b) => n + (b === 0x3f ? 1 : 0), 0)) {
        for (const i of batch) {
          if (iconv().decode(iconv().encode(i.name, 'win1251'), 'win1251') !== i.name) {
            lost ??= i;
            lostCount++;
          }
        }
      }
      return write(bytes);
    };
    if (!win1251) await write(Buffer.from([0xef, 0xbb, 0xbf]));
    // Lines are separated by CRLF, none after the last (as papaparse wrote them before).
    await put(line(HEADER), []);
    for (let at = 0; at < items.length; at += BATCH) {
      const batch = items.slice(at, at + BATCH);
      await put(batch.map((i) => '\r\n' + line(cells(i, mark, format.charset))).join(''), batch);
    }
    out.end();
    await written;
    if (lost !== null) {
      warnings.push(
        `В Windows-1251 нет некоторых символов названий (${lostCount} товаров, например «${lost.name}», код ${lost.code}): они записаны как «?». Выгрузите в UTF-8, чтобы сохранить их`,
      );
    }
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
