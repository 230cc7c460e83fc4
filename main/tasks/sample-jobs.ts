/** Small jobs the runner's own tests and the diagnostics use. */
import { threadId } from 'node:worker_threads';
import type { JobCtx } from './job.js';

const TABLES = ['documents', 'document_lines', 'items', 'audit_log'] as const;

/** Counts a table's rows a chunk at a time, telling the progress after each. */
export function countRows(ctx: JobCtx, input: { table: (typeof TABLES)[number]; chunk: number }): { rows: number } {
  if (!TABLES.includes(input.table)) throw new Error(`Неизвестная таблица ${input.table}`);
  const total = ctx.db.value<number>(`SELECT count(*) FROM ${input.table}`) ?? 0;
  let rows = 0;
  let after = 0;
  for (;;) {
    const ids = ctx.db.values<number>(`SELECT rowid FROM ${input.table} WHERE rowid > ? ORDER BY rowid LIMIT ?`, after, input.chunk);
    if (ids.length === 0) break;
    rows += ids.length;
    after = ids[ids.length - 1]!;
    ctx.progress(rows, total);
  }
  return { rows };
}

/** Waits `steps` × `stepMs`, telling the progress after each step. */
export async function sleepJob(ctx: JobCtx, input: { steps: number; stepMs: number }): Promise<{ steps: number }> {
  for (let i = 1; i <= input.steps; i++) {
    await new Promise((resolve) => setTimeout(resolve, input.stepMs));
    ctx.progress(i, input.steps, `шаг ${i}`);
  }
  return { steps: input.steps };
}

/**
 * Keeps its thread busy for `ms` without yielding, telling the progress as it goes (tests: cancel reaches a
 * synchronous loop); `deaf` tells it once and then never again (tests: a job that ignores «Отменить» is ended).
 */
export function busyJob(ctx: JobCtx, input: { ms: number; deaf?: boolean }): { spun: number } {
  const until = Date.now() + input.ms;
  let spun = 0;
  while (Date.now() < until) {
    spun++;
    if (spun % 10_000 === 0 && (!input.deaf || spun === 10_000)) ctx.progress(input.ms - (until - Date.now()), input.ms);
  }
  return { spun };
}

/** Which thread ran it, and whether its connection is the one a job before it had (tests: the pool keeps threads and connections). */
export function threadJob(ctx: JobCtx, _input: Record<string, never>): { threadId: number; connection: number } {
  return { threadId, connection: connectionNumber(ctx) };
}

const connections = new WeakMap<object, number>();
let nextConnection = 0;
function connectionNumber(ctx: JobCtx): number {
  let n = connections.get(ctx.db);
  if (n === undefined) connections.set(ctx.db, (n = ++nextConnection));
  return n;
}
