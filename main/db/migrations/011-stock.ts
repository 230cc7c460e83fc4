import type { Migration } from './migration.js';

/**
 * Stock (the goods issue, «Учёт остатков»): the admin's stock documents — goods receipt (приход),
 * write-off (списание) and inventory count (инвентаризация) — numbered per kind and append-only
 * once posted; the balance of each item now; and which fiscal documents moved stock (a sale, a
 * return, an annulment made while stock was on), so the statements read their lines from
 * `document_lines` instead of a second copy of every sold line.
 */
export const m011Stock: Migration = {
  version: 11,
  name: '011-stock',
  up(db) {
    db.exec(`
      CREATE TABLE stock_documents (
        id          INTEGER PRIMARY KEY,
        kind        TEXT NOT NULL CHECK (kind IN ('receipt', 'write_off', 'inventory')),
        -- Numbered per kind: «Приход № 3», «Списание № 1».
        number      INTEGER NOT NULL CHECK (number >= 1),
        created_at  TEXT NOT NULL,
        user_id     INTEGER NOT NULL REFERENCES users (id),
        supplier    TEXT CHECK (kind = 'receipt' OR supplier IS NULL),
        reason      TEXT CHECK (kind = 'write_off' OR reason IS NULL),
        note        TEXT NOT NULL DEFAULT '',
        UNIQUE (kind, number)
      ) STRICT;
      CREATE INDEX stock_documents_created ON stock_documents (created_at);

      CREATE TABLE stock_document_lines (
        id           INTEGER PRIMARY KEY,
        document_id  INTEGER NOT NULL REFERENCES stock_documents (id),
        line_no      INTEGER NOT NULL,
        item_id      INTEGER NOT NULL REFERENCES items (id),
        -- Thousandths. Receipt, write-off: how much came or went (> 0). Inventory: what was counted (≥ 0).
        quantity     INTEGER NOT NULL CHECK (quantity >= 0),
        -- Receipt: the purchase price per unit in kopecks.
        price        INTEGER CHECK (price >= 0),
        -- Inventory: the balance on record when the count was posted (the difference is quantity − book).
        book         INTEGER,
        UNIQUE (document_id, line_no)
      ) STRICT;
      CREATE INDEX stock_document_lines_item ON stock_document_lines (item_id);

      -- The item's balance now, in thousandths (may be negative when the policy allows).
      CREATE TABLE stock_balances (
        item_id   INTEGER PRIMARY KEY REFERENCES items (id) ON DELETE CASCADE,
        quantity  INTEGER NOT NULL
      ) STRICT;

      -- A fiscal document that moved stock, with its time (statements look movements up by time).
      CREATE TABLE stock_fiscal_documents (
        document_id  INTEGER PRIMARY KEY REFERENCES documents (id),
        at           TEXT NOT NULL
      ) STRICT;
      CREATE INDEX stock_fiscal_documents_at ON stock_fiscal_documents (at);
    `);
    for (const table of ['stock_documents', 'stock_document_lines', 'stock_fiscal_documents']) {
      db.exec(`
        CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table}
          BEGIN SELECT RAISE(ABORT, '${table}: posted stock documents are append-only'); END;
        CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
          BEGIN SELECT RAISE(ABORT, '${table}: posted stock documents are append-only'); END;
      `);
    }
    // Every movement of stock, signed (+ in, − out), at its time: stock documents, and the lines of
    // the fiscal documents that moved stock (an annulment reverses the lines of what it annuls).
    // CROSS JOIN keeps the time index the outer loop: a statement reads the movements after its date only.
    db.exec(`
      CREATE VIEW stock_movements AS
        SELECT l.item_id, d.created_at AS at, d.kind,
               CASE d.kind WHEN 'receipt' THEN l.quantity WHEN 'write_off' THEN -l.quantity ELSE l.quantity - l.book END AS quantity
          FROM stock_documents d CROSS JOIN stock_document_lines l ON l.document_id = d.id
        UNION ALL
        SELECT l.item_id, f.at, d.kind, CASE d.kind WHEN 'sale' THEN -l.quantity ELSE l.quantity END
          FROM stock_fiscal_documents f CROSS JOIN documents d ON d.id = f.document_id CROSS JOIN document_lines l ON l.document_id = d.id
         WHERE d.kind IN ('sale', 'return') AND l.item_id IS NOT NULL
        UNION ALL
        SELECT l.item_id, f.at, 'annulment', CASE t.kind WHEN 'sale' THEN l.quantity ELSE -l.quantity END
          FROM stock_fiscal_documents f CROSS JOIN documents a ON a.id = f.document_id AND a.kind = 'annulment'
          CROSS JOIN documents t ON t.id = a.refers_to_id CROSS JOIN document_lines l ON l.document_id = t.id
         WHERE l.item_id IS NOT NULL;
    `);
  },
};
