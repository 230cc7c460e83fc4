/** What the till and a task's worker thread say to each other. */
import type { ErrorCode } from '../../preload/contract/index.js';

export type TaskStart = {
  readonly job: string;
  readonly input: unknown;
  readonly dbFile: string;
  readonly dataDir: string;
  readonly startedAt: string;
  /** One Int32 set to 1 by the till on «Отменить»: seen by a job busy in a synchronous loop too. */
  readonly cancelFlag: SharedArrayBuffer;
};

export type WorkerMessage =
  | { readonly type: 'progress'; readonly done: number; readonly total: number; readonly note?: string }
  | { readonly type: 'done'; readonly value: unknown }
  | { readonly type: 'cancelled' }
  | { readonly type: 'failed'; readonly code: ErrorCode; readonly message: string; readonly details?: unknown };
