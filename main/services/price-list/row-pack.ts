/**
 * Checked rows as they cross from the reader's thread to the import's (reader-worker.ts → jobs.ts):
 * a column per field instead of an object per row. Copied between threads, 200,000 row objects cost
 * each side some 300 ms (every object's every key); columns of numbers and strings, a fraction —
 * and the import's thread is the one that also writes.
 */
import type { ItemUnit, PriceListRow } from './rows.js';

export type PackedRows = {
  readonly row: Int32Array;
  readonly code: (string | undefined)[];
  readonly name: (string | undefined)[];
  /** Joined by spaces (a barcode is digits only). */
  readonly barcodes: (string | undefined)[];
  /** NaN: undefined. */
  readonly price: Float64Array;
  /** NaN: undefined; -1: null (no VAT). */
  readonly vatRate: Float64Array;
  readonly unit: (ItemUnit | undefined)[];
  /** NaN: undefined. */
  readonly section: Float64Array;
  /** Index into `paths`; -1: undefined. */
  readonly category: Int32Array;
  readonly paths: (readonly string[])[];
  /** weighted, marked, freePrice, hidden: 4 per row; -1: undefined, 0, 1. */
  readonly flags: Int8Array;
};

const NONE = -1;
const flag = (b: boolean | undefined) => (b === undefined ? NONE : b ? 1 : 0);
const unflag = (v: number) => (v === NONE ? undefined : v === 1);

export function packRows(rows: readonly PriceListRow[]): PackedRows {
  const n = rows.length;
  const p = {
    row: new Int32Array(n),
    code: new Array<string | undefined>(n),
    name: new Array<string | undefined>(n),
    barcodes: new Array<string | undefined>(n),
    price: new Float64Array(n),
    vatRate: new Float64Array(n),
    unit: new Array<ItemUnit | undefined>(n),
    section: new Float64Array(n),
    category: new Int32Array(n),
    paths: [] as (readonly string[])[],
    flags: new Int8Array(n * 4),
  };
  // A file has thousands of rows per category: each path (one array per distinct cell, rows.ts) once.
  const pathAt = new Map<readonly string[], number>();
  rows.forEach((r, i) => {
    p.row[i] = r.row;
    p.code[i] = r.code;
    p.name[i] = r.name;
    p.barcodes[i] = r.barcodes?.join(' ');
    p.price[i] = r.price ?? NaN;
    p.vatRate[i] = r.vatRate === undefined ? NaN : r.vatRate === null ? NONE : r.vatRate;
    p.unit[i] = r.unit;
    p.section[i] = r.section ?? NaN;
    if (r.category === undefined) p.category[i] = NONE;
    else {
      let at = pathAt.get(r.category);
      if (at === undefined) {
        at = p.paths.push(r.category) - 1;
        pathAt.set(r.category, at);
      }
      p.category[i] = at;
    }
    p.flags[i * 4] = flag(r.weighted);
    p.flags[i * 4 + 1] = flag(r.marked);
    p.flags[i * 4 + 2] = flag(r.freePrice);
    p.flags[i * 4 + 3] = flag(r.hidden);
  });
  return p;
}

/**
 * The rows of a message. `paths`: the category paths of the messages before, by their names — a path
 * arrives as the same array as before (the import makes each category once per array: apply.ts).
 */
export function unpackRows(p: PackedRows, paths = new Map<string, readonly string[]>()): PriceListRow[] {
  const known = p.paths.map((path) => {
    const key = path.join('\u0000');
    const seen = paths.get(key);
    if (seen) return seen;
    paths.set(key, path);
    return path;
  });
  const rows = new Array<PriceListRow>(p.row.length);
  for (let i = 0; i < rows.length; i++) {
    const vat = p.vatRate[i]!;
    const barcodes = p.barcodes[i];
    rows[i] = {
      row: p.row[i]!,
      code: p.code[i],
      name: p.name[i],
      barcodes: barcodes === undefined ? undefined : barcodes === '' ? [] : barcodes.includes(' ') ? barcodes.split(' ') : [barcodes],
      price: Number.isNaN(p.price[i]) ? undefined : p.price[i],
      vatRate: Number.isNaN(vat) ? undefined : vat === NONE ? null : vat,
      unit: p.unit[i],
      section: Number.isNaN(p.section[i]) ? undefined : p.section[i],
      category: p.category[i] === NONE ? undefined : known[p.category[i]!],
      weighted: unflag(p.flags[i * 4]!),
      marked: unflag(p.flags[i * 4 + 1]!),
      freePrice: unflag(p.flags[i * 4 + 2]!),
      hidden: unflag(p.flags[i * 4 + 3]!),
    };
  }
  return rows;
}
