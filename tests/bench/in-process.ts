/**
 * Benches that drive a core in this process (reports, maintenance): a call that must succeed, a
 * timed call, a cashier scanning while a worker's task runs, and the till's transactions timed.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Core } from '../../main/core.js';
import type { Db } from '../../main/db/database.js';

/** The call's value; a refusal stops the bench with its code and message. */
export async function ok(core: Pick<Core, 'router'>, method: string, input: unknown = {}): Promise<unknown> {
  const res = await core.router.call(method, input, true);
  if (!res.ok) throw new Error(`${method}: ${res.error.code} ${res.error.message}`);
  return res.value;
}

/** Runs `run`, adds its milliseconds to `samples`, and gives its value. */
export async function timed<T>(samples: number[], run: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const out = await run();
  samples.push(performance.now() - t0);
  return out;
}

/**
 * The cashier scans while `work` runs: the time of every `sale.addItem`; the check is cancelled
 * every ten lines and at the end. Each scan is an event of its own, as a scanner's (an IPC message,
 * an HTTP request): in process the router answers in microtasks only, and without a turn of the
 * event loop the worker's «done» is never read and the loop scans for ever.
 */
export async function sellWhile(
  core: Pick<Core, 'router'>,
  barcodes: readonly string[],
  work: Promise<unknown>,
  /** Told of each scan over 20 ms, with how long this thread waited for a CPU meanwhile (ms). */
  slow?: (ms: number, cpuWait: number) => void,
): Promise<number[]> {
  const adds: number[] = [];
  let running = true;
  const done = work.finally(() => (running = false));
  for (let i = 0; running; i++) {
    const waited = slow ? cpuWaitMs() : 0;
    await timed(adds, () => ok(core, 'sale.addItem', { barcode: barcodes[i % barcodes.length] }));
    if (slow && adds.at(-1)! > 20) slow(adds.at(-1)!, cpuWaitMs() - waited);
    if (i % 10 === 9) await ok(core, 'sale.cancel');
    await new Promise((r) => setImmediate(r));
  }
  await done;
  await ok(core, 'sale.cancel');
  return adds;
}

/** How long this thread has waited for a CPU so far (ms; Linux, else 0): a loaded machine's share of a stop. */
export function cpuWaitMs(): number {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[1]) / 1e6;
  } catch {
    return 0;
  }
}

export type Split = { readonly lock: number; readonly body: number; readonly commit: number };

/** A transaction's split as the benches print it; '' when none was timed. */
export const splitText = (s: Split | null): string => (s ? `lock ${s.lock.toFixed(1)}, body ${s.body.toFixed(1)}, commit ${s.commit.toFixed(1)} ms` : '');

/**
 * The till's write transactions timed in three (bench diagnostics): the wait for the write lock, the
 * body, the commit (a commit past wal_autocheckpoint copies the WAL back and syncs the file). `last`:
 * the newest outermost one.
 */
export function timeTransactions(db: Db): { readonly last: Split | null } {
  const timing: { last: Split | null } = { last: null };
  const original = db.transaction.bind(db);
  let depth = 0;
  db.transaction = ((fn: (...args: never[]) => unknown) => {
    let began = 0;
    let ended = 0;
    const inner = original((...args: never[]) => {
      began = performance.now();
      try {
        return fn(...args);
      } finally {
        ended = performance.now();
      }
    });
    const timed =
      (call: (...args: never[]) => unknown) =>
      (...args: never[]) => {
        const t0 = performance.now();
        depth++;
        try {
          return call(...args);
        } finally {
          depth--;
          if (depth === 0 && began > 0) timing.last = { lock: began - t0, body: ended - began, commit: performance.now() - ended };
        }
      };
    return Object.assign(timed(inner), {
      default: timed(inner),
      deferred: timed((...args: never[]) => inner.deferred(...args)),
      immediate: timed((...args: never[]) => inner.immediate(...args)),
      exclusive: timed((...args: never[]) => inner.exclusive(...args)),
    });
  }) as Db['transaction'];
  return timing;
}
