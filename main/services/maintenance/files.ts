/** Where maintenance keeps its own files: a private folder beside the database. */
import { mkdirSync } from 'node:fs';
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
