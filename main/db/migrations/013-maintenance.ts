import type { Migration } from './migration.js';

/** Tables whose rows only the cleanup may delete (the rest of their no-delete rule stands). */
const CLEANED = ['shifts', 'documents', 'document_lines', 'document_payments', 'fiscal_answers', 'document_vat'] as const;

/**
 * Maintenance: a user may be disabled (documents keep the name); a one-row permit lets the
 * cleanup — and nothing else — delete old fiscal rows: it is written and removed inside the
 * cleanup's own transaction, so a crash leaves no permit behind; the journal of exports,
 * imports and cleanups answers «when was the last archive?».
 */
export const m013Maintenance: Migration = {
  version: 13,
  name: '013-maintenance',
  up(db) {
    db.exec(`
      ALTER TABLE users ADD COLUMN disabled_at TEXT;

      CREATE TABLE maintenance_permit (
        id          INTEGER PRIMARY KEY CHECK (id = 1),
        operation   TEXT NOT NULL CHECK (operation = 'cleanup'),
        up_to       TEXT NOT NULL,
        granted_at  TEXT NOT NULL
      ) STRICT;

      CREATE TABLE maintenance_log (
        id       INTEGER PRIMARY KEY,
        at       TEXT NOT NULL,
        kind     TEXT NOT NULL CHECK (kind IN ('export', 'import', 'cleanup')),
        details  TEXT NOT NULL DEFAULT '{}'
      ) STRICT;
      CREATE INDEX maintenance_log_kind ON maintenance_log (kind, at);
      CREATE INDEX audit_log_at ON audit_log (at);
      -- The cleanup deletes documents: each delete looks up the terminal operations that name it.
      CREATE INDEX terminal_ops_document ON terminal_ops (document_id) WHERE document_id IS NOT NULL;
    `);
    for (const table of CLEANED) {
      db.exec(`
        DROP TRIGGER ${table}_no_delete;
        CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
          WHEN NOT EXISTS (SELECT 1 FROM maintenance_permit)
          BEGIN SELECT RAISE(ABORT, '${table}: fiscal records are append-only'); END;
      `);
    }
  },
};
