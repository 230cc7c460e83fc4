/**
 * The pace of a worker that writes while the till sells (price-list import, cleanup): SQLite has one
 * writer, so the worker writes in short transactions and lets go of the lock between them.
 */
import { performance } from 'node:perf_hooks';
import type { Db } from '../db/database.js';

export type Pacer = {
  /** How long the next transaction should hold the write lock (ms). */
  readonly chunkMs: () => number;
  /** Sleeps after a transaction that took `chunkMs` (ms). */
  readonly pause: (chunkMs: number) => void;
};

/**
 * While the till sells, a chunk is sized to write for SELLING_CHUNK_MS and the worker then sleeps
 * as long as the chunk took: SQLite's busy handler retries a waiting writer after 1, 3, 8, 18, 33 ms,
 * and with pauses as long as the chunks one of the first retries finds the lock free (a sale waits
 * one chunk and a little); shorter pauses let the retries fall into the chunks again and again.
 * While nobody else writes, chunks are longer and pauses short: the first sale then waits one
 * longer chunk, and from then on the till counts as selling.
 */
const SELLING_CHUNK_MS = 12;
const IDLE_CHUNK_MS = 50;
const IDLE_PAUSE_MS = 4;
/** Someone else wrote in the last this long: the till is selling. */
const SELLING_MS = 30_000;

const sleeper = new Int32Array(new SharedArrayBuffer(4));
const sleep = (ms: number) => Atomics.wait(sleeper, 0, 0, ms);

/** Chunk length and the pause between chunks, by whether another connection (the till) committed lately. */
export function pacer(db: Db): Pacer {
  // data_version changes when another connection commits; the worker's own commits leave it as it is.
  const version = db.prepare('PRAGMA data_version').pluck();
  let seen = version.get();
  let lastOther = -Infinity;
  const selling = () => {
    const now = version.get();
    if (now !== seen) {
      seen = now;
      lastOther = performance.now();
    }
    return performance.now() - lastOther < SELLING_MS;
  };
  return {
    chunkMs: () => (selling() ? SELLING_CHUNK_MS : IDLE_CHUNK_MS),
    // Idle: a little jitter, so a first sale's retries cannot keep falling into chunks in step with them.
    pause: (chunkMs) => sleep(selling() ? Math.max(IDLE_PAUSE_MS, Math.ceil(chunkMs)) : IDLE_PAUSE_MS / 2 + Math.random() * IDLE_PAUSE_MS),
  };
}
