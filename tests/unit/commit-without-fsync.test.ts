/**
 * withoutFsync(): one commit at synchronous=NORMAL, and FULL again after it — also when it throws,
 * so a document written next is fsync'd as ever.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { withoutFsync } from '../../main/db/commit.js';
import { openDatabase, type Db } from '../../main/db/database.js';

let dir: string;
let db: Db;
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true, maxRetries: 10 });
});

describe('withoutFsync', () => {
  it('commits at NORMAL, then puts FULL back, after a throw too', () => {
    dir = mkdtempSync(join(tmpdir(), 'kassa-commit-'));
    db = openDatabase(join(dir, 'kassa.sqlite'));
    const FULL = 2;
    const NORMAL = 1;
    expect(db.value<number>('PRAGMA synchronous')).toBe(FULL);
    let inside = -1;
    withoutFsync(db, () => {
      inside = db.value<number>('PRAGMA synchronous')!;
      db.run("INSERT INTO audit_log (at, user_id, action, details) VALUES ('2026-12-03T10:00:00Z', NULL, 'test.light', '{}')");
    });
    expect(inside).toBe(NORMAL);
    expect(db.value<number>('PRAGMA synchronous')).toBe(FULL);
    expect(db.value<number>("SELECT count(*) FROM audit_log WHERE action = 'test.light'")).toBe(1);

    expect(() =>
      withoutFsync(db, () => {
        db.run("INSERT INTO audit_log (at, user_id, action, details) VALUES ('2026-12-03T10:00:01Z', NULL, 'test.light', '{}')");
        throw new Error('refused');
      }),
    ).toThrow('refused');
    expect(db.value<number>('PRAGMA synchronous')).toBe(FULL);
    expect(db.value<number>("SELECT count(*) FROM audit_log WHERE action = 'test.light'")).toBe(1); // rolled back
  });
});
