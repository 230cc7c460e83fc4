/**
 * The reader of a streamed import (bundled as dist/main/price-list-reader.js; started by jobs.ts):
 * a thread of its own decodes the CSV (its bytes handed over by the import, which read them while
 * this thread started), parses it and checks each row (rows.ts), and hands the rows on a part at a
 * time while the import's worker plans and writes the part before. Reading a 200,000-row file and
 * writing it take about as long each, and a till has two cores. It never writes the catalogue (that
 * is the import's); once the file is read, the thread copies the import's WAL into the database file
 * while the import still writes (`dbFile`), and at the end, asked, makes the search index of the
 * items aside while the import makes the other indexes (search-aside.ts).
 */
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import Sqlite from 'better-sqlite3';
import type { ColumnMapping, ReadOptions, RowError } from '../../../preload/contract/index.js';
import { KassaError } from '../../domain/errors.js';
import { readCsvRows } from './read.js';
import { packRows, type PackedRows } from './row-pack.js';
import { rowChecker, type PriceListRow, type RowChecker } from './rows.js';
import { makeSearchAside } from './search-aside.js';

export type ReaderInput = {
  readonly read: ReadOptions;
  readonly mapping: ColumnMapping;
  /** Rows the first message carries (the writing starts early); each next one twice as many, up to `maxBatch`. */
  readonly batch: number;
  readonly maxBatch: number;
  /**
   * The till's database: once the file is read, this thread copies the import's WAL into it (a
   * passive checkpoint every CHECKPOINT_EVERY_MS, until the import ends it) — work the import's
   * thread would otherwise do between its writes and after them, on the core this one leaves idle.
   */
  readonly dbFile?: string;
};

const CHECKPOINT_EVERY_MS = 25;

export type ReaderMessage =
  /** Checked rows in file order; `bad`: the numbers of those with errors. */
  | { readonly type: 'rows'; readonly rows: PackedRows; readonly bad: number[] }
  /** Every row read: the file's own errors (and the mapping's), the widest row. */
  | {
      readonly type: 'end';
      readonly errors: RowError[];
      readonly width: number;
      readonly rows: number;
      /** This thread's time (ms): reading and parsing the file, checking its rows, handing them on. */
      readonly ms: { readonly read: number; readonly check: number; readonly post: number };
    }
  | { readonly type: 'failed'; readonly code: string; readonly message: string };

export type ToReader =
  /** The file's bytes (read by the import while this thread started; handed over, not copied). */
  | { readonly type: 'file'; readonly bytes: Uint8Array }
  /** Once the import has written every item: make their search index in `file`; `done`: an Int32Array's buffer. */
  | { readonly type: 'search'; readonly file: string; readonly done: SharedArrayBuffer };

const input = workerData as ReaderInput;
const post = (message: ReaderMessage) => parentPort!.postMessage(message);

function read(bytes: Buffer): void {
  const t0 = performance.now();
  let checking = 0;
  let posting = 0;
  // Names for every mapped column, even past the header (their errors name them).
  const width = Math.max(0, ...Object.values(input.mapping).map((c) => c + 1));
  let checker: RowChecker | null = null;
  let batch = input.batch;
  let rows: PriceListRow[] = [];
  let bad: number[] = [];
  const done = readCsvRows(
    bytes,
    input.read,
    width,
    (columns) => (checker = rowChecker(columns, input.mapping)),
    (cells, n) => {
      const c0 = performance.now();
      rows.push(checker!.check(cells, n));
      if (checker!.badRows.has(n)) bad.push(n);
      const c1 = performance.now();
      checking += c1 - c0;
      if (rows.length < batch) return;
      post({ type: 'rows', rows: packRows(rows), bad });
      batch = Math.min(input.maxBatch, batch * 2);
      rows = [];
      bad = [];
      posting += performance.now() - c1;
    },
  );
  const p0 = performance.now();
  if (rows.length > 0) post({ type: 'rows', rows: packRows(rows), bad });
  posting += performance.now() - p0;
  const ms = { read: Math.round(performance.now() - t0 - checking - posting), check: Math.round(checking), post: Math.round(posting) };
  post({ type: 'end', errors: (checker as RowChecker | null)?.errors ?? [], width: done.width, rows: done.rows, ms });
}

/** Copies the WAL into the database file now and then until the thread is ended (a passive checkpoint never blocks a writer). */
function keepCheckpointing(db: Sqlite.Database): void {
  const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
  setInterval(() => {
    try {
      checkpoint.get();
    } catch {
      // Busy (another checkpoint runs) or the file is gone with the import: the import's own checkpoints remain.
    }
  }, CHECKPOINT_EVERY_MS);
}

/** The import's messages: the file, then (a bulk load's end) the ask for the search index. */
function serve(): void {
  // The till's database, opened once the file is read (the checkpoints, the search index).
  let till: Sqlite.Database | null = null;
  const tillDb = () => (till ??= new Sqlite(input.dbFile, { fileMustExist: true }));
  parentPort!.on('message', (m: ToReader) => {
    if (m.type === 'file') {
      try {
        read(Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength));
      } catch (err) {
        post({ type: 'failed', code: err instanceof KassaError ? err.code : 'INTERNAL', message: err instanceof Error ? err.message : String(err) });
        return;
      }
      if (input.dbFile) keepCheckpointing(tillDb());
      return;
    }
    const done = new Int32Array(m.done);
    try {
      makeSearchAside(tillDb(), m.file);
      Atomics.store(done, 0, 1);
    } catch {
      // The import makes the index itself.
      Atomics.store(done, 0, 2);
    }
    Atomics.notify(done, 0);
  });
}

serve();
