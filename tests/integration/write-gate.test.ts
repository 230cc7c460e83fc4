/**
 * The till's writes and a worker's chunks (a cleanup, a price list) meet through the write gate
 * (db/database.ts): the till's connection tries for the lock every quarter of a millisecond and says
 * it waits; the worker's pacer begins no chunk while it does. SQLite's own busy handler slept 1, 2,
 * 5 … 100 ms between tries — a sale that met a worker's chunk slept on long after the lock was
 * free (the maintenance bench: stops of 100–670 ms during a cleanup). Real connections to one WAL
 * file; the other side of the lock is a real thread.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { newWriteGate, openDatabase, type Db } from '../../main/db/database.js';
import { pacer } from '../../main/tasks/pacer.js';
import { useTempDir } from '../fixtures/temp-dir.js';

const tmp = useTempDir('kassa-write-gate-');
const opened: Db[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

const now = () => performance.timeOrigin + performance.now();

/**
 * Another connection in a thread of its own holds the write lock until `holdMs` after the till began
 * trying (shared[2], set by the test), then commits: shared[0] is when it let go, shared[1] the
 * gate's count just before (the till's write waiting).
 */
const HOLDER = `
const { parentPort, workerData } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
const Database = require('better-sqlite3');
const { file, gate, shared, signal, holdMs } = workerData;
const times = new Float64Array(shared);
const go = new Int32Array(signal);
const db = new Database(file);
db.exec('BEGIN IMMEDIATE');
db.exec("INSERT INTO settings (key, value) VALUES ('worker', '1')");
parentPort.postMessage('held');
Atomics.wait(go, 0, 0, 10000);
const until = times[2] + holdMs;
for (let left = until - (performance.timeOrigin + performance.now()); left > 0; left = until - (performance.timeOrigin + performance.now())) Atomics.wait(go, 1, 0, left);
times[1] = Atomics.load(new Int32Array(gate), 0);
db.exec('COMMIT');
times[0] = performance.timeOrigin + performance.now();
db.close();
`;

