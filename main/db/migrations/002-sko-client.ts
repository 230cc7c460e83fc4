import type { Migration } from './migration.js';

/**
 * The СКО client: the till's binding to the operator (installation id, till id, tokens), the key
 * that signed each answer, and documents the СКО refused (they stay queued until a person acts).
 */
export const m002SkoClient: Migration = {
  version: 2,
  name: '002-sko-client',
  up(db) {
    db.exec(`
      CREATE TABLE sko_session (
        id                 INTEGER PRIMARY KEY CHECK (id = 1),
        installation_id    TEXT NOT NULL,
        endpoint           TEXT NOT NULL,
        till_id            TEXT,
        access_token       TEXT,
        access_expires_at  INTEGER,
        refresh_token      TEXT,
        state              TEXT NOT NULL CHECK (state IN ('none', 'valid', 'replaced', 'invalid')),
        updated_at         TEXT NOT NULL
      ) STRICT;

      -- Which of the operator's keys signed the answer (documents of schema 1 have none recorded).
      ALTER TABLE fiscal_answers ADD COLUMN key_id TEXT NOT NULL DEFAULT '';

      ALTER TABLE outbox ADD COLUMN rejected_at TEXT;
      ALTER TABLE outbox ADD COLUMN reject_code TEXT;
      -- The sender reads the waiting rows oldest first on every pass: without this it would walk
      -- every document the till ever delivered.
      CREATE INDEX outbox_waiting ON outbox (id) WHERE delivered_at IS NULL;
    `);
  },
};
