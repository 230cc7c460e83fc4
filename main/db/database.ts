/** The till's SQLite file: WAL, foreign keys, synchronous=FULL (fiscal writes), migrations. */
import { performance } from 'node:perf_hooks';
import type Database from 'better-sqlite3';
import { Sqlite } from './driver.js';
import { migrations, type Migration } from './migrations/index.js';
import { withQueries, type Db, type SlowStatement } from './queries.js';

export type { Db, SlowStatement } from './queries.js';

export type OpenOptions = {
  readonly migrateTo?: number;
  /** Hears every statement run through the typed calls that took 10 ms or more. */
  readonly onSlowStatement?: (statement: SlowStatement) => void;
  /**
   * `db.transaction(fn)()` begins IMMEDIATE (takes the write lock first) instead of DEFERRED. The
   * till's own connection: while a worker thread writes (a price list, a cleanup), a deferred
   * transaction that reads and then writes fails at once with SQLITE_BUSY — SQLite cannot upgrade a
   * read snapshot another connection has committed past — where an immediate one waits its turn
   * (busy_timeout) behind the worker's short transaction. Workers keep DEFERRED for their long reads.
   */
  readonly writeLockFirst?: boolean;
  /**
   * The till's write gate (`newWriteGate`), shared by the till's connection and its worker threads'
   * ones. The till's connection (with `writeLockFirst`) counts in it its write transactions that wait
   * for the lock or hold it; a worker's pacer (main/tasks/pacer.ts) sees it and lets the till in
   * before its next chunk instead of after a pause the till's retries might miss.
   */
  readonly writeGate?: SharedArrayBuffer;
};

/** How long a write waits for the lock before SQLITE_BUSY (the busy_timeout of every connection). */
const LOCK_WAIT_MS = 5000;
/**
 * The size the WAL file is cut back to once a checkpoint has copied it into the database. Without a
 * limit it keeps the largest size it ever grew to until the last connection closes — all day on a
 * till: an export of the database while the cashier sells holds the checkpoint back (169 MB over a
 * 20 s export in bench `maintenance`), and so do price-list imports.
 */
export const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;
/**
 * How often the till's connection tries for the write lock while a worker holds it. SQLite's own busy
 * handler sleeps 1, 2, 5, 10, 15, 20, 25… ms between tries: a sale that met a worker's 12 ms chunk once
 * slept on long after the chunk ended, and one whose tries kept falling into chunks waited 100–230 ms.
 */
const LOCK_RETRY_MS = 0.25;

/**
 * A new write gate for one till's database file. Int32 [0]: the till's write transactions waiting or
 * open. (The till's connection keeps its own auto-checkpoint: left to a cleanup's worker alone, whose
 * passive checkpoints never completed while sales committed during them, the WAL never started over
 * and grew to 9 GB in the year's cleanup bench.)
 */
export function newWriteGate(): SharedArrayBuffer {
  return new SharedArrayBuffer(4);
}

const gates = new WeakMap<Database.Database, Int32Array>();

/** The gate the connection was opened with (null without one: a test's or the command line's own connection). */
export function writeGateOf(db: Database.Database): Int32Array | null {
  return gates.get(db) ?? null;
}

export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const db = withQueries(new Sqlite(file), options.onSlowStatement);
  const gate = options.writeGate ? new Int32Array(options.writeGate) : null;
  if (gate) gates.set(db, gate);
  if (options.writeLockFirst) lockForWritesFirst(db, gate);
  // A new file gives space back in small steps after a cleanup (services/maintenance/cleanup.ts);
  // the mode can only be chosen before the first table.
  if (schemaVersion(db) === 0 && (db.prepare('SELECT count(*) FROM sqlite_schema').pluck().get() as number) === 0) db.pragma('auto_vacuum = INCREMENTAL');
  db.pragma('journal_mode = WAL');
  db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = FULL');
  db.pragma(`busy_timeout = ${LOCK_WAIT_MS}`);
  // Without it, INSERT OR REPLACE deletes the old row without firing the append-only
  // delete triggers, and so could rewrite a fiscal document or the СКО's answer.
  db.pragma('recursive_triggers = ON');
  try {
    migrate(db, migrations, options.migrateTo);
  } catch (error) {
    db.close(); // a refused file must not stay open (and locked on Windows)
    throw error;
  }
  return db;
}

/**
 * Makes the plain call of a `db.transaction(fn)` BEGIN IMMEDIATE; `.deferred` stays available for a read-only one.
 * An outermost one tries for the lock every LOCK_RETRY_MS (busy_timeout 0 while it tries, up to
 * LOCK_WAIT_MS as before) and is counted in the gate from its first try to its end.
 */
function lockForWritesFirst(db: Db, gate: Int32Array | null): void {
  const deferredFirst = db.transaction.bind(db);
  // exec, not a statement prepared once: SQLite applies these pragmas when it compiles them, not when they run again.
  const tryOnce = () => db.exec('PRAGMA busy_timeout = 0');
  const waitAsUsual = () => db.exec(`PRAGMA busy_timeout = ${LOCK_WAIT_MS}`);
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  // A thread that may not block (none of the till's) keeps SQLite's own waiting.
  const canSleep = (() => {
    try {
      Atomics.wait(sleeper, 0, 1, 0);
      return true;
    } catch {
      return false;
    }
  })();
  db.transaction = ((fn: (...args: never[]) => unknown) => {
    let began = false;
    const t = deferredFirst((...args: never[]) => {
      if (!began) {
        began = true;
        waitAsUsual(); // the body's own statements wait as every statement does
      }
      return fn(...args);
    });
    const immediate = (...args: never[]) => {
      if (db.inTransaction || !canSleep) return t.immediate(...args); // a savepoint: the lock is held already
      if (gate) Atomics.add(gate, 0, 1);
      began = false;
      tryOnce();
      try {
        for (const until = performance.now() + LOCK_WAIT_MS; ;) {
          try {
            return t.immediate(...args);
          } catch (err) {
            // Only BEGIN is tried again: a body that ran is never run twice.
            if (began || !String((err as { code?: string }).code).startsWith('SQLITE_BUSY') || performance.now() >= until) throw err;
            Atomics.wait(sleeper, 0, 0, LOCK_RETRY_MS);
          }
        }
      } finally {
        if (!began) waitAsUsual();
        if (gate) {
          Atomics.sub(gate, 0, 1);
          Atomics.notify(gate, 0);
        }
      }
    };
    return Object.assign(immediate, {
      default: immediate,
      deferred: (...args: never[]) => t.deferred(...args),
      immediate,
      exclusive: (...args: never[]) => t.exclusive(...args),
    });
  }) as Db['transaction'];
}

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Applies the migrations above the file's `user_version`, each in its own transaction.
 * Refuses a file written by a newer version of the app, and a list with gaps.
 */
export function migrate(db: Database.Database, list: readonly Migration[], target = list.length): void {
  list.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
  const current = schemaVersion(db);
  if (current > list.length) {
    throw new Error(`База данных создана более новой версией программы (схема ${current}, известно ${list.length})`);
  }
  for (const m of list.slice(current, target)) {
    const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
    if (m.rebuildsTables) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        m.up(db);
        if (m.rebuildsTables) {
          const broken = db.pragma('foreign_key_check') as { table: string; parent: string }[];
          if (broken.length > 0) throw new Error(`Migration ${m.name} broke references: ${broken[0]!.table} → ${broken[0]!.parent}`);
        }
        db.pragma(`user_version = ${m.version}`);
      })();
    } finally {
      if (m.rebuildsTables) db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
    }
  }
}