describe('the write gate', () => {
  it('the till’s write says it waits, and takes the lock within a few milliseconds of its release', async () => {
    const file = join(tmp.dir(), 'kassa.sqlite');
    const gate = newWriteGate();
    const till = openDatabase(file, { writeLockFirst: true, writeGate: gate });
    opened.push(till);
    // A write before, as a till has made many: a pragma prepared once and run again does nothing (SQLite applies it when compiling).
    till.transaction(() => till.run("INSERT INTO settings (key, value) VALUES ('before', '1')"))();
    const shared = new SharedArrayBuffer(3 * 8);
    const signal = new SharedArrayBuffer(8);
    // 260 ms: SQLite's own handler tries at 228 and 328 ms — it would take the lock some 70 ms late.
    const holder = new Worker(HOLDER, { eval: true, workerData: { file, gate, shared, signal, holdMs: 260 } });
    const exited = new Promise((resolve) => holder.once('exit', resolve));
    await new Promise((resolve) => holder.once('message', resolve));

    const times = new Float64Array(shared);
    times[2] = now();
    Atomics.store(new Int32Array(signal), 0, 1);
    Atomics.notify(new Int32Array(signal), 0);
    let tookLock = 0;
    till.transaction(() => {
      tookLock = now();
      till.run("INSERT INTO settings (key, value) VALUES ('till', '1')");
    })();
    await exited;

    expect(times[1]).toBe(1); // the worker saw the till's write waiting
    expect(tookLock - times[0]!).toBeGreaterThanOrEqual(0);
    expect(tookLock - times[0]!).toBeLessThan(40);
    expect(Atomics.load(new Int32Array(gate), 0)).toBe(0);
    expect(till.values("SELECT key FROM settings WHERE key IN ('worker', 'till') ORDER BY key")).toEqual(['till', 'worker']);
  });

  it('counts a write that failed out again, and keeps busy_timeout for the statements inside', () => {
    const file = join(tmp.dir(), 'kassa.sqlite');
    const gate = newWriteGate();
    const till = openDatabase(file, { writeLockFirst: true, writeGate: gate });
    opened.push(till);
    expect(() =>
      till.transaction(() => {
        expect(Atomics.load(new Int32Array(gate), 0)).toBe(1);
        expect(till.pragma('busy_timeout', { simple: true })).toBe(5000);
        throw new Error('отказ');
      })(),
    ).toThrow('отказ');
    expect(Atomics.load(new Int32Array(gate), 0)).toBe(0);
    expect(till.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it('the pacer begins no chunk while the till’s write waits or is open, and counts the till as selling from then on', async () => {
    const file = join(tmp.dir(), 'kassa.sqlite');
    const gate = newWriteGate();
    opened.push(openDatabase(file, { writeLockFirst: true, writeGate: gate }));
    const worker = openDatabase(file, { writeGate: gate });
    opened.push(worker);
    const pace = pacer(worker);
    expect(pace.chunkMs()).toBe(50); // nobody sells yet
    expect(pacer(worker, { idleChunkMs: 30 }).chunkMs()).toBe(30); // the cleanup's: a first sale waits no more

    let t0 = performance.now();
    pace.pause(1);
    expect(performance.now() - t0).toBeLessThan(100);

    // The till's write waits (the count is up) until another thread ends it 150 ms after it starts.
    Atomics.add(new Int32Array(gate), 0, 1);
    const till = new Worker(
      `const g = new Int32Array(require('node:worker_threads').workerData); setTimeout(() => { Atomics.sub(g, 0, 1); Atomics.notify(g, 0); }, 150);`,
      { eval: true, workerData: gate },
    );
    const exited = new Promise((resolve) => till.once('exit', resolve));
    t0 = performance.now();
    pace.pause(1);
    const paused = performance.now() - t0;
    await exited;
    expect(paused).toBeGreaterThanOrEqual(140);
    expect(paused).toBeLessThan(2_000);
    expect(pace.chunkMs()).toBe(12);
  });

  it('tells a job between the parts of its transaction whether the till’s write waits (the price-list import then commits early)', () => {
    const file = join(tmp.dir(), 'kassa.sqlite');
    const gate = newWriteGate();
    opened.push(openDatabase(file, { writeLockFirst: true, writeGate: gate }));
    const worker = openDatabase(file, { writeGate: gate });
    opened.push(worker);
    const pace = pacer(worker);
    expect(pace.tillWaits?.()).toBe(false);
    Atomics.add(new Int32Array(gate), 0, 1);
    expect(pace.tillWaits?.()).toBe(true);
    Atomics.sub(new Int32Array(gate), 0, 1);
    expect(pace.tillWaits?.()).toBe(false);
    // A connection opened without the gate (a test's, the command line's) never hears of a till.
    const alone = openDatabase(file);
    opened.push(alone);
    expect(pacer(alone).tillWaits?.()).toBe(false);
  });

  it('a pacer with `checkpoint` (the cleanup’s) copies the WAL back itself after each chunk, so a sale’s commit does not', () => {
    const file = join(tmp.dir(), 'kassa.sqlite');
    const worker = openDatabase(file);
    opened.push(worker);
    worker.pragma('wal_autocheckpoint = 0');
    worker.run('CREATE TABLE junk (b BLOB)');
    const grow = () =>
      worker.transaction(() => {
        for (let i = 0; i < 200; i++) worker.run('INSERT INTO junk (b) VALUES (randomblob(4000))');
      })();
    grow();
    const before = statSync(file).size;
    pacer(worker).pause(1);
    expect(statSync(file).size).toBe(before); // the chunk is still only in the WAL
    pacer(worker, { checkpoint: true }).pause(1);
    expect(statSync(file).size).toBeGreaterThan(before + 200 * 4000);
  });

  it('the till’s connection keeps its own checkpoints while a cleanup’s worker does them too (the WAL must start over)', () => {
    const file = join(tmp.dir(), 'kassa.sqlite');
    const gate = newWriteGate();
    const till = openDatabase(file, { writeLockFirst: true, writeGate: gate });
    const worker = openDatabase(file, { writeGate: gate });
    opened.push(till, worker);
    const sell = () => till.transaction(() => till.run("INSERT OR IGNORE INTO settings (key, value) VALUES ('till', '1')"))();
    pacer(worker, { checkpoint: true }).pause(1);
    sell();
    // Left to the worker alone, whose passive checkpoints never completed while sales committed during
    // them, the WAL grew to 9 GB in the year's cleanup bench.
    expect(till.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });
});
