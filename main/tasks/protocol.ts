/** What the till and a pooled worker thread say to each other. */
import type { ErrorCode } from '../../preload/contract/index.js';

/** Given once, when the thread starts: the till's file and folder, and the flag it answers «closed» on. */
export type WorkerStart = {
  readonly dbFile: string;
  readonly dataDir: string;
  /** Int32 [0]: set to 1 by the worker once its connection is closed (the till waits for it when it closes). */
  readonly closed: SharedArrayBuffer;
  /** The till's write gate (db/database.ts `newWriteGate`): the worker's connection sees the till's writes waiting. */
  readonly writeGate?: SharedArrayBuffer;
};

/** One job for the thread; the next comes only after its outcome. */
export type TaskStart = {
  readonly type: 'run';
  readonly task: string;
  readonly job: string;
  readonly input: unknown;
  readonly startedAt: string;
  /** One Int32 set to 1 by the till on «Отменить»: seen by a job busy in a synchronous loop too. */
  readonly cancelFlag: SharedArrayBuffer;
};

export type ToWorker =
  | TaskStart
  | { readonly type: 'cancel'; readonly task: string }
  /** Open the connection now, before a job comes (the admin opened a price list): answered with `warmed`. */
  | { readonly type: 'warm' }
  /** Close the connection, say so on `closed`, and end the thread. */
  | { readonly type: 'close' };

export type WorkerMessage =
  /** The connection is open (or failed to open: the job will say why); the thread's id. */
  { readonly type: 'warmed'; readonly threadId: number } | TaskMessage;

type TaskMessage = { readonly task: string } & (
  | { readonly type: 'progress'; readonly done: number; readonly total: number; readonly note?: string }
  | { readonly type: 'done'; readonly value: unknown }
  | { readonly type: 'cancelled' }
  | { readonly type: 'failed'; readonly code: ErrorCode; readonly message: string; readonly details?: unknown }
);
