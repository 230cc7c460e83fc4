import type { Migration } from './migration.js';

const KINDS = "'shift_open', 'sale', 'return', 'annulment', 'cash_in', 'cash_out', 'x_report', 'z_report'";

/**
 * The cashier's workflow: returns, annulments, cash in / out per currency; line and
 * check discounts; marked goods; parked checks; sum mode sections with a VAT rate; a trigram
 * index for searching names as you type.
 *
 * `documents.kind` has a CHECK of the four first kinds, so the table is rebuilt (create the new
 * one, copy, drop, rename) with foreign keys off; its append-only triggers are made again.
 */
export const m003CashierWorkflow: Migration = {
  version: 3,
  name: '003-cashier-workflow',
  rebuildsTables: true,
  up(db) {
    db.exec(`
      CREATE TABLE documents_new (
        id               INTEGER PRIMARY KEY,
        shift_id         INTEGER NOT NULL REFERENCES shifts (id),
        number_in_shift  INTEGER NOT NULL,
        kind             TEXT NOT NULL CHECK (kind IN (${KINDS})),
        created_at       TEXT NOT NULL,
        user_id          INTEGER NOT NULL REFERENCES users (id),
        cashier          TEXT NOT NULL,
        total            INTEGER NOT NULL,
        change           INTEGER NOT NULL DEFAULT 0,
        idempotency_key  TEXT NOT NULL UNIQUE,
        training         INTEGER NOT NULL CHECK (training IN (0, 1)),
        report           TEXT,
        -- A return: the sale it returns (NULL: return without a check). An annulment: what it annuls.
        refers_to_id     INTEGER REFERENCES documents (id),
        -- Cash in / cash out currency; BYN for every other kind.
        currency         TEXT NOT NULL DEFAULT 'BYN' CHECK (currency IN ('BYN', 'USD', 'EUR', 'RUB')),
        -- Return without a check, annulment: why.
        reason           TEXT,
        discount_card    TEXT,
        -- What the check discount took off in all (negative: a markup); lines carry their shares.
        check_discount   INTEGER NOT NULL DEFAULT 0,
        UNIQUE (shift_id, number_in_shift),
        CHECK (refers_to_id IS NULL OR kind IN ('return', 'annulment')),
        CHECK (kind <> 'annulment' OR refers_to_id IS NOT NULL),
        CHECK (currency = 'BYN' OR kind IN ('cash_in', 'cash_out', 'annulment'))
      ) STRICT;

      INSERT INTO documents_new (id, shift_id, number_in_shift, kind, created_at, user_id, cashier, total, change, idempotency_key, training, report)
        SELECT id, shift_id, number_in_shift, kind, created_at, user_id, cashier, total, change, idempotency_key, training, report FROM documents;
      DROP TABLE documents;
      ALTER TABLE documents_new RENAME TO documents;

      CREATE TRIGGER documents_no_update BEFORE UPDATE ON documents
        BEGIN SELECT RAISE(ABORT, 'documents: fiscal records are append-only'); END;
      CREATE TRIGGER documents_no_delete BEFORE DELETE ON documents
        BEGIN SELECT RAISE(ABORT, 'documents: fiscal records are append-only'); END;

      -- A document is annulled at most once.
      CREATE UNIQUE INDEX documents_one_annulment ON documents (refers_to_id) WHERE kind = 'annulment';
      CREATE INDEX documents_refers_to ON documents (refers_to_id) WHERE refers_to_id IS NOT NULL;
      CREATE INDEX documents_shift_kind ON documents (shift_id, kind);
      CREATE INDEX documents_created_at ON documents (created_at);

      -- Lines: what discounts took off (negative: markups added), the marking code, and for a
      -- return line the sale line it returns.
      ALTER TABLE document_lines ADD COLUMN discount INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE document_lines ADD COLUMN mark_code TEXT;
      ALTER TABLE document_lines ADD COLUMN origin_line_id INTEGER REFERENCES document_lines (id);
      CREATE INDEX document_lines_origin ON document_lines (origin_line_id) WHERE origin_line_id IS NOT NULL;

      -- The payment terminal's reference of a card / ОПЛАТИ payment (for its refund).
      ALTER TABLE document_payments ADD COLUMN terminal_ref TEXT;
      CREATE INDEX document_payments_document ON document_payments (document_id);

      CREATE INDEX fiscal_answers_sko_doc_id ON fiscal_answers (sko_doc_id);
      CREATE INDEX fiscal_answers_verify_url ON fiscal_answers (verify_url);

      ALTER TABLE items ADD COLUMN marked INTEGER NOT NULL DEFAULT 0 CHECK (marked IN (0, 1));
      ALTER TABLE sections ADD COLUMN vat_rate INTEGER DEFAULT 2000 CHECK (vat_rate IN (0, 1000, 2000, 2500));

      -- Checks put aside; their lines stay in open_check_lines with parked_id set.
      CREATE TABLE parked_checks (
        id             INTEGER PRIMARY KEY,
        parked_at      TEXT NOT NULL,
        user_id        INTEGER NOT NULL REFERENCES users (id),
        note           TEXT NOT NULL DEFAULT '',
        adjustment     TEXT,
        discount_card  TEXT
      ) STRICT;

      -- The check discount of the open check (one row at most).
      CREATE TABLE open_check (
        id             INTEGER PRIMARY KEY CHECK (id = 1),
        adjustment     TEXT,
        discount_card  TEXT
      ) STRICT;

      CREATE TABLE open_check_lines_new (
        id          INTEGER PRIMARY KEY,
        parked_id   INTEGER REFERENCES parked_checks (id) ON DELETE CASCADE,
        item_id     INTEGER REFERENCES items (id),
        name        TEXT NOT NULL,
        barcode     TEXT,
        quantity    INTEGER NOT NULL CHECK (quantity > 0),
        unit        TEXT NOT NULL,
        price       INTEGER NOT NULL CHECK (price >= 0),
        vat_rate    INTEGER,
        section     INTEGER NOT NULL,
        adjustment  TEXT,
        mark_code   TEXT,
        -- GTIN + serial of the marking code: the same item twice in one check is refused.
        mark_key    TEXT
      ) STRICT;
      INSERT INTO open_check_lines_new (id, item_id, name, barcode, quantity, unit, price, vat_rate, section)
        SELECT id, item_id, name, barcode, quantity, unit, price, vat_rate, section FROM open_check_lines;
      DROP TABLE open_check_lines;
      ALTER TABLE open_check_lines_new RENAME TO open_check_lines;
      CREATE INDEX open_check_lines_parked ON open_check_lines (parked_id);
      CREATE UNIQUE INDEX open_check_lines_mark ON open_check_lines (coalesce(parked_id, 0), mark_key) WHERE mark_key IS NOT NULL;

      -- Search as you type over names: substrings of 3+ characters through the trigram index,
      -- kept in step with items by triggers.
      CREATE VIRTUAL TABLE items_fts USING fts5 (name_lc, content = 'items', content_rowid = 'id', tokenize = 'trigram');
      INSERT INTO items_fts (items_fts) VALUES ('rebuild');
      CREATE TRIGGER items_fts_insert AFTER INSERT ON items BEGIN
        INSERT INTO items_fts (rowid, name_lc) VALUES (new.id, new.name_lc);
      END;
      CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN
        INSERT INTO items_fts (items_fts, rowid, name_lc) VALUES ('delete', old.id, old.name_lc);
      END;
      CREATE TRIGGER items_fts_update AFTER UPDATE OF name_lc ON items BEGIN
        INSERT INTO items_fts (items_fts, rowid, name_lc) VALUES ('delete', old.id, old.name_lc);
        INSERT INTO items_fts (rowid, name_lc) VALUES (new.id, new.name_lc);
      END;
    `);
  },
};
