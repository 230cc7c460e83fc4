/**
 * The worker thread's entry (bundled as dist/main/task-worker.js): one of the pool's threads
 * (runner.ts). It opens its own connection to the till's database at its first job and keeps it,
 * runs one job at a time, posts progress and the outcome, then waits for the next: starting a
 * thread and loading this bundle costs far more than a small report. The till can still end a
 * thread that hangs or ignores «Отменить» without touching its own connection; SQLite rolls back
 * whatever transaction it left open.
 */
import { statSync } from 'node:fs';
import { parentPort, threadId, workerData } from 'node:worker_threads';
import { openDatabase, type Db } from '../db/database.js';
import { KassaError } from '../domain/errors.js';
import { TaskCancelled, type JobCtx } from './job.js';
import { jobs, type JobName } from './jobs.js';
import type { TaskStart, ToWorker, WorkerMessage, WorkerStart } from './protocol.js';

const start = workerData as WorkerStart;
const port = parentPort!;
const closed = new Int32Array(start.closed);
const post = (message: WorkerMessage) => port.postMessage(message);

/** Progress at most every 100 ms (and always the last step): the screens need no more. */
const PROGRESS_EVERY_MS = 100;

type Current = { readonly task: string; readonly cancelled: Int32Array; readonly controller: AbortController };

let db: Db | null = null;
/** The file the connection was opened on: an import renames another file into its place. */
let opened: { dev: number; ino: number } | null = null;
let current: Current | null = null;

const fileId = () => {
  const s = statSync(start.dbFile);
  return { dev: s.dev, ino: s.ino };
};

/** The connection, opened again when the file at the path is no longer the one it has open (never a stale database). */
function connection(): Db {
  const now = fileId();
  if (db && opened && (opened.dev !== now.dev || opened.ino !== now.ino)) closeDb();
  if (!db) {
    db = openDatabase(start.dbFile, start.writeGate ? { writeGate: start.writeGate } : {});
    opened = now;
  }
  return db;
}

function closeDb(): void {
  try {
    db?.close();
  } finally {
    db = null;
    opened = null;
  }
}

async function run(message: TaskStart): Promise<void> {
  const me: Current = { task: message.task, cancelled: new Int32Array(message.cancelFlag), controller: new AbortController() };
  current = me;
  const checkCancelled = () => {
    // A job of the past (a timer it left) is told it was cancelled: it must not speak for the next one.
    if (current !== me || Atomics.load(me.cancelled, 0) === 1) {
      if (!me.controller.signal.aborted) me.controller.abort(new TaskCancelled());
      throw new TaskCancelled();
    }
  };
  let lastProgressAt = 0;
  let outcome: WorkerMessage;
  try {
    const ctx: JobCtx = {
      db: connection(),
      dataDir: start.dataDir,
      startedAt: message.startedAt,
      signal: me.controller.signal,
      progress(done, total, note) {
        checkCancelled();
        const now = Date.now();
        if (done < total && now - lastProgressAt < PROGRESS_EVERY_MS) return;
        lastProgressAt = now;
        post({ task: me.task, type: 'progress', done, total, ...(note !== undefined && { note }) });
      },
    };
    const job = jobs[message.job as JobName] as (ctx: JobCtx, input: unknown) => unknown;
    if (!job) throw new Error(`Неизвестная задача ${message.job}`);
    const value = await job(ctx, message.input);
    checkCancelled();
    outcome = { task: me.task, type: 'done', value };
  } catch (err) {
    const cancelledNow = err instanceof TaskCancelled || Atomics.load(me.cancelled, 0) === 1;
    outcome = cancelledNow
      ? { task: me.task, type: 'cancelled' }
      : {
          task: me.task,
          type: 'failed',
          code: err instanceof KassaError ? err.code : 'INTERNAL',
          message: err instanceof Error ? err.message : String(err),
          ...(err instanceof KassaError && err.details !== undefined && { details: err.details }),
        };
  } finally {
    current = null;
    // Whatever the job left running (a zip still being deflated for an upload that failed) stops
    // now, on its signal, instead of calling into a job that is over while the next one runs.
    if (!me.controller.signal.aborted) me.controller.abort(new TaskCancelled());
    // The next job gets the connection as a new one would be: no transaction a job left open.
    try {
      if (db?.open && db.inTransaction) db.exec('ROLLBACK');
    } catch {
      closeDb(); // opened afresh for the next job
    }
    if (db && !db.open) closeDb();
  }
  post(outcome);
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'run') void run(message);
  else if (message.type === 'warm') {
    try {
      if (!current) connection();
    } catch {
      // The job that follows opens it again and says why it cannot.
    }
    post({ type: 'warmed', threadId });
  } else if (message.type === 'cancel') {
    if (current?.task === message.task && !current.controller.signal.aborted) current.controller.abort(new TaskCancelled());
  } else if (message.type === 'close') {
    closeDb();
    Atomics.store(closed, 0, 1);
    Atomics.notify(closed, 0);
    port.close();
  }
});
