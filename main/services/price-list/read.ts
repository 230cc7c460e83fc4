/**
 * A price list file → a table of text cells: CSV (UTF-8 with or without BOM, or Windows-1251;
 * `;`, `,` or tab) through papaparse and iconv-lite, XLSX through exceljs's streaming reader. What
 * is not a table (empty, binary, an old .xls, too big an XLSX) is refused in Russian before parsing.
 */
import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type ExcelJS from 'exceljs';
import type { Charset, FileFormat, ReadOptions } from '../../../preload/contract/index.js';
import { KassaError } from '../../domain/errors.js';
import { sizeOverLimit } from '../../../common/file-size.js';

// The parsers load with the first price list, not at start (cold start).
const load = createRequire(import.meta.url);
export const excel = () => load('exceljs') as typeof import('exceljs');
export const papa = () => load('papaparse') as typeof import('papaparse');
export const iconv = () => load('iconv-lite') as typeof import('iconv-lite');

export type Delimiter = ';' | ',' | 'tab';

export type Table = {
  readonly format: FileFormat;
  readonly charset: Charset | null;
  readonly delimiter: Delimiter | null;
  /** Column names (the header row), or «Столбец A»… when the file has none. */
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** The spreadsheet's number of each row of `rows`. */
  readonly rowNumbers: readonly number[];
  readonly warnings: readonly string[];
};

/** A price list of a shop is a few MB; more rows than this is not a price list. */
export const MAX_ROWS = 500_000;
/** exceljs keeps a sheet's shared strings in memory: past this an XLSX is refused, and CSV is said to be the way. */
export const MAX_XLSX_BYTES = 25 * 1024 * 1024;
export const MAX_CSV_BYTES = 200 * 1024 * 1024;

/** Spreadsheet letters of a 0-based column: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** What the first bytes say the file is. */
export function sniff(head: Buffer): FileFormat {
  if (head.length === 0) throw new KassaError('VALIDATION', 'Файл пустой: в нём нет ни одной строки');
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'xlsx';
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) {
    throw new KassaError(
      'VALIDATION',
      'Это файл старого Excel (.xls): откройте его в Excel и сохраните как «Книга Excel (.xlsx)» или «CSV (разделители — точка с запятой)»',
    );
  }
  // Text has no NUL bytes (UTF-16 is not a CSV Excel writes here) and few control characters.
  const probe = head.subarray(0, 65_536);
  let control = 0;
  for (const b of probe) {
    if (b === 0) throw new KassaError('VALIDATION', 'Файл не похож на прайс-лист: в нём двоичные данные, а не текст CSV или таблица XLSX');
    if (b < 32 && b !== 9 && b !== 10 && b !== 13) control++;
  }
  if (control > probe.length / 100) throw new KassaError('VALIDATION', 'Файл не похож на прайс-лист: в нём двоичные данные, а не текст CSV или таблица XLSX');
  return 'csv';
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
/** What «Открыть» decodes and parses of a CSV for its columns and sample (the dry run reads it all, in the worker). */
const HEAD_BYTES = 256 * 1024;

/** Cyrillic read as Windows-1251 from UTF-8 bytes looks like «РњРѕР»РѕРєРѕ»: pairs starting with Р or С. */
function looksLikeMojibake(text: string): boolean {
  const pairs = text.match(/[РС][\u0400-\u04ff\u2018-\u203a\u00a0-\u00bf]/g)?.length ?? 0;
  const cyrillic = text.match(/[\u0400-\u04ff]/g)?.length ?? 0;
  return cyrillic > 20 && pairs * 2 > cyrillic * 0.6;
}

/**
 * CSV bytes → text, with the charset the file is in; a charset that does not fit is refused.
 * `head`: the charset is told from all the bytes, but only the lines in the first HEAD_BYTES are
 * decoded (a line break is never inside a UTF-8 character, so the cut splits none).
 */
export function decodeCsv(bytes: Buffer, wanted: ReadOptions['charset'], head = false): { text: string; charset: Charset; warnings: string[] } {
  const hasBom = bytes.subarray(0, 3).equals(BOM);
  const body = hasBom ? bytes.subarray(3) : bytes;
  const valid = isUtf8(body);
  const nonAscii = () => body.some((b) => b >= 0x80);
  if (wanted === 'utf-8' && !valid) {
    throw new KassaError(
      'VALIDATION',
      'Файл не в кодировке UTF-8 — похоже, это Windows-1251 (так сохраняет Excel «CSV (разделители — точка с запятой)»): выберите кодировку Windows-1251',
    );
  }
  if (wanted === 'windows-1251' && (hasBom || (valid && nonAscii()))) {
    throw new KassaError(
      'VALIDATION',
      'Файл в кодировке UTF-8, а выбрана Windows-1251: русские буквы прочитались бы как «РњРѕР»РѕРєРѕ». Выберите UTF-8 или «Определить»',
    );
  }
  const charset: Charset = wanted !== 'auto' ? wanted : hasBom || valid ? 'utf-8' : 'windows-1251';
  const lineEnd = head && body.length > HEAD_BYTES ? body.lastIndexOf(0x0a, HEAD_BYTES) : -1;
  const part = lineEnd > 0 ? body.subarray(0, lineEnd + 1) : body;
  const text = charset === 'utf-8' ? part.toString('utf8') : iconv().decode(part, 'win1251');
  if (text.trim() === '') throw new KassaError('VALIDATION', 'Файл пустой: в нём нет ни одной строки');
  if (charset === 'windows-1251' && looksLikeMojibake(text.slice(0, 100_000))) {
    throw new KassaError(
      'VALIDATION',
      'Русские буквы файла не читаются ни в UTF-8, ни в Windows-1251 (текст вида «РњРѕР»РѕРєРѕ»): файл перекодирован дважды? Сохраните его из Excel заново',
    );
  }
  if (text.includes('\ufffd')) {
    throw new KassaError('VALIDATION', 'В файле есть символы, которых нет в кодировке UTF-8: выберите кодировку Windows-1251');
  }
  return { text, charset, warnings: [] };
}

