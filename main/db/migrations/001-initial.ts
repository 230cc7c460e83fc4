import type { Migration } from './migration.js';

/** Settings, users, catalogue, shifts, append-only documents, the СКО outbox, the audit log. */
export const m001Initial: Migration = {
  version: 1,
  name: '001-initial',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE users (
        id              INTEGER PRIMARY KEY,
        login           TEXT NOT NULL UNIQUE COLLATE NOCASE,
        name            TEXT NOT NULL,
        cashier_id      TEXT NOT NULL DEFAULT '',
        role            TEXT NOT NULL CHECK (role IN ('admin', 'cashier')),
        password_hash   TEXT NOT NULL,
        must_change     INTEGER NOT NULL DEFAULT 1 CHECK (must_change IN (0, 1)),
        failed_logins   INTEGER NOT NULL DEFAULT 0,
        last_failed_at  TEXT,
        created_at      TEXT NOT NULL
      ) STRICT;

      CREATE TABLE sections (
        code  INTEGER PRIMARY KEY CHECK (code BETWEEN 0 AND 255),
        name  TEXT NOT NULL
      ) STRICT;

      CREATE TABLE items (
        id        INTEGER PRIMARY KEY,
        code      TEXT NOT NULL UNIQUE,
        name      TEXT NOT NULL,
        name_lc   TEXT NOT NULL,
        price     INTEGER NOT NULL CHECK (price >= 0),
        vat_rate  INTEGER CHECK (vat_rate IN (0, 1000, 2000, 2500)),
        unit      TEXT NOT NULL CHECK (unit IN ('шт', 'кг')),
        section   INTEGER NOT NULL DEFAULT 0 REFERENCES sections (code),
        category  TEXT NOT NULL DEFAULT ''
      ) STRICT;
      CREATE INDEX items_name_lc ON items (name_lc);

      CREATE TABLE item_barcodes (
        barcode  TEXT PRIMARY KEY,
        item_id  INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX item_barcodes_item ON item_barcodes (item_id);

      CREATE TABLE shifts (
        id          INTEGER PRIMARY KEY,
        number      INTEGER NOT NULL UNIQUE,
        opened_at   TEXT NOT NULL,
        opened_by   INTEGER NOT NULL REFERENCES users (id),
        closed_at   TEXT,
        closed_by   INTEGER REFERENCES users (id)
      ) STRICT;
      CREATE UNIQUE INDEX shifts_one_open ON shifts ((closed_at IS NULL)) WHERE closed_at IS NULL;

      -- The open check: one per till, kept in the database so a crash loses no line.
      CREATE TABLE open_check_lines (
        id        INTEGER PRIMARY KEY,
        item_id   INTEGER NOT NULL REFERENCES items (id),
        name      TEXT NOT NULL,
        barcode   TEXT,
        quantity  INTEGER NOT NULL CHECK (quantity > 0),
        unit      TEXT NOT NULL,
        price     INTEGER NOT NULL,
        vat_rate  INTEGER,
        section   INTEGER NOT NULL
      ) STRICT;

      -- Fiscal documents: append-only, enforced by the triggers below.
      CREATE TABLE documents (
        id               INTEGER PRIMARY KEY,
        shift_id         INTEGER NOT NULL REFERENCES shifts (id),
        number_in_shift  INTEGER NOT NULL,
        kind             TEXT NOT NULL CHECK (kind IN ('shift_open', 'sale', 'x_report', 'z_report')),
        created_at       TEXT NOT NULL,
        user_id          INTEGER NOT NULL REFERENCES users (id),
        cashier          TEXT NOT NULL,
        total            INTEGER NOT NULL,
        change           INTEGER NOT NULL DEFAULT 0,
        idempotency_key  TEXT NOT NULL UNIQUE,
        training         INTEGER NOT NULL CHECK (training IN (0, 1)),
        report           TEXT,
        UNIQUE (shift_id, number_in_shift)
      ) STRICT;

      CREATE TABLE document_lines (
        id           INTEGER PRIMARY KEY,
        document_id  INTEGER NOT NULL REFERENCES documents (id),
        line_no      INTEGER NOT NULL,
        item_id      INTEGER,
        name         TEXT NOT NULL,
        barcode      TEXT,
        quantity     INTEGER NOT NULL CHECK (quantity > 0),
        unit         TEXT NOT NULL,
        price        INTEGER NOT NULL,
        amount       INTEGER NOT NULL CHECK (amount >= 0),
        vat_rate     INTEGER,
        vat          INTEGER NOT NULL,
        section      INTEGER NOT NULL,
        UNIQUE (document_id, line_no)
      ) STRICT;

      CREATE TABLE document_payments (
        id           INTEGER PRIMARY KEY,
        document_id  INTEGER NOT NULL REFERENCES documents (id),
        form         TEXT NOT NULL,
        amount       INTEGER NOT NULL CHECK (amount > 0)
      ) STRICT;

      -- What the СКО answered for a document. Written once, never changed.
      CREATE TABLE fiscal_answers (
        document_id  INTEGER PRIMARY KEY REFERENCES documents (id),
        sko_doc_id   TEXT NOT NULL,
        accepted_at  TEXT NOT NULL,
        verify_url   TEXT NOT NULL,
        signature    TEXT NOT NULL
      ) STRICT;

      -- Written in the same transaction as the document; the sender marks rows delivered.
      CREATE TABLE outbox (
        id               INTEGER PRIMARY KEY,
        document_id      INTEGER NOT NULL UNIQUE REFERENCES documents (id),
        idempotency_key  TEXT NOT NULL UNIQUE,
        payload          TEXT NOT NULL,
        created_at       TEXT NOT NULL,
        attempts         INTEGER NOT NULL DEFAULT 0,
        next_attempt_at  TEXT NOT NULL,
        last_error       TEXT,
        delivered_at     TEXT
      ) STRICT;
      CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE delivered_at IS NULL;

      CREATE TABLE audit_log (
        id       INTEGER PRIMARY KEY,
        at       TEXT NOT NULL,
        user_id  INTEGER,
        action   TEXT NOT NULL,
        details  TEXT NOT NULL DEFAULT '{}'
      ) STRICT;
    `);
    for (const table of ['documents', 'document_lines', 'document_payments', 'fiscal_answers', 'audit_log']) {
      db.exec(`
        CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table}
          BEGIN SELECT RAISE(ABORT, '${table}: fiscal records are append-only'); END;
        CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
          BEGIN SELECT RAISE(ABORT, '${table}: fiscal records are append-only'); END;
      `);
    }
    // A shift may only be closed, once; nothing else about it changes.
    db.exec(`
      CREATE TRIGGER shifts_close_only BEFORE UPDATE ON shifts
        WHEN OLD.closed_at IS NOT NULL
          OR NEW.id IS NOT OLD.id OR NEW.number IS NOT OLD.number
          OR NEW.opened_at IS NOT OLD.opened_at OR NEW.opened_by IS NOT OLD.opened_by
        BEGIN SELECT RAISE(ABORT, 'shifts: only closing an open shift is allowed'); END;
      CREATE TRIGGER shifts_no_delete BEFORE DELETE ON shifts
        BEGIN SELECT RAISE(ABORT, 'shifts: fiscal records are append-only'); END;
    `);
  },
};
