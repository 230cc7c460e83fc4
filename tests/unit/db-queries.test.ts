/**
 * The typed database calls on the till's real SQLite file: rows come back typed as the caller
 * names them, each SQL text is prepared once, and a statement of 10 ms or more reaches the log
 * with its SQL and duration.
 */
import path from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { openDatabase, type Db, type SlowStatement } from '../../main/db/database.js';
import { SLOW_STATEMENT_MS } from '../../main/db/queries.js';
import { useTempDir } from '../fixtures/temp-dir.js';

const tmp = useTempDir();
let db: Db | null = null;
afterEach(() => db?.close());

/** Holds SQLite (and this thread) for `ms`: a statement as slow as we need, without a big table. */
function withPause(d: Db): Db {
  d.function('pause', (ms: number) => {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
    return ms;
  });
  return d;
}

type Section = { code: number; name: string };

describe('typed database calls', () => {
  it('returns rows typed by the call: one, all, value, values, run', () => {
    db = openDatabase(path.join(tmp.dir(), 'kassa.sqlite'));
    const insert = db.run('INSERT INTO sections (code, name, vat_rate) VALUES (?, ?, ?)', 7, 'Бакалея', 2000);
    expectTypeOf(insert).toEqualTypeOf<Database.RunResult>();
    expect(insert.changes).toBe(1);
    db.run('INSERT INTO sections (code, name, vat_rate) VALUES (@code, @name, @vat)', { code: 8, name: 'Хлеб', vat: 1000 });

    const one = db.one<Section>('SELECT code, name FROM sections WHERE code = ?', 7);
    expectTypeOf(one).toEqualTypeOf<Section | undefined>();
    expect(one).toEqual({ code: 7, name: 'Бакалея' });
    expect(db.one<Section>('SELECT code, name FROM sections WHERE code = ?', 99)).toBeUndefined();

    const all = db.all<Section>('SELECT code, name FROM sections WHERE code IN (7, 8) ORDER BY code');
    expectTypeOf(all).toEqualTypeOf<Section[]>();
    expect(all).toEqual([
      { code: 7, name: 'Бакалея' },
      { code: 8, name: 'Хлеб' },
    ]);

    const count = db.value<number>('SELECT count(*) FROM sections WHERE code IN (7, 8)');
    expectTypeOf(count).toEqualTypeOf<number | undefined>();
    expect(count).toBe(2);
    expect(db.value<string>('SELECT name FROM sections WHERE code = ?', 99)).toBeUndefined();

    const names = db.values<string>('SELECT name FROM sections WHERE code IN (7, 8) ORDER BY code');
    expectTypeOf(names).toEqualTypeOf<string[]>();
    expect(names).toEqual(['Бакалея', 'Хлеб']);
  });

  it('prepares each SQL text once, a plucked one apart from a row one', () => {
    db = openDatabase(path.join(tmp.dir(), 'kassa.sqlite'));
    db.run('INSERT INTO sections (code, name, vat_rate) VALUES (?, ?, ?)', 7, 'Бакалея', 2000);
    const prepare = vi.spyOn(db, 'prepare');
    for (let i = 0; i < 5; i++) {
      db.one('SELECT code, name FROM sections ORDER BY code');
      db.value('SELECT code, name FROM sections ORDER BY code');
    }
    expect(prepare).toHaveBeenCalledTimes(2);
    // The plucked statement did not turn the row statement into a plucked one.
    expect(db.one('SELECT code, name FROM sections ORDER BY code')).toEqual({ code: 7, name: 'Бакалея' });
    expect(db.value('SELECT code, name FROM sections ORDER BY code')).toBe(7);
  });

  it('logs a statement slower than 10 ms with its SQL and duration, and not a quick one', () => {
    const slow: SlowStatement[] = [];
    db = withPause(openDatabase(path.join(tmp.dir(), 'kassa.sqlite'), { onSlowStatement: (s) => slow.push(s) }));
    expect(db.value<number>('SELECT 1')).toBe(1);
    expect(slow).toEqual([]);
    expect(db.value<number>('SELECT pause(25)')).toBe(25);
    expect(slow).toEqual([{ sql: 'SELECT pause(25)', ms: expect.any(Number) }]);
    expect(slow[0]!.ms).toBeGreaterThanOrEqual(25);
    expect(SLOW_STATEMENT_MS).toBe(10);
  });

  it('logs nothing and times nothing when no one listens', () => {
    db = withPause(openDatabase(path.join(tmp.dir(), 'kassa.sqlite')));
    const now = vi.spyOn(performance, 'now');
    expect(db.value<number>('SELECT pause(12)')).toBe(12);
    expect(now).not.toHaveBeenCalled();
    now.mockRestore();
  });
});
