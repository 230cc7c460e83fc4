/**
 * The price-list work that runs in a worker thread (main/tasks/): the dry run and the import read
 * the file, check every row and the catalogue on the worker's own connection, so a 200,000-row file
 * never holds up the till's thread; the import writes in short chunks with pauses between them
 * (apply.ts), so a sale's write waits for about one chunk.
 */
import type { ImportPreview, ImportRequest, ImportResult, RowError } from '../../../preload/contract/index.js';
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { KassaError } from '../../domain/errors.js';
import type { JobCtx } from '../../tasks/job.js';
import { pacer } from '../../tasks/pacer.js';
import { workerBundle } from '../../tasks/runner.js';
import { audit } from '../audit.js';
import { applyPlan, beginImport, bulkLoad, importRunning, rollbackImport, type ApplyHooks } from './apply.js';
import { checkPlan, mappedPastEnd, planTable, previewOf, readTable } from './plan-file.js';
import { exportCatalogue, type Exported, type ExportFormat } from './export.js';
import { planner } from './plan.js';
import { MAX_CSV_BYTES, sniff } from './read.js';
import type { ReaderInput, ReaderMessage, ToReader } from './reader-worker.js';
import { unpackRows } from './row-pack.js';
import { asideFile, type SearchAside } from './search-aside.js';

/** How long an import's chunk writes while nobody sells. */
const IMPORT_IDLE_CHUNK_MS = 1_000;

export type PriceListJobInput = {
  readonly request: ImportRequest;
  /** The file in the data folder, and its name as the admin chose it. */
  readonly path: string;
  readonly size: number;
  readonly name: string;
  /** Who pressed «Загрузить» (the journal). */
  readonly userId: number | null;
};

async function planOf(ctx: JobCtx, input: PriceListJobInput, phases: { read: number; check: number } = { read: 0, check: 0 }) {
  ctx.progress(0, 3, 'Чтение файла');
  const t0 = performance.now();
  const table = await readTable(input.path, input.request.read, input.size);
  const t1 = performance.now();
  ctx.progress(1, 3, `Проверка ${table.rows.length.toLocaleString('ru-RU')} строк`);
  const plan = planTable(ctx.db, table, input.request);
  phases.read = Math.round(t1 - t0);
  phases.check = Math.round(performance.now() - t1);
  ctx.progress(2, 3, 'Проверено');
  return plan;
}

export async function previewJob(ctx: JobCtx, input: PriceListJobInput): Promise<ImportPreview> {
  return previewOf(await planOf(ctx, input));
}

export async function applyJob(ctx: JobCtx, input: PriceListJobInput): Promise<ImportResult> {
  const streamed = await streamedApply(ctx, input);
  if (streamed) return streamed;
  const started = Date.now();
  const phases = { read: 0, check: 0, write: 0 };
  const plan = await planOf(ctx, input, phases);
  checkPlan(plan);
  const t0 = performance.now();
  // «Отменить» makes a progress call throw; apply.ts then plays the undo log back before it rethrows.
  applyPlan(ctx.db, plan, writingHooks(ctx));
  auditImport(ctx, input, plan.counts);
  phases.write = Math.round(performance.now() - t0);
  return { counts: plan.counts, ms: Date.now() - started, phases };
}

function writingHooks(ctx: JobCtx): ApplyHooks {
  return {
    now: ctx.startedAt,
    // Long chunks while nobody sells (the import's fastest pace), ended early for a sale: it waits one part of a chunk.
    ...pacer(ctx.db, { idleChunkMs: IMPORT_IDLE_CHUNK_MS }),
    progress: (done, total) => ctx.progress(done, total, `Записано ${done.toLocaleString('ru-RU')} из ${total.toLocaleString('ru-RU')}`),
  };
}

