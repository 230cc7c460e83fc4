/**
 * Typed reads and writes on a better-sqlite3 connection: `db.one<Row>(sql, …)` instead of
 * `db.prepare(sql).get(…) as Row | undefined`. Each SQL text is prepared once and its statement
 * kept, so a call costs no more than a statement prepared by hand; transactions, pragmas and
 * `prepare` stay better-sqlite3's own.
 */
import { performance } from 'node:perf_hooks';
import type Database from 'better-sqlite3';

/** Statements slower than this reach the slow-statement log (Signal's MIN_TRACE_DURATION). */
export const SLOW_STATEMENT_MS = 10;

/** Distinct SQL texts kept prepared; past this the oldest is dropped (dynamic SQL cannot grow the cache without bound). */
const KEPT_STATEMENTS = 500;

export type SlowStatement = { readonly sql: string; readonly ms: number };

export type Queries = {
  /** The first row, or undefined when there is none. */
  one<T>(sql: string, ...params: unknown[]): T | undefined;
  /** Every row. */
  all<T>(sql: string, ...params: unknown[]): T[];
  /** The first column of the first row, or undefined when there is no row. */
  value<T>(sql: string, ...params: unknown[]): T | undefined;
  /** The first column of every row. */
  values<T>(sql: string, ...params: unknown[]): T[];
  run(sql: string, ...params: unknown[]): Database.RunResult;
};

export type Db = Database.Database & Queries;

/**
 * Gives a connection the typed calls. `onSlow` hears every statement that took
 * SLOW_STATEMENT_MS or more (default: nothing is timed at all).
 */
export function withQueries(db: Database.Database, onSlow?: (statement: SlowStatement) => void): Db {
  const rows = new Map<string, Database.Statement<unknown[]>>();
  const plucked = new Map<string, Database.Statement<unknown[]>>();

  function statement(cache: Map<string, Database.Statement<unknown[]>>, sql: string): Database.Statement<unknown[]> {
    let s = cache.get(sql);
    if (s === undefined) {
      s = db.prepare<unknown[]>(sql);
      if (cache === plucked) s.pluck();
      if (cache.size >= KEPT_STATEMENTS) cache.delete(cache.keys().next().value!);
      cache.set(sql, s);
    }
    return s;
  }

  function timed<R>(sql: string, started: number, result: R): R {
    const ms = performance.now() - started;
    if (ms >= SLOW_STATEMENT_MS) onSlow!({ sql, ms: Math.round(ms * 10) / 10 });
    return result;
  }

  // `performance.now()` is an argument before the statement's own: it is read before the statement runs.
  const queries: Queries = onSlow
    ? {
        one: <T>(sql: string, ...params: unknown[]) => timed(sql, performance.now(), statement(rows, sql).get(...params) as T | undefined),
        all: <T>(sql: string, ...params: unknown[]) => timed(sql, performance.now(), statement(rows, sql).all(...params) as T[]),
        value: <T>(sql: string, ...params: unknown[]) => timed(sql, performance.now(), statement(plucked, sql).get(...params) as T | undefined),
        values: <T>(sql: string, ...params: unknown[]) => timed(sql, performance.now(), statement(plucked, sql).all(...params) as T[]),
        run: (sql, ...params) => timed(sql, performance.now(), statement(rows, sql).run(...params)),
      }
    : {
        one: <T>(sql: string, ...params: unknown[]) => statement(rows, sql).get(...params) as T | undefined,
        all: <T>(sql: string, ...params: unknown[]) => statement(rows, sql).all(...params) as T[],
        value: <T>(sql: string, ...params: unknown[]) => statement(plucked, sql).get(...params) as T | undefined,
        values: <T>(sql: string, ...params: unknown[]) => statement(plucked, sql).all(...params) as T[],
        run: (sql, ...params) => statement(rows, sql).run(...params),
      };
  return Object.assign(db, queries);
}
