/**
 * The cleanup's space-giving step lets go of the write lock between its incremental-vacuum steps as
 * the pacer says: steps back to back kept a selling till's write waiting past its busy timeout (the
 * maintenance bench's cleanup-1y while selling ended in «Внутренняя ошибка» on sale.addItem).
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../main/db/database.js';
import { MAX_VACUUM_PAGES, vacuumInSteps } from '../../main/services/maintenance/cleanup.js';
import { useTempDir } from '../fixtures/temp-dir.js';

const tmp = useTempDir();
let db: Db | null = null;
afterEach(() => db?.close());

describe('vacuum in steps', () => {
  it('gives every free page back and pauses after each step, not only at the end', () => {
    db = openDatabase(path.join(tmp.dir(), 'kassa.sqlite'));
    expect(db.pragma('auto_vacuum', { simple: true })).toBe(2);
    db.run('CREATE TABLE junk (b BLOB)');
    const insert = db.prepare('INSERT INTO junk (b) VALUES (randomblob(4000))');
    db.transaction(() => {
      for (let i = 0; i < 3000; i++) insert.run();
    })();
    db.run('DELETE FROM junk');
    const free = db.pragma('freelist_count', { simple: true }) as number;
    expect(free).toBeGreaterThan(2 * 512);

    const pauses: number[] = [];
    const steps: number[] = [];
    vacuumInSteps(db, (done) => steps.push(done), { chunkMs: () => 12, pause: (ms) => pauses.push(ms) });
    expect(db.pragma('freelist_count', { simple: true })).toBe(0);
    expect(steps.length).toBeGreaterThanOrEqual(3);
    expect(pauses).toHaveLength(steps.length);
    for (const ms of pauses) expect(ms).toBeGreaterThanOrEqual(0);
  });

  it('sizes its steps by time: a small first one, none more than twice the one before, and none over the cap however fast they go', () => {
    db = openDatabase(path.join(tmp.dir(), 'kassa.sqlite'));
    db.run('CREATE TABLE junk (b BLOB)');
    const insert = db.prepare('INSERT INTO junk (b) VALUES (randomblob(4000))');
    // Enough free pages for fast steps to grow past the cap (a step's cost varies tenfold along a real file).
    db.transaction(() => {
      for (let i = 0; i < 12_000; i++) insert.run();
    })();
    db.run('DELETE FROM junk');
    // Fixed 512-page steps held the write lock for 30–200 ms on a loaded disk, over the 50 ms a sale may stop.
    const done: number[] = [0];
    vacuumInSteps(db, (d) => done.push(d), { chunkMs: () => 12, pause: () => {} });
    const steps = done.slice(1).map((d, i) => d - done[i]!);
    expect(steps[0]).toBeLessThanOrEqual(64);
    for (let i = 1; i < steps.length; i++) expect(steps[i]).toBeLessThanOrEqual(2 * steps[i - 1]!);
    // At the slowest pace seen (~200 µs a page, early in the year's vacuum: 256 pages held the lock 53 ms) 128 pages hold it ~26 ms: under the 50 ms a sale may stop.
    expect(MAX_VACUUM_PAGES).toBeLessThanOrEqual(128);
    expect(Math.max(...steps)).toBeLessThanOrEqual(MAX_VACUUM_PAGES);
    expect(steps.filter((s) => s === MAX_VACUUM_PAGES).length).toBeGreaterThan(2);
    expect(db.pragma('freelist_count', { simple: true })).toBe(0);
  });
});
