/**
 * The data folder holds password hashes, the СКО device code and its tokens: only the till's own
 * user may read it. POSIX modes only — on Windows the folder lives in the user's profile, whose
 * ACL already keeps other users out, and chmod there sets nothing but the read-only flag.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Why the modes are not set here (null: they are). */
export const PRIVATE_MODES_SKIPPED: string | null =
  process.platform === 'win32' ? 'Windows: права на папку данных задаёт ACL профиля пользователя, а не режим POSIX' : null;

/**
 * Creates `dataDir` 0700 (or tightens an existing one) and the database file 0600 before SQLite
 * opens it, so its `-wal` and `-shm`, which SQLite creates with the database's mode, are 0600 too;
 * existing ones are tightened as well.
 */
export function privateDataFolder(dataDir: string, dbFile: string): void {
  mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (PRIVATE_MODES_SKIPPED !== null) return;
  chmodSync(dataDir, PRIVATE_DIR_MODE);
  const db = join(dataDir, dbFile);
  if (!existsSync(db)) closeSync(openSync(db, 'a', PRIVATE_FILE_MODE)); // an empty file is an empty database
  for (const file of [db, `${db}-wal`, `${db}-shm`, `${db}-journal`]) {
    if (existsSync(file)) chmodSync(file, PRIVATE_FILE_MODE);
  }
}