/** The separator of the first line outside quotes: the one that occurs most of `;`, tab and `,`. */
export function guessDelimiter(text: string): Delimiter {
  const end = text.indexOf('\n');
  const line = (end < 0 ? text : text.slice(0, end)).replace(/"[^"]*"/g, '');
  const count = (c: string) => line.split(c).length - 1;
  const semi = count(';');
  const tab = count('\t');
  const comma = count(',');
  if (semi >= tab && semi >= comma && semi > 0) return ';';
  if (tab >= comma && tab > 0) return 'tab';
  return comma > 0 ? ',' : ';';
}

function tableOf(
  format: FileFormat,
  charset: Charset | null,
  delimiter: Delimiter | null,
  all: string[][],
  numbers: number[],
  header: boolean,
  warnings: string[],
): Table {
  if (all.length === 0) throw new KassaError('VALIDATION', 'Файл пустой: в нём нет ни одной строки с данными');
  if (all.length > MAX_ROWS) throw new KassaError('VALIDATION', `В файле больше ${MAX_ROWS.toLocaleString('ru-RU')} строк: это не похоже на прайс-лист одной кассы`);
  const width = all.reduce((w, r) => Math.max(w, r.length), 0);
  const columns = header
    ? Array.from({ length: width }, (_, i) => all[0]![i]?.trim() || `Столбец ${columnLetter(i)}`)
    : Array.from({ length: width }, (_, i) => `Столбец ${columnLetter(i)}`);
  const rows = header ? all.slice(1) : all;
  const rowNumbers = header ? numbers.slice(1) : numbers;
  if (rows.length === 0) throw new KassaError('VALIDATION', 'В файле только строка заголовков, товаров в нём нет');
  return { format, charset, delimiter, columns, rows, rowNumbers, warnings };
}

/** `head`: only the first rows (at least this many with cells, and the header), for «Открыть». */
export function readCsv(bytes: Buffer, options: ReadOptions, head?: number): Table {
  sniff(bytes);
  const { text, charset, warnings } = decodeCsv(bytes, options.charset, head !== undefined);
  const delimiter = options.delimiter === 'auto' ? guessDelimiter(text) : options.delimiter;
  const parsed = papa().parse<string[]>(text, {
    delimiter: delimiter === 'tab' ? '\t' : delimiter,
    skipEmptyLines: false,
    // Rows of empty cells are skipped below: some slack for them.
    ...(head !== undefined && { preview: head * 4 + 1 }),
  });
  const quoteError = parsed.errors.find((e) => e.type === 'Quotes');
  if (quoteError) {
    throw new KassaError('VALIDATION', `Строка ${(quoteError.row ?? 0) + 1}: кавычка открыта и не закрыта — файл обрезан или испорчен`);
  }
  const numbers: number[] = [];
  const all: string[][] = [];
  parsed.data.forEach((r, i) => {
    // A row of empty cells (Excel writes `;;;;` for a row it once touched) is no row.
    if (r.some((c) => c.trim() !== '')) {
      all.push(r);
      numbers.push(i + 1);
    }
  });
  return tableOf('csv', charset, delimiter, all, numbers, options.header, warnings);
}

/** An XLSX cell's value as the admin sees it in Excel. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Math.round(value * 1e6) / 1e6);
  if (typeof value === 'boolean') return value ? 'да' : 'нет';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((t) => t.text).join('');
    if ('result' in value) return cellText(value.result);
    if ('text' in value) return String(value.text);
    return ''; // an error value (#Н/Д) or a shape without text
  }
  return '';
}

/** The first sheet of an XLSX, row by row (streamed: a big file never sits whole in memory as cells); `head`: its first rows only. */
export async function readXlsx(file: string, options: ReadOptions, head?: number): Promise<Table> {
  const { size } = await stat(file);
  if (size > MAX_XLSX_BYTES) {
    throw new KassaError(
      'VALIDATION',
      `Файл XLSX слишком большой (${sizeOverLimit(size, MAX_XLSX_BYTES)}): сохраните его в Excel как «CSV (разделители — точка с запятой)» — CSV читается любого размера`,
    );
  }
  const all: string[][] = [];
  const numbers: number[] = [];
  try {
    const reader = new (excel().stream.xlsx.WorkbookReader)(createReadStream(file), {
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      styles: 'ignore',
      worksheets: 'emit',
    });
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const values = row.values as ExcelJS.CellValue[];
        const cells = values.slice(1).map(cellText);
        if (cells.some((c) => c.trim() !== '')) {
          all.push(cells);
          numbers.push(row.number);
          if (all.length > (head ?? MAX_ROWS) + 1) break;
        }
      }
      break; // the first sheet is the price list
    }
  } catch (err) {
    if (err instanceof KassaError) throw err;
    throw new KassaError('VALIDATION', `Файл XLSX не читается — он испорчен или это не таблица Excel (${err instanceof Error ? err.message : String(err)})`);
  }
  return tableOf('xlsx', null, null, all, numbers, options.header, []);
}
