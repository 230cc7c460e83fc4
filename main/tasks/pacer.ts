/**
 * The pace of a worker that writes while the till sells (price-list import, cleanup): SQLite has one
 * writer, so the worker writes in short transactions and lets go of the lock between them.
 */
import { performance } from 'node:perf_hooks';
import { writeGateOf, type Db } from '../db/database.js';

export type Pacer = {
  /** How long the next transaction should hold the write lock (ms). */
  readonly chunkMs: () => number;
  /** Sleeps after a transaction that took `chunkMs` (ms). */
  readonly pause: (chunkMs: number) => void;
  /** Whether a till's write waits for the lock now: a job that can commit early asks between the parts of a transaction. */
  readonly tillWaits?: () => boolean;
};

/**
 * While the till sells, a chunk is sized to write for SELLING_CHUNK_MS and the worker then sleeps
 * as long as the chunk took (the till's thread and the disk are the sale's half the time). A sale
 * that meets a chunk waits for its end only: the till's connection tries for the lock every quarter
 * of a millisecond and counts itself in the write gate (db/database.ts), and the worker begins no
 * chunk while the gate shows a till's write waiting or open. While nobody else writes, chunks are
 * longer and pauses short: the first sale then waits one longer chunk, and from then on the till
 * counts as selling.
 */
const SELLING_CHUNK_MS = 12;
const IDLE_CHUNK_MS = 50;
const IDLE_PAUSE_MS = 4;
/** Someone else wrote in the last this long: the till is selling. */
const SELLING_MS = 30_000;
/** The longest the worker lets the till's writes go first at one time (a till's transaction is milliseconds; a stuck count must not stop the job). */
const TILL_FIRST_MS = 2_000;

const sleeper = new Int32Array(new SharedArrayBuffer(4));
const sleep = (ms: number) => Atomics.wait(sleeper, 0, 0, ms);

/** Waits while the gate shows a till's write transaction waiting for the lock or open; true when there was one. */
export function letTillWrite(gate: Int32Array | null, maxMs = TILL_FIRST_MS): boolean {
  if (!gate) return false;
  let waited = false;
  for (const until = performance.now() + maxMs; ;) {
    const writing = Atomics.load(gate, 0);
    const left = until - performance.now();
    if (writing <= 0 || left <= 0) return waited;
    waited = true;
    Atomics.wait(gate, 0, writing, left);
  }
}

/**
 * The next step of a paced job, sized by time: as much as fits `aimMs` at the pace of the last step
 * (`done` of it in `tookMs`), within [min, max] and at most `growth` times the last step — one fast
 * step (its pages in the cache) must not make the next one hold the lock for long.
 */
export function nextStep(
  done: number,
  tookMs: number,
  aimMs: number,
  step: { readonly last: number; readonly min: number; readonly max: number; readonly growth: number },
): number {
  return Math.max(step.min, Math.min(step.max, step.growth * step.last, Math.round((done * aimMs) / Math.max(tookMs, 0.5))));
}

export type PacerOptions = {
  /**
   * Copies the WAL back into the file (PRAGMA wal_checkpoint(PASSIVE)) after every chunk and again
   * before the next, on the worker's thread. Otherwise the commit that finds the WAL past wal_autocheckpoint (1000 pages) does
   * it — often a sale's, after a chunk of the worker's: hundreds of pages and a flush of the file
   * inside the cashier's scan. A passive checkpoint takes no write lock: the till writes meanwhile,
   * and the till's own auto-checkpoint then finds little left to copy (it stays on: see newWriteGate).
   */
  readonly checkpoint?: boolean;
  /**
   * The chunk while nobody sells (default IDLE_CHUNK_MS): the first sale waits up to one. The cleanup
   * keeps it under the 50 ms a sale may stop; the price-list import, which ends a chunk early when
   * `tillWaits`, writes in much longer ones.
   */
  readonly idleChunkMs?: number;
};

/**
 * Asks whether another connection (the till) committed since the last time it was asked (or since
 * it was made): `PRAGMA data_version` changes with another connection's commits, never with this one's.
 */
export function otherCommits(db: Db): () => boolean {
  const version = db.prepare<[], number>('PRAGMA data_version').pluck();
  let seen = version.get();
  return () => {
    const now = version.get();
    if (now === seen) return false;
    seen = now;
    return true;
  };
}

/** Chunk length and the pause between chunks, by whether another connection (the till) committed lately. */
export function pacer(db: Db, options: PacerOptions = {}): Pacer {
  const checkpoint = options.checkpoint ? db.prepare('PRAGMA wal_checkpoint(PASSIVE)') : null;
  const gate = writeGateOf(db);
  const committed = otherCommits(db);
  let lastOther = -Infinity;
  const selling = () => {
    if (committed()) lastOther = performance.now();
    return performance.now() - lastOther < SELLING_MS;
  };
  return {
    chunkMs: () => (selling() ? SELLING_CHUNK_MS : (options.idleChunkMs ?? IDLE_CHUNK_MS)),
    tillWaits: () => gate !== null && Atomics.load(gate, 0) > 0,
    pause: (chunkMs) => {
      // First, the chunk just written: a sale that commits during the pause would otherwise copy its
      // pages back itself (its auto-checkpoint) — the year's cleanup bench timed the slow scans at
      // 30–50 ms of the till's COMMIT, not of waiting for the lock.
      checkpoint?.get();
      // Idle: a little jitter, so a first sale's retries (a till without a gate: SQLite's own) cannot keep falling into chunks in step with them.
      sleep(selling() ? Math.max(IDLE_PAUSE_MS, Math.ceil(chunkMs)) : IDLE_PAUSE_MS / 2 + Math.random() * IDLE_PAUSE_MS);
      if (letTillWrite(gate)) lastOther = performance.now();
      // Again right before the next chunk: the WAL starts over only when a write begins with all of it
      // copied back — a checkpoint before the sleep alone left the till's frames of the pause in it, and it grew.
      checkpoint?.get();
    },
  };
}
