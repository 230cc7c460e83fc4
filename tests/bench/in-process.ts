/**
 * Benches that drive a core in this process (reports, maintenance): a call that must succeed, a
 * timed call, and a cashier scanning while a worker's task runs.
 */
import { performance } from 'node:perf_hooks';
import type { Core } from '../../main/core.js';

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
export async function sellWhile(core: Pick<Core, 'router'>, barcodes: readonly string[], work: Promise<unknown>): Promise<number[]> {
  const adds: number[] = [];
  let running = true;
  const done = work.finally(() => (running = false));
  for (let i = 0; running; i++) {
    await timed(adds, () => ok(core, 'sale.addItem', { barcode: barcodes[i % barcodes.length] }));
    if (i % 10 === 9) await ok(core, 'sale.cancel');
    await new Promise((r) => setImmediate(r));
  }
  await done;
  await ok(core, 'sale.cancel');
  return adds;
}
