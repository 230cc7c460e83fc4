/**
 * The cells of a price list row → the fields of an item, each checked on its own and against the
 * other rows of the file: every error with its row, its column and the reason, in Russian. Pure:
 * the catalogue is checked later (plan.ts).
 */
import { isValidGs1 } from '../../../common/barcode.js';
import { fromTextCell } from '../../../common/csv.js';
import type { ColumnMapping, PriceListField, RowError } from '../../../preload/contract/index.js';
import { UNITS as ITEM_UNITS } from '../../../common/units.js';
import { columnLetter, type Table } from './read.js';
import { PRICE_LIST_FIELD_NAMES } from '../../../common/display-names.js';

export type ItemUnit = (typeof ITEM_UNITS)[number];

/** A row's item; a field is undefined when the mapping has no column for it (an update leaves it as it is). */
export type PriceListRow = {
  readonly row: number;
  readonly code: string | undefined;
  readonly name: string | undefined;
  readonly barcodes: readonly string[] | undefined;
  readonly price: number | undefined;
  readonly vatRate: number | null | undefined;
  readonly unit: ItemUnit | undefined;
  readonly section: number | undefined;
  /** «Хлеб/Батоны» → ['Хлеб', 'Батоны']; [] — no category. */
  readonly category: readonly string[] | undefined;
  readonly weighted: boolean | undefined;
  readonly marked: boolean | undefined;
  readonly freePrice: boolean | undefined;
  readonly hidden: boolean | undefined;
};

export const FIELD_NAMES: Readonly<Record<PriceListField, string>> = PRICE_LIST_FIELD_NAMES;

/** Column names a shop's file may use for each field (lower case, without dots). */
const ALIASES: Readonly<Record<PriceListField, readonly string[]>> = {
  code: ['код', 'plu', 'артикул', 'код товара', 'code'],
  name: ['наименование', 'название', 'товар', 'наименование товара', 'name'],
  barcodes: ['штрихкоды', 'штрихкод', 'штрих-код', 'штрих-коды', 'шк', 'ean', 'barcode', 'barcodes'],
  price: ['цена', 'цена продажи', 'цена, руб', 'розничная цена', 'price'],
  vatRate: ['ндс', 'ставка ндс', 'ндс, %', 'vat'],
  unit: ['единица', 'ед', 'ед изм', 'единица измерения', 'unit'],
  section: ['секция', 'отдел', 'section'],
  category: ['категория', 'группа', 'категория товара', 'category'],
  weighted: ['весовой', 'весовой товар', 'weighted'],
  marked: ['маркированный', 'маркировка', 'marked'],
  freePrice: ['цена при продаже', 'свободная цена', 'free price'],
  hidden: ['скрыт', 'скрытый', 'hidden'],
};

/** A mapping from the column names: our own export maps itself, Excel files of other programs mostly do. */
export function guessMapping(columns: readonly string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  const used = new Set<number>();
  for (const field of Object.keys(ALIASES) as PriceListField[]) {
    const i = columns.findIndex((c, at) => !used.has(at) && ALIASES[field].includes(c.trim().toLowerCase().replace(/\./g, '').replace(/\s+/g, ' ')));
    if (i >= 0) {
      mapping[field] = i;
      used.add(i);
    }
  }
  return mapping;
}

export const MAX_NAME = 128;
const MAX_CODE = 32;
const MAX_CATEGORY = 64;

/** Spellings of the units (a Map: a cell «constructor» finds no unit in an object's prototype). */
const UNIT_SPELLINGS: ReadonlyMap<string, ItemUnit> = new Map([
  ['шт', 'шт'],
  ['штук', 'шт'],
  ['штука', 'шт'],
  ['кг', 'кг'],
  ['килограмм', 'кг'],
  ['л', 'л'],
  ['литр', 'л'],
  ['м', 'м'],
  ['метр', 'м'],
  ['м²', 'м²'],
  ['м2', 'м²'],
  ['кв м', 'м²'],
  ['упак', 'упак'],
  ['уп', 'упак'],
  ['упаковка', 'упак'],
]);

const YES: ReadonlySet<string> = new Set(['да', 'д', '1', '+', 'x', 'х', 'true', 'yes', 'v']);
const NO: ReadonlySet<string> = new Set(['', 'нет', 'н', '0', '-', 'false', 'no']);

const PLAIN_PRICE = /^(\d{1,13})(?:[.,](\d{0,2}))?$/;

/**
 * A price as a shop writes it — «2,89», «2.89», «1 234,50», «3» — in kopecks. Two decimals at most:
 * a price never has parts of a kopeck. Null when it is not a price.
 */
export function parsePrice(text: string): number | null | 'negative' | 'fraction' {
  // Most cells: «2,89», «3» — read without the clean-up of readPrice (200,000 rows).
  const plain = PLAIN_PRICE.exec(text);
  if (plain) return Number(plain[1]) * 100 + Number(((plain[2] ?? '') + '00').slice(0, 2));
  return readPrice(text);
}

