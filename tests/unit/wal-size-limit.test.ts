/**
 * The WAL file is cut back to WAL_SIZE_LIMIT_BYTES once a checkpoint has copied it into the database,
 * instead of keeping the largest size it grew to (a long export while selling, a price-list import)
 * for as long as the till runs.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, WAL_SIZE_LIMIT_BYTES } from '../../main/db/database.js';
import { useTempDir } from '../fixtures/temp-dir.js';

const temp = useTempDir('kassa-wal-');

describe('the WAL size limit', () => {
  it('a WAL grown past the limit is cut back to it at the next write after a checkpoint', () => {
    const file = join(temp.dir(), 'kassa.sqlite');
    const db = openDatabase(file);
    // Closed before the folder is removed (Windows keeps an open file's folder).
    try {
      expect(db.value<number>('PRAGMA journal_size_limit')).toBe(WAL_SIZE_LIMIT_BYTES);
      const wal = () => statSync(`${file}-wal`).size;
      db.exec('PRAGMA wal_autocheckpoint = 0; CREATE TABLE scratch (b BLOB)'); // one big WAL, as behind a long reader
      const insert = db.prepare('INSERT INTO scratch VALUES (zeroblob(1048576))');
      db.transaction(() => {
        for (let i = 0; i < 80; i++) insert.run();
      })();
      expect(wal()).toBeGreaterThan(WAL_SIZE_LIMIT_BYTES + 8 * 1024 * 1024);

      db.pragma('wal_checkpoint(PASSIVE)'); // everything copied back; the WAL starts over at the next write
      db.exec('DELETE FROM scratch WHERE rowid = 1');
      expect(wal()).toBeLessThanOrEqual(WAL_SIZE_LIMIT_BYTES);
    } finally {
      db.close();
    }
  });
});
