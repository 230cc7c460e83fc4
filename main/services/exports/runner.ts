/**
 * Takes the queued exports one at a time and runs each as a task in a worker thread (main/tasks/),
 * so neither the Z nor a sale waits for a target: the Z only queued a row. Looks at the queue on a
 * timer, after each Z and on «Повторить сейчас»; the schedule follows the till's clock (ctx.clock),
 * so tests drive «daily at 21:00» by moving that clock and calling `tick()`.
 */
import { KassaError } from '../../domain/errors.js';
import type { Ctx } from '../context.js';
import { exportDatabase, targetAccess } from '../maintenance/index.js';
import {
  attemptDone,
  attemptFailed,
  beginAttempt,
  dueJob,
  jobTitle,
  queueDailyIfDue,
  recoverInterrupted,
  type ArchiveJobInput,
  type ExportJob,
  type ReportsJobInput,
} from './queue.js';

export type ExportRunner = {
  /** Queues the daily archive if due, then runs every due job; resolves when none is left due. One at a time. */
  tick(): Promise<void>;
  /** No new job starts; a running one is left to the tasks' stop (it is tried again on the next start). */
  stop(): void;
};

export type ExportRunnerOptions = {
  /** How often the queue and the schedule are looked at (ms of real time). */
  readonly intervalMs?: number;
  /**
   * «Idle-ish»: a check being rung up defers a job, for at most this long (ms of real time) — the
   * work is in a worker thread anyway, this only keeps the worker's start off a busy moment.
   */
  readonly maxDeferMs?: number;
};

/** A check with lines that is not parked: the cashier is ringing it up now. */
const ringingUp = (ctx: Ctx) => ctx.db.value<number>('SELECT count(*) FROM open_check_lines WHERE parked_id IS NULL')! > 0;

async function run(ctx: Ctx, job: ExportJob): Promise<{ files: string[]; removed: string[] }> {
  // Background work is nobody's action at the keyboard: the audit log says so.
  const bg: Ctx = { ...ctx, session: { userId: null } };
  const access = targetAccess(ctx, job.target_id);
  if (job.kind === 'archive') {
    const input = JSON.parse(job.input) as ArchiveJobInput;
    const done = await exportDatabase(bg, access, { keepLast: input.keepLast, by: 'schedule' });
    return { files: [done.path], removed: done.removed };
  }
  const input = JSON.parse(job.input) as ReportsJobInput;
  const r = await ctx.tasks.run(
    'exports.shiftReports',
    {
      shiftId: job.shift_id!,
      reports: input.reports,
      format: input.format,
      connection: access.connection,
      password: access.password,
      timeoutMs: ctx.storage.timeoutMs,
    },
    { label: jobTitle({ kind: job.kind, cause: job.cause, shiftNumber: job.shift_number }) },
  ).done;
  return { files: r.files, removed: [] };
}

export function startExportRunner(ctx: Ctx, options: ExportRunnerOptions = {}): ExportRunner {
  const maxDeferMs = options.maxDeferMs ?? 120_000;
  let stopped = false;
  let current: Promise<void> | null = null;
  let again = false;
  let deferredSince: number | null = null;

  if (recoverInterrupted(ctx) > 0) ctx.log('выгрузки: прерванные при прошлом запуске будут повторены');

  async function once(): Promise<void> {
    if (queueDailyIfDue(ctx)) ctx.emit('exports.changed', null);
    for (;;) {
      if (stopped) return;
      const job = dueJob(ctx);
      if (!job) return;
      if (ringingUp(ctx)) {
        deferredSince ??= performance.now();
        if (performance.now() - deferredSince < maxDeferMs) return;
      }
      deferredSince = null;
      const attempt = beginAttempt(ctx, job);
      ctx.emit('exports.changed', null);
      try {
        const result = await run(ctx, job);
        if (stopped) return;
        attemptDone({ ...ctx, session: { userId: null } }, job, attempt, result);
      } catch (err) {
        if (stopped) return; // the core is closing: the job stays «running» and is tried again at the next start
        const message = err instanceof KassaError ? err.message : err instanceof Error ? err.message : String(err);
        attemptFailed(ctx, job, attempt, message);
        ctx.log(`выгрузка ${job.id} не удалась, будет повторена: ${message}`);
      }
      ctx.emit('exports.changed', null);
    }
  }

  function tick(): Promise<void> {
    if (current) {
      again = true; // a look asked for during a run happens right after it
      return current;
    }
    current = (async () => {
      try {
        do {
          again = false;
          await once();
        } while (again && !stopped);
      } catch (err) {
        if (!stopped) ctx.log('выгрузки: очередь', err);
      } finally {
        current = null;
      }
    })();
    return current;
  }

  const timer = setInterval(() => void tick(), options.intervalMs ?? 15_000);
  timer.unref();
  return {
    tick,
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
