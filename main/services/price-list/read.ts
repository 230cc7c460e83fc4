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

/** The refusals of a file that is no table of goods, said wherever the reading finds it out. */
export const emptyFile = () => new KassaError('VALIDATION', 'Файл пустой: в нём нет ни одной строки');
const noDataRows = () => new KassaError('VALIDATION', 'Файл пустой: в нём нет ни одной строки с данными');
const headerOnly = () => new KassaError('VALIDATION', 'В файле только строка заголовков, товаров в нём нет');
const tooManyRows = () => new KassaError('VALIDATION', `В файле больше ${MAX_ROWS.toLocaleString('ru-RU')} строк: это не похоже на прайс-лист одной кассы`);

/** What the first bytes say the file is. */
export function sniff(head: Buffer): FileFormat {
  if (head.length === 0) throw emptyFile();
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

/** Where the first byte past ASCII is; -1: none. */
export function firstPastAscii(bytes: Buffer): number {
  for (let at = 0; at < bytes.length; at++) if (bytes[at]! >= 0x80) return at;
  return -1;
}

/** How much past ASCII tells the charset (`looksUtf8`). */
const CHARSET_PROBE_BYTES = 64 * 1024;

/**
 * Whether CSV bytes are UTF-8, told from the lines from the first byte past ASCII on (some 64 KB):
 * Windows-1251 Cyrillic is never valid UTF-8 for long (a letter's byte would have to be followed by
 * continuation bytes, which are no letters), and a line break is never inside a UTF-8 character, so
 * the cut splits none. null: ASCII only. A byte further on that is no UTF-8 still refuses the file
 * where it is decoded (`checkText`): the whole file need not be validated first (a 20 MB price list
 * was read and checked whole by «Открыть» for its first 80 rows).
 */
function looksUtf8(body: Buffer): boolean | null {
  const at = firstPastAscii(body);
  if (at < 0) return null;
  const from = body.lastIndexOf(0x0a, at) + 1;
  const end = body.indexOf(0x0a, at + CHARSET_PROBE_BYTES);
  return isUtf8(body.subarray(from, end < 0 ? body.length : end));
}

/** The charset of CSV bytes (as chosen, or told from them: `looksUtf8`), and the bytes after a BOM; a charset that does not fit is refused. */
function csvCharset(bytes: Buffer, wanted: ReadOptions['charset']): { body: Buffer; charset: Charset } {
  const hasBom = bytes.subarray(0, 3).equals(BOM);
  const body = hasBom ? bytes.subarray(3) : bytes;
  const utf8 = looksUtf8(body);
  if (wanted === 'utf-8' && utf8 === false) {
    throw new KassaError(
      'VALIDATION',
      'Файл не в кодировке UTF-8 — похоже, это Windows-1251 (так сохраняет Excel «CSV (разделители — точка с запятой)»): выберите кодировку Windows-1251',
    );
  }
  if (wanted === 'windows-1251' && (hasBom || utf8 === true)) {
    throw new KassaError(
      'VALIDATION',
      'Файл в кодировке UTF-8, а выбрана Windows-1251: русские буквы прочитались бы как «РњРѕР»РѕРєРѕ». Выберите UTF-8 или «Определить»',
    );
  }
  return { body, charset: wanted !== 'auto' ? wanted : hasBom || utf8 !== false ? 'utf-8' : 'windows-1251' };
}

/** Bytes of the file in its charset → text. */
const decodeText = (part: Buffer, charset: Charset) => (charset === 'utf-8' ? part.toString('utf8') : iconv().decode(part, 'win1251'));

/** Refuses text the charset did not read; `first`: the file's first text (its letters are checked for double encoding). */
function checkText(text: string, charset: Charset, first: boolean): void {
  if (first && charset === 'windows-1251' && looksLikeMojibake(text.slice(0, 100_000))) {
    throw new KassaError(
      'VALIDATION',
      'Русские буквы файла не читаются ни в UTF-8, ни в Windows-1251 (текст вида «РњРѕР»РѕРєРѕ»): файл перекодирован дважды? Сохраните его из Excel заново',
    );
  }
  if (text.includes('\ufffd')) {
    throw new KassaError('VALIDATION', 'В файле есть символы, которых нет в кодировке UTF-8: выберите кодировку Windows-1251');
  }
}

/**
 * CSV bytes → text, with the charset the file is in; a charset that does not fit is refused.
 * `head`: only the lines in the first HEAD_BYTES are decoded (a line break is never inside a UTF-8
 * character, so the cut splits none).
 */
export function decodeCsv(bytes: Buffer, wanted: ReadOptions['charset'], head = false): { text: string; charset: Charset; warnings: string[] } {
  const { body, charset } = csvCharset(bytes, wanted);
  const lineEnd = head && body.length > HEAD_BYTES ? body.lastIndexOf(0x0a, HEAD_BYTES) : -1;
  const part = lineEnd > 0 ? body.subarray(0, lineEnd + 1) : body;
  const text = decodeText(part, charset);
  if (text.trim() === '') throw emptyFile();
  checkText(text, charset, true);
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
  if (all.length === 0) throw noDataRows();
  if (all.length > MAX_ROWS) throw tooManyRows();
  const width = all.reduce((w, r) => Math.max(w, r.length), 0);
  const columns = columnsOf(header ? all[0]! : null, width);
  const rows = header ? all.slice(1) : all;
  const rowNumbers = header ? numbers.slice(1) : numbers;
  if (rows.length === 0) throw headerOnly();
  return { format, charset, delimiter, columns, rows, rowNumbers, warnings };
}

type LineBreak = '\r' | '\n' | '\r\n';

/** A part of a CSV's text that papaparse reads at a time (a file read in parts hands its first rows on early: reader.ts). */
const PART_CHARS = 1 << 20;
/** The first part of a file read in parts: a quarter, so its first rows (the reader's first 2,000) go on after a quarter of the parsing. */
const FIRST_PART_CHARS = PART_CHARS / 4;

/**
 * Where the parts of a CSV end (its text, or its bytes — a line break and a quote are one byte in
 * both charsets): after a line break outside quotes (an even number of quotes since the part began —
 * a doubled quote inside a quoted cell counts two), about every `size` characters (the first part
 * about `first`); an unclosed quote runs to the end, as it does for papaparse.
 */
export function* csvPartEnds(data: string | Buffer, size = PART_CHARS, first = size): Generator<number> {
  const find: (quote: boolean, from: number) => number =
    typeof data === 'string' ? (quote, from) => data.indexOf(quote ? '"' : '\n', from) : (quote, from) => data.indexOf(quote ? 0x22 : 0x0a, from);
  // The next quote at or after where counting goes on (-1: none left): each quote is found once.
  let quote = find(true, 0);
  for (let start = 0; start < data.length;) {
    let end = data.length;
    let quotes = 0;
    for (let nl = find(false, start + (start === 0 ? first : size)); nl >= 0; nl = find(false, nl + 1)) {
      while (quote >= 0 && quote < nl) {
        if (quote >= start) quotes++;
        quote = find(true, quote + 1);
      }
      if (quotes % 2 === 0) {
        end = nl + 1;
        break;
      }
    }
    yield end;
    start = end;
  }
}

/** A CSV text in parts (`csvPartEnds`). */
export function* textParts(text: string, size = PART_CHARS): Generator<string> {
  let start = 0;
  for (const end of csvPartEnds(text, size)) {
    yield text.slice(start, end);
    start = end;
  }
}

/**
 * The rows of a CSV's text parts with cells, each with its number in the file (papaparse's record):
 * `row` may stop the reading by returning false. `head`: the first rows only (of one part).
 */
export function eachCsvRow(
  parts: Iterable<string>,
  delimiter: Delimiter | ((first: string) => Delimiter),
  head: number | undefined,
  row: (cells: string[], n: number) => boolean | void,
): void {
  let before = 0;
  let newline: LineBreak | undefined;
  let separator: Delimiter | undefined;
  for (const text of parts) {
    separator ??= typeof delimiter === 'string' ? delimiter : delimiter(text);
    const parsed = papa().parse<string[]>(text, {
      delimiter: separator === 'tab' ? '\t' : separator,
      skipEmptyLines: false,
      // The line break of the file, as papaparse found it in the first part.
      ...(newline !== undefined && { newline }),
      // Rows of empty cells are skipped below: some slack for them.
      ...(head !== undefined && { preview: head * 4 + 1 }),
    });
    newline ??= parsed.meta.linebreak as LineBreak;
    const quoteError = parsed.errors.find((e) => e.type === 'Quotes');
    if (quoteError) {
      throw new KassaError('VALIDATION', `Строка ${before + (quoteError.row ?? 0) + 1}: кавычка открыта и не закрыта — файл обрезан или испорчен`);
    }
    const data = parsed.data;
    // A part ends with its line break: papaparse reads an empty record after it, which the next part begins.
    const last = data[data.length - 1];
    const count = text.endsWith('\n') && last?.length === 1 && last[0] === '' ? data.length - 1 : data.length;
    for (let i = 0; i < count; i++) {
      const r = data[i]!;
      // A row of empty cells (Excel writes `;;;;` for a row it once touched) is no row.
      if (r.some((c) => c.trim() !== '') && row(r, before + i + 1) === false) return;
    }
    before += count;
    if (head !== undefined) return;
  }
}

/** Column names: the header's, or «Столбец A»… where it has none; `width` at least. */
function columnsOf(header: readonly string[] | null, width: number): string[] {
  return Array.from({ length: Math.max(width, header?.length ?? 0) }, (_, i) => header?.[i]?.trim() || `Столбец ${columnLetter(i)}`);
}

/** `head`: only the first rows (at least this many with cells, and the header), for «Открыть». */
export function readCsv(bytes: Buffer, options: ReadOptions, head?: number): Table {
  sniff(bytes);
  const { text, charset, warnings } = decodeCsv(bytes, options.charset, head !== undefined);
  const delimiter = options.delimiter === 'auto' ? guessDelimiter(text) : options.delimiter;
  const numbers: number[] = [];
  const all: string[][] = [];
  eachCsvRow(head === undefined ? textParts(text) : [text], delimiter, head, (cells, n) => {
    all.push(cells);
    numbers.push(n);
  });
  return tableOf('csv', charset, delimiter, all, numbers, options.header, warnings);
}

/** Rows read (after the header), and the widest row's cells. */
export type CsvRows = { readonly rows: number; readonly width: number };

/**
 * A whole CSV row by row, for a file read in parts (reader.ts): `columns` gets the column names once
 * (from the header, or «Столбец A»… for at least `width` columns), before the first row; `row` each
 * row after the header with its number in the file. The same rows and refusals as `readCsv`.
 */
export function readCsvRows(
  bytes: Buffer,
  options: ReadOptions,
  width: number,
  columns: (names: string[]) => void,
  row: (cells: string[], n: number) => void,
): CsvRows {
  sniff(bytes);
  const { body, charset } = csvCharset(bytes, options.charset);
  let blank = true;
  // Decoded a part at a time: the first rows go on before the rest is decoded.
  function* parts(): Generator<string> {
    let start = 0;
    for (const end of csvPartEnds(body, PART_CHARS, FIRST_PART_CHARS)) {
      const text = decodeText(body.subarray(start, end), charset);
      if (blank && /\S/.test(text)) blank = false;
      checkText(text, charset, start === 0);
      yield text;
      start = end;
    }
  }
  const guess = (first: string) => (options.delimiter === 'auto' ? guessDelimiter(first) : options.delimiter);
  let header: string[] | null = null;
  let rows = 0;
  let widest = 0;
  eachCsvRow(parts(), guess, undefined, (cells, n) => {
    widest = Math.max(widest, cells.length);
    if (options.header && header === null) {
      header = cells;
      columns(columnsOf(header, width));
      return;
    }
    if (rows === 0 && !options.header) columns(columnsOf(null, width));
    if (++rows + (options.header ? 1 : 0) > MAX_ROWS) throw tooManyRows();
    row(cells, n);
  });
  if (blank) throw emptyFile();
  if (header === null && rows === 0) throw noDataRows();
  if (rows === 0) throw headerOnly();
  return { rows, width: widest };
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