function auditImport(ctx: JobCtx, input: PriceListJobInput, counts: ImportResult['counts']): void {
  audit({ db: ctx.db, clock: () => new Date(ctx.startedAt), session: { userId: input.userId } }, 'priceList.import', {
    file: input.name,
    mode: input.request.mode,
    ...counts,
  });
}

/** Rows the reader hands on first (the writing starts early), and at most at a time later (fewer chunks, and pauses between them). */
const READER_BATCH = 2_000;
const READER_MAX_BATCH = 25_000;

/**
 * A big CSV into a small catalogue (a bulk load, apply.ts), read while it is written: a thread of
 * its own (reader-worker.ts) reads, parses and checks the rows a part at a time, and this one plans
 * each part against the catalogue and writes its new items at once — the reading and the writing
 * take about as long each (planned on the reader's thread too, the reader became the slower of the
 * two: 0.5 s more for 200,000 rows). A row with an error stops the writing (the rest is still read, for the
 * count of errors); then, or on «Отменить», what was written is undone, as for any import. The
 * changes to items the catalogue had are written at the end, as usual. null: not such an import
 * (XLSX, «replace» — it decides what leaves from the whole file first —, a shift open, a catalogue
 * too big for a bulk load, no reader bundle): the caller reads the whole file first.
 */
async function streamedApply(ctx: JobCtx, input: PriceListJobInput): Promise<ImportResult | null> {
  const started = Date.now();
  const { request } = input;
  if (request.mode === 'replace' || input.size > MAX_CSV_BYTES || input.size === 0) return null;
  const readerFile = workerBundle('price-list-reader.js');
  if (!existsSync(readerFile)) return null;
  // The reader's thread starts (a tenth of a second) while this one reads the file and tells a bulk load.
  const reader = new Worker(readerFile, {
    workerData: {
      read: request.read,
      mapping: request.mapping,
      batch: READER_BATCH,
      maxBatch: READER_MAX_BATCH,
      dbFile: ctx.db.name,
    } satisfies ReaderInput,
  });
  let writer: ReturnType<typeof beginImport> | null = null;
  // From here on the reader's thread is ended whatever happens (it would copy the WAL until the till closes).
  try {
    // Not through libuv's threads: the reader's thread loads its modules through them meanwhile.
    const bytes = readFileSync(input.path);
    const lines = csvLines(bytes);
    if (lines === null || !bulkLoad(ctx.db, lines)) return null;
    // Handed over, not copied (a file this big has a memory of its own, not a slice of Node's pool).
    const own = bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.length;
    reader.postMessage({ type: 'file', bytes } satisfies ToReader, own ? [bytes.buffer] : []);
    ctx.progress(0, lines, 'Чтение файла');
    const rows = planner(ctx.db, request.mode, new Set(Object.keys(request.mapping)), null);
    let planning = 0;
    const paths = new Map<string, readonly string[]>();
    writer = beginImport(ctx.db, { ...writingHooks(ctx), searchAside: searchAsideOf(reader, ctx.db.name) }, { total: lines, bulk: () => bulkLoad(ctx.db, lines) });
    const bad = new Set<number>();
    let fileErrors: RowError[] = [];
    let width = 0;
    let reading = { read: 0, check: 0 };
    for await (const m of messagesOf(reader)) {
      if (m.type === 'failed') throw new KassaError(m.code as KassaError['code'], m.message);
      if (m.type === 'end') {
        fileErrors = m.errors;
        width = m.width;
        reading = m.ms;
        break;
      }
      for (const n of m.bad) bad.add(n);
      const p0 = performance.now();
      const ops = rows.add(unpackRows(m.rows, paths), bad);
      planning += performance.now() - p0;
      // Nothing more is written once a row has an error: the file is refused whole. (addBulk takes the new items of the ops.)
      if (bad.size > 0 || rows.failed) continue;
      writer.addBulk(ops);
    }
    const past = mappedPastEnd(request.mapping, width);
    if (past) throw past;
    const plan = rows.finish(fileErrors);
    checkPlan(plan);
    // The rows that change items the catalogue had: written as any import writes them.
    const others = plan.ops.filter((o) => o.kind !== 'add');
    if (others.length > 0) writer.write(others, writer.categories({ ops: others, newSections: plan.newSections }));
    const w = writer;
    writer = null;
    const searchAside = w.commit();
    auditImport(ctx, input, plan.counts);
    const ms = Date.now() - started;
    // On the reader's thread: reading, checking the rows; on this one: planning them, writing (the rest of the time).
    const phases = { read: reading.read, check: reading.check + Math.round(planning), write: Math.round(ms - planning) };
    return { counts: plan.counts, ms, phases, streamed: true, searchAside };
  } catch (err) {
    writer?.undo();
    throw err;
  } finally {
    // Its search index file too, once it can no longer write it (left after an error midway).
    void reader
      .terminate()
      .then(() => rm(asideFile(ctx.db.name), { force: true }))
      .catch(() => {});
  }
}

