/** Where maintenance keeps its own files: a private folder beside the database. */
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { Sqlite } from '../../db/driver.js';
import { dirname, join } from 'node:path';
import type { Db } from '../../db/database.js';

/** `<data folder>/maintenance/<name>`; the folder is made (0700) on the way. */
export function workFile(db: Db, name: string): string {
  const dir = join(dirname(db.name), 'maintenance');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return join(dir, name);
}

export function dbFileOf(db: Db): string {
  return db.name;
}

/** A temporary database with the `-wal`, `-shm` and `-journal` files SQLite may have left beside it. */
export function removeDatabaseFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) rmSync(f, { force: true });
}

/**
 * A closed database file made whole on its own: anything its WAL still holds is written into it, then
 * the `-wal` and `-shm` beside it go (a rename moves the main file only, and a WAL must never meet another file).
 */
export function foldWal(file: string): void {
  if (existsSync(`${file}-wal`) && statSync(`${file}-wal`).size > 0) {
    const db = new Sqlite(file);
    try {
      db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      db.close();
    }
  }
  rmSync(`${file}-wal`, { force: true });
  rmSync(`${file}-shm`, { force: true });
}
