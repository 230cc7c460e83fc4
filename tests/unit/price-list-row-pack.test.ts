/**
 * Checked rows crossing from the reader's thread to the import's as columns (price-list/row-pack.ts):
 * every field comes back as it was — a missing field stays missing (not «без НДС», not «нет»), and a
 * category path is one array for every row (and message) that names it.
 */
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { packRows, unpackRows } from '../../main/services/price-list/row-pack.js';
import type { PriceListRow } from '../../main/services/price-list/rows.js';

const bread = ['Хлеб', 'Батоны'];
const rows: PriceListRow[] = [
  {
    row: 2,
    code: '1',
    name: 'Батон',
    barcodes: ['4810000000001', '4810000000018'],
    price: 189,
    vatRate: 1000,
    unit: 'шт',
    section: 2,
    category: bread,
    weighted: false,
    marked: true,
    freePrice: false,
    hidden: false,
  },
  {
    row: 3,
    code: '2',
    name: 'Сахар',
    barcodes: [],
    price: 0,
    vatRate: null,
    unit: 'кг',
    section: 0,
    category: [],
    weighted: true,
    marked: false,
    freePrice: true,
    hidden: true,
  },
  // A row with errors: what could not be read is missing.
  {
    row: 5,
    code: undefined,
    name: 'Без кода',
    barcodes: undefined,
    price: undefined,
    vatRate: undefined,
    unit: undefined,
    section: undefined,
    category: undefined,
    weighted: undefined,
    marked: undefined,
    freePrice: undefined,
    hidden: undefined,
  },
  {
    row: 6,
    code: '3',
    name: 'Нарезной',
    barcodes: ['4810000000025'],
    price: 215,
    vatRate: 2000,
    unit: 'шт',
    section: 255,
    category: bread,
    weighted: false,
    marked: false,
    freePrice: false,
    hidden: false,
  },
];

/** As the threads pass it: a structured clone. */
function sent<T>(value: T): T {
  const { port1, port2 } = new MessageChannel();
  port1.postMessage(value);
  const got = receiveMessageOnPort(port2)!.message as T;
  port1.close();
  return got;
}

describe('rows packed in columns', () => {
  it('come back as they were, a missing field missing', () => {
    const back = unpackRows(sent(packRows(rows)));
    expect(back).toEqual(rows);
    expect(back[2]).toHaveProperty('vatRate', undefined);
    expect(back[1]).toHaveProperty('vatRate', null);
  });

  it('name one path array per category, across messages too', () => {
    const paths = new Map<string, readonly string[]>();
    const first = unpackRows(sent(packRows(rows.slice(0, 2))), paths);
    const second = unpackRows(sent(packRows(rows.slice(2))), paths);
    expect(second[1]!.category).toBe(first[0]!.category);
    expect(first[0]!.category).toEqual(bread);
  });
});
