/**
 * A file in the data folder → the plan of its import: read, every row checked, checked against
 * the catalogue. Runs in the worker (jobs.ts) and in tests over a connection they opened; nothing
 * here needs the till's thread.
 */
import { open, readFile } from 'node:fs/promises';
import type { ImportPreview, ImportRequest, ReadOptions } from '../../../preload/contract/index.js';
import { sizeOverLimit } from '../../../common/file-size.js';
import type { Db } from '../../db/database.js';
import { KassaError } from '../../domain/errors.js';
import { planImport, type Plan } from './plan.js';
import { emptyFile, firstPastAscii, MAX_CSV_BYTES, readCsv, readXlsx, sniff, type Table } from './read.js';
import { FIELD_NAMES, rowsOf } from './rows.js';

/** Errors sent to the screen; the count of all is in the counts. */
const MAX_ERRORS_SHOWN = 1_000;

export const tooBig = (size: number, limit = MAX_CSV_BYTES) =>
  new KassaError('VALIDATION', `Файл слишком большой (${sizeOverLimit(size, limit)}): это не похоже на прайс-лист`);

/** What «Открыть» reads of a CSV for its first rows (a 20 MB price list was read whole for 80 of them). */
const HEAD_READ_BYTES = 1024 * 1024;

/** The file as a table of cells; `head`: its first rows only (at least this many, after the header). */
export async function readTable(path: string, read: ReadOptions, size: number, head?: number): Promise<Table> {
  if (size === 0) throw emptyFile();
  const handle = await open(path, 'r');
  const first = Buffer.alloc(Math.min(size, head === undefined ? 65_536 : HEAD_READ_BYTES));
  try {
    await handle.read(first, 0, first.length, 0);
  } finally {
    await handle.close();
  }
  if (sniff(first) === 'xlsx') return readXlsx(path, read, head);
  if (size > MAX_CSV_BYTES) throw tooBig(size);
  if (head !== undefined) {
    // Its whole lines: enough for the columns, the sample and the charset — unless all ASCII (the charset may show later).
    const lines = first.length === size ? first : first.subarray(0, first.lastIndexOf(0x0a) + 1);
    if (lines.length === size || (lines.length > 0 && firstPastAscii(lines) >= 0)) return readCsv(lines, read, head);
  }
  return readCsv(await readFile(path), read, head);
}

/** A field mapped to a column past the file's widest row: the error; null when every one is in the file. */
export function mappedPastEnd(mapping: ImportRequest['mapping'], width: number): KassaError | null {
  const field = Object.entries(mapping).find(([, column]) => column >= width)?.[0];
  return field === undefined
    ? null
    : new KassaError('VALIDATION', `Поле «${FIELD_NAMES[field as keyof typeof FIELD_NAMES]}» указывает на столбец, которого нет в файле: выберите столбцы снова`);
}

export function planTable(db: Db, table: Table, request: Pick<ImportRequest, 'mapping' | 'mode'>): Plan {
  const past = mappedPastEnd(request.mapping, table.columns.length);
  if (past) throw past;
  const { rows, errors, badRows } = rowsOf(table, request.mapping);
  return planImport(db, rows, errors, badRows, request.mode, new Set(Object.keys(request.mapping)));
}

export async function planFile(db: Db, path: string, size: number, request: ImportRequest): Promise<Plan> {
  return planTable(db, await readTable(path, request.read, size), request);
}

export function previewOf(plan: Plan): ImportPreview {
  return { counts: plan.counts, rows: [...plan.preview], errors: plan.errors.slice(0, MAX_ERRORS_SHOWN), notes: [...plan.notes] };
}

/** Refuses a plan with errors: nothing is written until the file is clean. */
export function checkPlan(plan: Plan): void {
  if (plan.errors.length > 0) {
    const first = plan.errors[0]!;
    throw new KassaError(
      'VALIDATION',
      `В файле есть ошибки (строк с ошибками: ${plan.counts.errors}), каталог не изменён. Первая: ${first.row > 0 ? `строка ${first.row}, ` : ''}${first.column}: ${first.message}`,
    );
  }
}
