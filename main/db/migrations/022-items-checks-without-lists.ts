import type { Migration } from './migration.js';

/** `column IN (a, b, …)` in a table's text → `(column = a OR column = b OR …)`; how many were rewritten. */
export function checksWithoutLists(sql: string): { sql: string; rewritten: number } {
  let rewritten = 0;
  const next = sql.replace(/\b(\w+) IN \(([^()]*)\)/g, (_, column: string, list: string) => {
    rewritten++;
    return `(${list
      .split(',')
      .map((value) => `${column} = ${value.trim()}`)
      .join(' OR ')})`;
  });
  return { sql: next, rewritten };
}

/**
 * The CHECK constraints of items say «one of» with `=` … `OR` instead of `IN (…)`: the same rule,
 * but SQLite built a list for each `IN` at every row it checked — 200,000 new items took a second
 * longer to insert (5 µs a row) than with the comparisons (a price list's bulk load, any import).
 *
 * The rule means the same, so nothing stored changes: the table's text in sqlite_schema is changed
 * in place and the schema version moved on, SQLite's own way for such a change
 * (sqlite.org/lang_altertable.html, «otheralter»), instead of copying 200,000 rows into a new table.
 * better-sqlite3 keeps the schema table read-only (SQLite's defensive mode) outside its unsafe mode,
 * so that is on for the change only. Then every row is checked against the new text.
 */
export const m022ItemsChecksWithoutLists: Migration = {
  version: 22,
  name: '022-items-checks-without-lists',
  up(db) {
    const sql = db.prepare<[], string>("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'items'").pluck().get()!;
    const next = checksWithoutLists(sql);
    if (next.rewritten === 0) return;
    const version = db.pragma('schema_version', { simple: true }) as number;
    db.unsafeMode(true);
    try {
      db.pragma('writable_schema = ON');
      db.prepare("UPDATE sqlite_schema SET sql = ? WHERE type = 'table' AND name = 'items'").run(next.sql);
      db.pragma(`schema_version = ${version + 1}`);
    } finally {
      db.pragma('writable_schema = OFF');
      db.unsafeMode(false);
    }
    const found = db.pragma('quick_check(items)', { simple: true }) as string;
    if (found !== 'ok') throw new Error(`Migration 022: items after the change: ${found}`);
  },
};
