import type Database from 'better-sqlite3';

/** One schema step. `up` runs inside a transaction together with the user_version bump. */
export type Migration = {
  readonly version: number;
  readonly name: string;
  readonly up: (db: Database.Database) => void;
};
