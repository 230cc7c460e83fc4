/**
 * The data folder holds password hashes, the СКО device code and its tokens: other local users
 * must read none of it (issue 10, item 18). POSIX modes; on Windows the profile's ACL does it.
 */
import { chmodSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createCore, DB_FILE } from '../../main/core.js';
import { PRIVATE_MODES_SKIPPED } from '../../main/db/private-files.js';
import { useTempDir } from '../fixtures/temp-dir.js';

const tmp = useTempDir('kassa-data-folder-');
const mode = (path: string) => statSync(path).mode & 0o777;

if (PRIVATE_MODES_SKIPPED) console.log(`data folder modes: skipped — ${PRIVATE_MODES_SKIPPED}`);

describe.skipIf(PRIVATE_MODES_SKIPPED !== null)("the data folder is the till user's only", () => {
  /** What a running till has on disk: the database with its WAL and shared memory, and its log. */
  function files(dir: string): string[] {
    const db = join(dir, DB_FILE);
    return [db, `${db}-wal`, `${db}-shm`, join(dir, 'logs', 'kassa.log')];
  }

  it('creates the folder 0700 and the database, its -wal, -shm and the log 0600', () => {
    const dir = join(tmp.dir(), 'new', 'kassa');
    const core = createCore({ dataDir: dir });
    try {
      core.logger.info('a line, so the log file has something');
      expect(mode(dir).toString(8)).toBe('700');
      for (const file of files(dir)) {
        expect(existsSync(file), file).toBe(true);
        expect(mode(file).toString(8), file).toBe('600');
      }
    } finally {
      core.close();
    }
  });

  it('tightens a folder and files an older version left readable to everyone', () => {
    const dir = join(tmp.dir(), 'kassa');
    createCore({ dataDir: dir }).close();
    // Another connection keeps the WAL and shared memory on disk, as a crash leaves them.
    const other = new Database(join(dir, DB_FILE));
    other.exec('CREATE TABLE IF NOT EXISTS left_by_a_crash (x); INSERT INTO left_by_a_crash VALUES (1)');
    // As before the fix: the umask's 0755 / 0644.
    chmodSync(dir, 0o755);
    for (const file of files(dir)) {
      expect(existsSync(file), file).toBe(true);
      chmodSync(file, 0o644);
    }
    const core = createCore({ dataDir: dir });
    try {
      expect(mode(dir).toString(8)).toBe('700');
      for (const file of files(dir)) expect(mode(file).toString(8), file).toBe('600');
    } finally {
      core.close();
      other.close();
    }
  });
});