/** The full reading of a price cell: spaces, «руб.», a minus, more decimals; parsePrice's answer for every cell. */
export function readPrice(text: string): number | null | 'negative' | 'fraction' {
  const t = text.replace(/[\s\u00a0]/g, '').replace(/(руб|р|byn|br)\.?$/i, '');
  const m = /^(-?)(\d+)(?:[.,](\d*))?$/.exec(t);
  if (!m) return null;
  if (m[1] === '-' && /[1-9]/.test(t)) return 'negative';
  const fraction = m[3] ?? '';
  if (fraction.replace(/0+$/, '').length > 2) return 'fraction';
  const kopecks = Number(m[2]) * 100 + Number((fraction + '00').slice(0, 2));
  return Number.isSafeInteger(kopecks) ? kopecks : null;
}

/** The cells most files hold, read at once. */
const PLAIN_VAT: ReadonlyMap<string, number | null> = new Map([
  ['20', 2000],
  ['10', 1000],
  ['0', 0],
  ['25', 2500],
  ['', null],
  ['без НДС', null],
]);

/** «20», «20%», «20 %», «0,2» is not accepted (an admin means 0 %?); «без НДС» or empty — null. */
export function parseVat(text: string): number | null | undefined {
  const plain = PLAIN_VAT.get(text);
  if (plain !== undefined) return plain;
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (t === '' || t === 'без ндс' || t === 'без' || t === 'нет') return null;
  const m = /^(\d+)(?:[.,]0+)? ?%?$/.exec(t);
  if (!m) return undefined;
  const rate = Number(m[1]) * 100;
  return [0, 1000, 2000, 2500].includes(rate) ? rate : undefined;
}

/** A barcode of the catalogue: EAN-8/13 and UPC-A by their check digit; internal codes of other lengths, digits only. */
export function barcodeProblem(code: string): string | null {
  if (!/^\d+$/.test(code)) {
    if (/^\d+([.,]\d+)?e\+?\d+$/i.test(code))
      return `штрихкод «${code}» испорчен Excel (записан как число с «E+»): задайте столбцу текстовый формат и введите заново`;
    return `штрихкод «${code}» — не только цифры`;
  }
  if (code.length < 6 || code.length > 14) return `штрихкод «${code}» — нужно от 6 до 14 цифр`;
  if ([8, 12, 13].includes(code.length) && !isValidGs1(code)) return `штрихкод «${code}» — неверная контрольная цифра`;
  return null;
}

/** A cell of one barcode (most rows): no splitting. */
const ONE_CODE = /^\d+$/;

export type RowsResult = { readonly rows: PriceListRow[]; readonly errors: RowError[]; readonly badRows: ReadonlySet<number> };

/** Checks every row of the table against the mapping and the other rows of the file. */
export function rowsOf(table: Table, mapping: ColumnMapping): RowsResult {
  const checker = rowChecker(table.columns, mapping);
  const rows = table.rows.map((cells, index) => checker.check(cells, table.rowNumbers[index] ?? index + 1));
  return { rows, errors: checker.errors, badRows: checker.badRows };
}

export type RowChecker = {
  /** A row's cells (its number in the file) → its item; its errors go to `errors`. */
  check(cells: readonly string[], row: number): PriceListRow;
  /** The errors of the rows so far (and of the mapping), in the order found. */
  readonly errors: RowError[];
  readonly badRows: Set<number>;
};

