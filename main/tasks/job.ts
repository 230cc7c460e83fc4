/**
 * A long job that runs in a worker thread (ARCHITECTURE.md «Long work off the main thread»): its
 * own SQLite connection, progress as it goes, cancellable. Jobs are plain functions of a
 * `JobCtx`: tests may also call them in-process over a db they opened.
 */
import type { Db } from '../db/database.js';

export type JobCtx = {
  /** The worker's own connection to the till's database (WAL: reads never wait for the till). */
  readonly db: Db;
  /** The till's data folder (archives, logs, temporary files). */
  readonly dataDir: string;
  /** The till's clock, as an ISO time the job started at: a job must not read the wall clock to date documents. */
  readonly startedAt: string;
  /** Tells the screens how far it got; throws `TaskCancelled` once «Отменить» was pressed. */
  progress(done: number, total: number, note?: string): void;
  /** Aborted when the task is cancelled: pass it to streams and servers; check it in long loops. */
  readonly signal: AbortSignal;
};

/** A job: input and output are plain data (they cross the thread boundary by structured clone). */
export type Job<I, O> = (ctx: JobCtx, input: I) => O | Promise<O>;

export class TaskCancelled extends Error {
  constructor() {
    super('Операция отменена');
    this.name = 'TaskCancelled';
  }
}