/** The longest the import waits for the reader's search index: past it, it makes the index itself. */
const SEARCH_ASIDE_WAIT_MS = 60_000;

/** The bulk load's search index, made on the reader's thread (search-aside.ts): asked for, then waited for. */
function searchAsideOf(reader: Worker, dbFile: string): SearchAside {
  const done = new Int32Array(new SharedArrayBuffer(4));
  const file = asideFile(dbFile);
  return {
    start: () => reader.postMessage({ type: 'search', file, done: done.buffer } satisfies ToReader),
    made() {
      Atomics.wait(done, 0, 0, SEARCH_ASIDE_WAIT_MS);
      return Atomics.load(done, 0) === 1 ? file : null;
    },
  };
}

/** The lines of a CSV file (about its rows: enough to tell a bulk load); null when it is no CSV (the usual reading says what it is). */
function csvLines(bytes: Buffer): number | null {
  try {
    if (sniff(bytes.subarray(0, 65_536)) !== 'csv') return null;
  } catch {
    return null;
  }
  let lines = 0;
  for (let at = bytes.indexOf(10); at >= 0; at = bytes.indexOf(10, at + 1)) lines++;
  return lines;
}

/** The reader's messages, in order, until its last (the end, or why it failed); its thread's crash is thrown. */
async function* messagesOf(reader: Worker): AsyncGenerator<ReaderMessage> {
  const queue: ReaderMessage[] = [];
  let failure = null as Error | null;
  let exited = false;
  let wake: (() => void) | null = null;
  const poke = () => {
    wake?.();
    wake = null;
  };
  reader.on('message', (m: ReaderMessage) => {
    queue.push(m);
    poke();
  });
  reader.on('error', (err) => {
    failure = err;
    poke();
  });
  reader.on('exit', () => {
    exited = true;
    poke();
  });
  for (let next = 0; ;) {
    if (next < queue.length) {
      const m = queue[next]!;
      queue[next++] = undefined as never; // its rows are planned: let them go
      yield m;
      if (m.type !== 'rows') return;
      continue;
    }
    if (failure) throw failure;
    if (exited) throw new KassaError('INTERNAL', 'Чтение файла прервалось');
    await new Promise<void>((resolve) => (wake = resolve));
  }
}

/** An import a killed worker left midway is played back (its own task, so the till's thread never does it). */
export function rollbackJob(ctx: JobCtx, _input: Record<string, never>): { rolledBack: boolean } {
  if (!importRunning(ctx.db)) return { rolledBack: false };
  rollbackImport(ctx.db, pacer(ctx.db));
  return { rolledBack: true };
}

/**
 * «Выгрузить»: the catalogue written to a file in the data folder. 200,000 items are read and
 * encoded for seconds: on the till's thread every sale would wait for them.
 */
export function priceListExportJob(ctx: JobCtx, input: { path: string; format: ExportFormat }): Promise<Exported> {
  return exportCatalogue(ctx.db, input.path, input.format);
}
