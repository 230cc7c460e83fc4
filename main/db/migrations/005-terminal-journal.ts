import type { Migration } from './migration.js';

/**
 * The payment terminal's journal: every card / ОПЛАТИ operation is written down as pending before
 * the terminal is asked and with its outcome right after, and is settled in the same transaction
 * as the document it pays. A crash between the bank's approval and the document leaves an
 * approved, unsettled row, which the next start reverses on the terminal (or, for an annulment's
 * cancel, lets the annulment finish without asking the bank twice).
 */
export const m005TerminalJournal: Migration = {
  version: 5,
  name: '005-terminal-journal',
  up(db) {
    db.exec(`
      CREATE TABLE terminal_ops (
        id           INTEGER PRIMARY KEY,
        kind         TEXT NOT NULL CHECK (kind IN ('purchase', 'refund', 'cancel')),
        purpose      TEXT NOT NULL CHECK (purpose IN ('sale', 'return', 'annulment', 'undo', 'recovery')),
        form         TEXT NOT NULL CHECK (form IN ('card', 'oplati')),
        amount       INTEGER NOT NULL CHECK (amount >= 0),
        -- refund: the purchase it gives back; cancel: the operation it cancels.
        of_reference TEXT,
        state        TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'declined', 'timeout', 'settled', 'reversed', 'unknown')),
        reference    TEXT,
        message      TEXT,
        document_id  INTEGER REFERENCES documents (id),
        created_at   TEXT NOT NULL,
        updated_at   TEXT NOT NULL
      ) STRICT;
      CREATE INDEX terminal_ops_open ON terminal_ops (state) WHERE state IN ('pending', 'approved');
    `);
  },
};