/** Checks rows one by one against the mapping and the rows before them (a file read in parts: reader.ts). */
export function rowChecker(columns: readonly string[], mapping: ColumnMapping): RowChecker {
  const errors: RowError[] = [];
  const badRows = new Set<number>();
  const codes = new Map<string, number>();
  const barcodes = new Map<string, number>();
  const column = (field: PriceListField) => {
    const i = mapping[field];
    return i === undefined ? FIELD_NAMES[field] : `${columns[i] ?? FIELD_NAMES[field]} (${columnLetter(i)})`;
  };
  const columnNames = Object.fromEntries((Object.keys(FIELD_NAMES) as PriceListField[]).map((f) => [f, column(f)])) as Record<PriceListField, string>;
  const has = (field: PriceListField) => mapping[field] !== undefined;
  if (!has('code') && !has('barcodes'))
    errors.push({ row: 0, column: 'Код', message: 'Укажите столбец с кодом товара (или со штрихкодами — для обновления по штрихкоду)' });

  // The row being checked: the helpers below are made once, not per row (200,000 rows).
  let row = 0;
  let bad = false;
  let cells: readonly string[] = [];
  const fail = (field: PriceListField, message: string) => {
    errors.push({ row, column: columnNames[field], message });
    bad = true;
  };
  const cell = (field: PriceListField): string | undefined => {
    const i = mapping[field];
    // «'=…»: our own export's text mark for Excel (common/csv.ts), not part of the name.
    return i === undefined ? undefined : fromTextCell((cells[i] ?? '').trim());
  };
  /** Characters, not UTF-16 units; counted only when the units exceed the limit. */
  const longer = (text: string, limit: number) => text.length > limit && [...text].length > limit;
  /** A category cell → its path, made once per distinct cell (a file has thousands of rows per category). */
  const paths = new Map<string, { readonly path: readonly string[]; readonly tooLong: boolean; readonly tooDeep: boolean }>();
  const pathOf = (text: string) => {
    let known = paths.get(text);
    if (!known) {
      const path = text
        .split(/[/\\]/)
        .map((s) => s.trim())
        .filter(Boolean);
      known = { path, tooLong: path.some((c) => longer(c, MAX_CATEGORY)), tooDeep: path.length > 8 };
      paths.set(text, known);
    }
    return known;
  };
  const flag = (field: PriceListField): boolean | undefined => {
    const t = cell(field);
    if (t === undefined) return undefined;
    if (NO.has(t)) return false;
    if (YES.has(t)) return true;
    const v = t.toLowerCase();
    if (YES.has(v)) return true;
    if (NO.has(v)) return false;
    fail(field, `«${t}» — ожидается «да» или «нет»`);
    return undefined;
  };

  const check = (rowCells: readonly string[], rowNumber: number): PriceListRow => {
    row = rowNumber;
    bad = false;
    cells = rowCells;

    const code = cell('code');
    if (code !== undefined) {
      if (code === '') fail('code', 'нет кода товара');
      else if (code.length > MAX_CODE) fail('code', `код длиннее ${MAX_CODE} символов`);
      else if (codes.has(code)) fail('code', `код ${code} уже был в строке ${codes.get(code)}`);
      else codes.set(code, row);
    }

    const name = cell('name');
    if (name !== undefined) {
      if (name === '') fail('name', 'нет наименования');
      else if (longer(name, MAX_NAME)) fail('name', `наименование длиннее ${MAX_NAME} символов (${[...name].length})`);
    }

    let codesOfRow: string[] | undefined;
    const barcodeText = cell('barcodes');
    if (barcodeText !== undefined) {
      codesOfRow = [];
      for (const b of ONE_CODE.test(barcodeText) ? [barcodeText] : barcodeText.split(/[\s,;|/]+/).filter(Boolean)) {
        const problem = barcodeProblem(b);
        if (problem) fail('barcodes', problem);
        else if (codesOfRow.includes(b)) fail('barcodes', `штрихкод ${b} указан дважды`);
        else if (barcodes.has(b)) fail('barcodes', `штрихкод ${b} уже есть в строке ${barcodes.get(b)}`);
        else {
          codesOfRow.push(b);
          barcodes.set(b, row);
        }
      }
    }

    let price: number | undefined;
    const priceText = cell('price');
    if (priceText !== undefined) {
      const p = priceText === '' ? null : parsePrice(priceText);
      if (priceText === '') fail('price', 'нет цены');
      else if (p === 'negative') fail('price', `отрицательная цена ${priceText}`);
      else if (p === 'fraction') fail('price', `цена ${priceText} — больше двух знаков после запятой`);
      else if (p === null) fail('price', `«${priceText}» — не цена (пример: 2,89)`);
      else price = p;
    }

    let vatRate: number | null | undefined;
    const vatText = cell('vatRate');
    if (vatText !== undefined) {
      vatRate = parseVat(vatText);
      if (vatRate === undefined) fail('vatRate', `неизвестная ставка НДС «${vatText}» (бывают 20, 10, 0, 25 или «без НДС»)`);
    }

    let unit: ItemUnit | undefined;
    const unitText = cell('unit');
    if (unitText !== undefined) {
      const key = UNIT_SPELLINGS.has(unitText) ? unitText : unitText.toLowerCase().replace(/\./g, '').replace(/\s+/g, ' ').trim();
      unit = key === '' ? 'шт' : UNIT_SPELLINGS.get(key);
      if (!unit) fail('unit', `неизвестная единица «${unitText}» (бывают: ${ITEM_UNITS.join(', ')})`);
    }

    let section: number | undefined;
    const sectionText = cell('section');
    if (sectionText !== undefined) {
      section = sectionText === '' ? 0 : Number(sectionText);
      if (!/^\d{0,3}$/.test(sectionText) || section > 255) {
        fail('section', `секция «${sectionText}» — число от 0 до 255`);
        section = undefined;
      }
    }

    let category: readonly string[] | undefined;
    const categoryText = cell('category');
    if (categoryText !== undefined) {
      const known = pathOf(categoryText);
      category = known.path;
      if (known.tooLong) fail('category', `название категории длиннее ${MAX_CATEGORY} символов`);
      if (known.tooDeep) fail('category', 'больше 8 уровней категорий');
    }

    const weighted = flag('weighted');
    const marked = flag('marked');
    const freePrice = flag('freePrice');
    const hidden = flag('hidden');
    if (weighted === true && unit !== undefined && unit === 'шт') fail('weighted', 'весовой товар в штуках: укажите единицу кг (или л, м)');

    if (bad) badRows.add(row);
    return { row, code, name, barcodes: codesOfRow, price, vatRate, unit, section, category, weighted, marked, freePrice, hidden };
  };
  return { check, errors, badRows };
}
