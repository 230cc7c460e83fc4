import type Database from 'better-sqlite3';

/** One schema step. `up` runs inside a transaction together with the user_version bump. */
export type Migration = {
  readonly version: number;
  readonly name: string;
  readonly up: (db: Database.Database) => void;
  /**
   * The migration rebuilds a table others refer to (SQLite's «12-step» ALTER): foreign keys are
   * switched off around its transaction — they cannot be switched inside one — and every
   * reference is checked with `PRAGMA foreign_key_check` before it commits.
   */
  readonly rebuildsTables?: boolean;
};
