/**
 * The price-list work that runs in a worker thread (main/tasks/): the dry run and the import read
 * the file, check every row and the catalogue on the worker's own connection, so a 200,000-row file
 * never holds up the till's thread; the import writes in short chunks with pauses between them
 * (apply.ts), so a sale's write waits for about one chunk.
 */
import type { ImportPreview, ImportRequest, ImportResult } from '../../../preload/contract/index.js';
import { performance } from 'node:perf_hooks';
import type { JobCtx } from '../../tasks/job.js';
import { pacer } from '../../tasks/pacer.js';
import { audit } from '../audit.js';
import { applyPlan, importRunning, rollbackImport } from './apply.js';
import { checkPlan, planTable, previewOf, readTable } from './plan-file.js';
import { exportCatalogue, type Exported, type ExportFormat } from './export.js';

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
  const started = Date.now();
  const phases = { read: 0, check: 0, write: 0 };
  const plan = await planOf(ctx, input, phases);
  checkPlan(plan);
  const t0 = performance.now();
  // «Отменить» makes a progress call throw; apply.ts then plays the undo log back before it rethrows.
  applyPlan(ctx.db, plan, {
    now: ctx.startedAt,
    // Long chunks while nobody sells (the import's fastest pace), ended early for a sale: it waits one part of a chunk.
    ...pacer(ctx.db, { idleChunkMs: IMPORT_IDLE_CHUNK_MS }),
    progress: (done, total) => ctx.progress(done, total, `Записано ${done.toLocaleString('ru-RU')} из ${total.toLocaleString('ru-RU')}`),
  });
  audit({ db: ctx.db, clock: () => new Date(ctx.startedAt), session: { userId: input.userId } }, 'priceList.import', {
    file: input.name,
    mode: input.request.mode,
    ...plan.counts,
  });
  phases.write = Math.round(performance.now() - t0);
  return { counts: plan.counts, ms: Date.now() - started, phases };
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
