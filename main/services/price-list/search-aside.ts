/**
 * The name search index of a bulk load made on another thread (apply.ts, `restoreAfterBulk`).
 *
 * At the end of a bulk load the import's thread makes the items' indexes again, one `CREATE INDEX`
 * after another, while the reader's thread (reader-worker.ts) is idle: so that thread reads the
 * items as committed and fills a search index of the same definition in a file of its own beside
 * the database — no write lock needed, the two cores work at once —, and the import copies that
 * index's tables into the database's in one transaction, with the search's triggers.
 *
 * Two things keep it exact:
 *  - the items must not change between that read and the copy: the import notes the database's
 *    `data_version` before it asks for the index and compares it inside the copy's transaction —
 *    it changes when any other connection commits (a sale, an admin's edit), and then the index is
 *    made the usual way instead;
 *  - FTS5 keeps the index's layout per connection until another connection commits: the copy runs
 *    on a connection of its own, so every other one, the import's too, reads the index anew.
 * The tables are FTS5's shadow tables, written as tables — read-only to SQL in better-sqlite3's
 * defensive mode, so only the copy's connection leaves it, for that transaction. The index's
 * settings (its `_config` table) stay the database's; only the data, the terms and the row sizes
 * are copied, which is all a fill changes. (The copy is apply.ts's `copySearchAside`: this module
 * goes into the reader's bundle too, without the database's migrations.)
 */
import { writeFileSync } from 'node:fs';
import type Sqlite from 'better-sqlite3';
import type { Db } from '../../db/database.js';

/** The index's tables a fill writes (FTS5 names them after the table; `_docsize` where it keeps sizes). */
export const SHADOW = ['data', 'idx', 'docsize'] as const;

/** Where the reader's thread makes the index: beside the database (same disk), removed after the copy. */
export const asideFile = (dbFile: string): string => `${dbFile}-search-aside`;

/** The import's side: asks for the index, then waits for it. */
export type SearchAside = {
  /** Asks the other thread to make the index from the items as committed now. */
  start(): void;
  /** Waits until it is made: its file, or null when it could not be (then it is made here). */
  made(): string | null;
};

/**
 * The reader's side: fills `file` with a search index of the items as committed, of the same
 * definition as the database's. `db`: a connection to the till's database (read only here).
 */
export function makeSearchAside(db: Sqlite.Database, file: string): void {
  // Made empty first (an empty file is an empty database): the connection may not create files.
  writeFileSync(file, '');
  const definition = db.prepare<[], string>("SELECT sql FROM sqlite_schema WHERE name = 'items_fts'").pluck().get();
  if (!definition) throw new Error('items_fts: no such table');
  db.prepare('ATTACH ? AS aside').run(file);
  try {
    // A scratch file: nothing to keep after a crash.
    db.pragma('aside.journal_mode = OFF');
    db.pragma('aside.synchronous = OFF');
    db.exec(definition.replace(/^CREATE VIRTUAL TABLE items_fts\b/i, 'CREATE VIRTUAL TABLE aside.items_fts'));
    // Unmerged, as the import's own fill leaves it (apply.ts turns merging off while it writes): merged
    // here, the import merged the result again after its commit point, a quarter second more.
    db.exec("INSERT INTO aside.items_fts (items_fts, rank) VALUES ('automerge', 0)");
    // In rowid order: FTS5 builds its index in one pass (in name order it flushes at every step back).
    db.exec('INSERT INTO aside.items_fts (rowid, name_lc) SELECT id, name_lc FROM main.items ORDER BY id');
  } finally {
    db.exec('DETACH aside');
  }
}

/** Changes whenever another connection commits to the database (SQLite's `PRAGMA data_version`). */
export const dataVersion = (db: Db): number => db.pragma('data_version', { simple: true }) as number;
