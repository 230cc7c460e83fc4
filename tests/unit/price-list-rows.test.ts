/**
 * The cells of a price-list row: prices, VAT rates, units and flags as shops write them. The common
 * cells are read by a fast path (200,000 rows); it must say exactly what the full reading says.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePrice, parseVat, readPrice, rowsOf } from '../../main/services/price-list/rows.js';
import type { Table } from '../../main/services/price-list/read.js';

const table = (rows: string[][]): Table => ({
  format: 'csv',
  charset: 'utf-8',
  delimiter: ';',
  columns: ['Код', 'Наименование', 'Цена', 'Единица', 'Весовой'],
  rows,
  rowNumbers: rows.map((_, i) => i + 2),
  warnings: [],
});
const mapping = { code: 0, name: 1, price: 2, unit: 3, weighted: 4 };

describe('price-list cells', () => {
  it('reads a price as the full reading (readPrice) does, whatever the cell', () => {
    expect(parsePrice('2,89')).toBe(289);
    expect(parsePrice('3')).toBe(300);
    expect(parsePrice('1 234,50')).toBe(123_450);
    expect(parsePrice('2,')).toBe(200);
    expect(parsePrice('2,899')).toBe('fraction');
    expect(parsePrice('-1,00')).toBe('negative');
    fc.assert(
      fc.property(fc.stringMatching(/^-?[0-9 ]{0,18}([.,][0-9]{0,4})?( ?(руб|р|BYN)\.?)?$/), (text) => {
        expect(parsePrice(text)).toEqual(readPrice(text));
      }),
      { numRuns: 5_000 },
    );
  });

  it('reads the VAT rates a file holds, and refuses others', () => {
    expect(['20', '10', '0', '25', '20 %', '20%', '10,0'].map(parseVat)).toEqual([2000, 1000, 0, 2500, 2000, 2000, 1000]);
    expect(['', 'без НДС', 'Без ндс', 'нет'].map(parseVat)).toEqual([null, null, null, null]);
    expect(['18', '0,2', 'двадцать'].map(parseVat)).toEqual([undefined, undefined, undefined]);
  });

  it('takes units and flags in any case, and refuses a unit that is only a name of the language («constructor»)', () => {
    const { rows, errors } = rowsOf(
      table([
        ['1', 'Хлеб', '1,00', 'ШТ.', 'Нет'],
        ['2', 'Сыр', '10,00', 'кг', 'ДА'],
        ['3', 'Мыло', '2,00', 'constructor', 'нет'],
        ['4', 'Соль', '1,00', 'toString', 'нет'],
      ]),
      mapping,
    );
    expect(rows.slice(0, 2).map((r) => [r.unit, r.weighted])).toEqual([
      ['шт', false],
      ['кг', true],
    ]);
    expect(errors.map((e) => [e.row, e.message])).toEqual([
      [4, expect.stringContaining('неизвестная единица «constructor»')],
      [5, expect.stringContaining('неизвестная единица «toString»')],
    ]);
  });
});
