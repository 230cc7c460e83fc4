/** Commits of rows that need no fsync of their own. */
import type { Db } from './queries.js';

/**
 * Runs `fn` in one transaction that commits without an fsync (synchronous=NORMAL for it alone).
 * For rows whose loss on a power cut costs nothing that matters — never a document, its payments or
 * its outbox row: in WAL mode the commit still survives a crash of the program, and the next
 * fsync'd commit (the next document) makes it durable too.
 */
export function withoutFsync<T>(db: Db, fn: () => T): T {
  if (db.inTransaction) return fn();
  // Through the kept statements: `db.pragma()` prepares its statement again on every call.
  const before = db.value<number>('PRAGMA synchronous')!;
  db.run('PRAGMA synchronous = NORMAL');
  try {
    return db.transaction(fn)();
  } finally {
    db.run(`PRAGMA synchronous = ${before}`);
  }
}
