/**
 * better-sqlite3, required rather than imported: an ESM import of a CommonJS package makes Node
 * scan its source for export names at every start (bench `web-host-cold-start`); `require` does not.
 */
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

export const Sqlite = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
