/**
 * The till's connection takes the write lock first (BEGIN IMMEDIATE) because worker threads now
 * write to the same file (price lists, cleanup). Two real connections to one WAL file: another
 * connection commits between our read and our write — exactly what a worker's chunk does.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../main/db/database.js';
import { useTempDir } from '../fixtures/temp-dir.js';

const tmp = useTempDir('kassa-write-lock-');
const opened: Db[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

function open(writeLockFirst: boolean): { till: Db; worker: Db } {
  const file = join(tmp.dir(), 'kassa.sqlite');
  const till = openDatabase(file, { writeLockFirst });
  const worker = openDatabase(file);
  worker.pragma('busy_timeout = 0'); // the worker's own wait is not what is tested here
  opened.push(till, worker);
  return { till, worker };
}

/** The till reads, the worker commits in between, then the till writes — one transaction of the till. */
function readThenWrite(till: Db, worker: Db): { workerCommitted: boolean } {
  let workerCommitted = false;
  till.transaction(() => {
    till.value('SELECT count(*) FROM settings');
    try {
      worker.run("INSERT INTO settings (key, value) VALUES ('worker', '1')");
      workerCommitted = true;
    } catch {
      workerCommitted = false; // the till holds the write lock: the worker waits for its turn
    }
    till.run("INSERT INTO settings (key, value) VALUES ('till', '1')");
  })();
  return { workerCommitted };
}

describe('the till’s write transactions while a worker writes', () => {
  it('take the write lock first: a worker’s commit waits, and the till’s transaction goes through', () => {
    const { till, worker } = open(true);
    expect(readThenWrite(till, worker)).toEqual({ workerCommitted: false });
    expect(till.value("SELECT value FROM settings WHERE key = 'till'")).toBe('1');
    // Afterwards the worker gets its turn.
    worker.run("INSERT INTO settings (key, value) VALUES ('worker', '1')");
    expect(till.value("SELECT value FROM settings WHERE key = 'worker'")).toBe('1');
  });

  it('would fail with SQLITE_BUSY when deferred (what the till did before), losing the cashier’s change', () => {
    const { till, worker } = open(false);
    expect(() => readThenWrite(till, worker)).toThrow(/SQLITE_BUSY|database is locked/);
    expect(till.value("SELECT value FROM settings WHERE key = 'till'")).toBeUndefined();
  });

  it('still nest as savepoints, and a read-only one may stay deferred', () => {
    const { till } = open(true);
    till.transaction(() => {
      till.run("INSERT INTO settings (key, value) VALUES ('outer', '1')");
      expect(() =>
        till.transaction(() => {
          till.run("INSERT INTO settings (key, value) VALUES ('inner', '1')");
          throw new Error('rolled back alone');
        })(),
      ).toThrow('rolled back alone');
    })();
    expect(till.values("SELECT key FROM settings WHERE key IN ('outer', 'inner')")).toEqual(['outer']);
    expect(till.transaction(() => till.value('SELECT 1')).deferred()).toBe(1);
  });
});
