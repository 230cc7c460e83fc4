/**
 * The worker thread's entry (bundled as dist/main/task-worker.js): opens its own connection to the
 * till's database, runs one job, posts progress and the outcome, and ends. One worker per task:
 * a task that hangs or is cancelled can be ended without touching the till's own connection, and
 * SQLite rolls back whatever transaction it left open.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/database.js';
import { KassaError } from '../domain/errors.js';
import { TaskCancelled, type JobCtx } from './job.js';
import { jobs, type JobName } from './jobs.js';
import type { TaskStart, WorkerMessage } from './protocol.js';

const start = workerData as TaskStart;
const port = parentPort!;
const cancelled = new Int32Array(start.cancelFlag);
const controller = new AbortController();
const post = (message: WorkerMessage) => port.postMessage(message);

/** Progress at most every 100 ms (and always the last step): the screens need no more. */
const PROGRESS_EVERY_MS = 100;
let lastProgressAt = 0;

function checkCancelled(): void {
  if (Atomics.load(cancelled, 0) === 1) {
    if (!controller.signal.aborted) controller.abort(new TaskCancelled());
    throw new TaskCancelled();
  }
}

async function run(): Promise<void> {
  const db = openDatabase(start.dbFile);
  try {
    const ctx: JobCtx = {
      db,
      dataDir: start.dataDir,
      startedAt: start.startedAt,
      signal: controller.signal,
      progress(done, total, note) {
        checkCancelled();
        const now = Date.now();
        if (done < total && now - lastProgressAt < PROGRESS_EVERY_MS) return;
        lastProgressAt = now;
        post({ type: 'progress', done, total, ...(note !== undefined && { note }) });
      },
    };
    const job = jobs[start.job as JobName] as (ctx: JobCtx, input: unknown) => unknown;
    if (!job) throw new Error(`Неизвестная задача ${start.job}`);
    const value = await job(ctx, start.input);
    checkCancelled();
    post({ type: 'done', value });
  } finally {
    db.close();
  }
}

// Cancel also arrives as a message, for jobs that wait on I/O rather than call progress().
port.on('message', (message: { type: 'cancel' }) => {
  if (message.type === 'cancel' && !controller.signal.aborted) controller.abort(new TaskCancelled());
});

run().then(
  () => port.close(),
  (err: unknown) => {
    const cancelledNow = err instanceof TaskCancelled || Atomics.load(cancelled, 0) === 1;
    post(
      cancelledNow
        ? { type: 'cancelled' }
        : {
            type: 'failed',
            code: err instanceof KassaError ? err.code : 'INTERNAL',
            message: err instanceof Error ? err.message : String(err),
            ...(err instanceof KassaError && err.details !== undefined && { details: err.details }),
          },
    );
    port.close();
  },
);
