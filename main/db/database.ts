/** The till's SQLite file: WAL, foreign keys, synchronous=FULL (fiscal writes), migrations. */
import Database from 'better-sqlite3';
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
};

export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const db = withQueries(new Database(file), options.onSlowStatement);
  if (options.writeLockFirst) lockForWritesFirst(db);
  // A new file gives space back in small steps after a cleanup (services/maintenance/cleanup.ts);
  // the mode can only be chosen before the first table.
  if (schemaVersion(db) === 0 && (db.prepare('SELECT count(*) FROM sqlite_schema').pluck().get() as number) === 0) db.pragma('auto_vacuum = INCREMENTAL');
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
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

/** Makes the plain call of a `db.transaction(fn)` BEGIN IMMEDIATE; `.deferred` stays available for a read-only one. */
function lockForWritesFirst(db: Db): void {
  const deferredFirst = db.transaction.bind(db);
  db.transaction = ((fn: (...args: never[]) => unknown) => {
    const t = deferredFirst(fn);
    const immediate = (...args: never[]) => t.immediate(...args);
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
