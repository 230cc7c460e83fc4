/**
 * Phase timings of one API call, for the bench's breakdown of `sale.pay` (tests/bench/ratio.ts).
 * On only when the process starts with KASSA_TRACE=1; off, `phase()` is one branch on a constant.
 * The till answers one call at a time from one cashier, so the marks of a call do not interleave.
 */
import { performance } from 'node:perf_hooks';

export const tracing = process.env.KASSA_TRACE === '1';

let started = 0;
let last = 0;
let phases: Record<string, number> = {};

/** A call begins (the web host has its request). */
export function traceStart(): void {
  if (!tracing) return;
  started = last = performance.now();
  phases = {};
}

/** The phase `name` ended now: the time since the previous mark is added to it. */
export function phase(name: string): void {
  if (!tracing) return;
  const now = performance.now();
  phases[name] = (phases[name] ?? 0) + (now - last);
  last = now;
}

/** The call is answered: one line `kassa-trace {…}` on stdout with its phases in ms. */
export function traceEnd(method: string): void {
  if (!tracing) return;
  phase('answer');
  process.stdout.write(`kassa-trace ${JSON.stringify({ method, total: last - started, phases })}\n`);
}
