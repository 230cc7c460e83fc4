/**
 * The emulator's own journal (SQLite): bound devices, sessions and tokens, shifts, accepted
 * documents with the answers given, and refusals. Separate from the till's database on purpose:
 * the soak and crash tests compare the two.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { Sqlite } from '../../db/driver.js';
import { withQueries, type Db } from '../../db/queries.js';

export type Journal = Db;

export const JOURNAL_FILE = 'sko-journal.sqlite';

export function openJournal(dataDir: string): Journal {
  mkdirSync(dataDir, { recursive: true });
  const db = withQueries(new Sqlite(join(dataDir, JOURNAL_FILE)));
  db.pragma('journal_mode = WAL');
  // The emulator stands in for a remote service: surviving its own process crash is enough.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.exec(`
    CREATE TABLE IF NOT EXISTS devices (
      device_code  TEXT PRIMARY KEY,
      till_id      TEXT NOT NULL UNIQUE,
      unlocked     INTEGER NOT NULL DEFAULT 0,
      created_at   TEXT NOT NULL
    ) STRICT;

    CREATE TABLE IF NOT EXISTS sessions (
      id               INTEGER PRIMARY KEY,
      device_code      TEXT NOT NULL REFERENCES devices (device_code),
      installation_id  TEXT NOT NULL,
      state            TEXT NOT NULL CHECK (state IN ('active', 'replaced', 'revoked')),
      created_at       TEXT NOT NULL
    ) STRICT;

    CREATE TABLE IF NOT EXISTS tokens (
      hash        TEXT PRIMARY KEY,
      session_id  INTEGER NOT NULL REFERENCES sessions (id),
      kind        TEXT NOT NULL CHECK (kind IN ('access', 'refresh')),
      expires_at  INTEGER NOT NULL,
      used_at     TEXT
    ) STRICT;
    CREATE INDEX IF NOT EXISTS tokens_session ON tokens (session_id);

    CREATE TABLE IF NOT EXISTS shifts (
      till_id    TEXT NOT NULL,
      number     INTEGER NOT NULL,
      opened_at  TEXT NOT NULL,
      closed_at  TEXT,
      PRIMARY KEY (till_id, number)
    ) STRICT;

    CREATE TABLE IF NOT EXISTS documents (
      seq              INTEGER PRIMARY KEY,
      sko_doc_id       TEXT NOT NULL UNIQUE,
      till_id          TEXT NOT NULL,
      idempotency_key  TEXT NOT NULL,
      kind             TEXT NOT NULL,
      shift_number     INTEGER NOT NULL,
      number_in_shift  INTEGER NOT NULL,
      created_at       TEXT NOT NULL,
      cashier_id       TEXT NOT NULL,
      total            INTEGER NOT NULL,
      request          TEXT NOT NULL,
      request_hash     TEXT NOT NULL,
      accepted_at      TEXT NOT NULL,
      verify_url       TEXT NOT NULL,
      key_id           TEXT NOT NULL,
      signature        TEXT NOT NULL,
      answer           TEXT NOT NULL,
      replays          INTEGER NOT NULL DEFAULT 0,
      ref_shift        INTEGER,
      ref_number       INTEGER,
      UNIQUE (till_id, idempotency_key),
      UNIQUE (till_id, shift_number, number_in_shift)
    ) STRICT;

    CREATE TABLE IF NOT EXISTS refusals (
      id               INTEGER PRIMARY KEY,
      at               TEXT NOT NULL,
      till_id          TEXT NOT NULL,
      idempotency_key  TEXT NOT NULL,
      kind             TEXT NOT NULL,
      code             TEXT NOT NULL,
      message          TEXT NOT NULL
    ) STRICT;
  `);
  addReferenceColumns(db);
  return db;
}

/**
 * The document a return or an annulment refers to, as indexed columns: the rules ask «is this
 * sale annulled?» and «what was returned of it?» once per document and once per sale at Z, so
 * each answer must be an index lookup, not a scan of the shift's JSON. Journals made before the
 * columns get them here, filled from the stored requests.
 */
function addReferenceColumns(db: Journal): void {
  const columns = new Set(db.all<{ name: string }>('PRAGMA table_info(documents)').map((c) => c.name));
  db.transaction(() => {
    if (!columns.has('ref_shift')) {
      db.exec(`
        ALTER TABLE documents ADD COLUMN ref_shift INTEGER;
        ALTER TABLE documents ADD COLUMN ref_number INTEGER;
        UPDATE documents SET ref_shift = json_extract(request, '$.original.shiftNumber'), ref_number = json_extract(request, '$.original.numberInShift') WHERE kind = 'return';
        UPDATE documents SET ref_shift = json_extract(request, '$.annulled.shiftNumber'), ref_number = json_extract(request, '$.annulled.numberInShift') WHERE kind = 'annulment';
      `);
    }
    db.exec('CREATE INDEX IF NOT EXISTS documents_refs ON documents (till_id, kind, ref_shift, ref_number) WHERE ref_shift IS NOT NULL');
  })();
}

export type NewJournalDocument = Omit<JournalDocument, 'seq' | 'replays' | 'ref_shift' | 'ref_number'>;

/** Stores an accepted document with its reference columns: the one way a document enters the journal. */
export function insertDocument(db: Database.Database, doc: NewJournalDocument): void {
  const request = JSON.parse(doc.request) as {
    original?: { shiftNumber: number; numberInShift: number } | null;
    annulled?: { shiftNumber: number; numberInShift: number };
  };
  const ref = doc.kind === 'return' ? request.original : doc.kind === 'annulment' ? request.annulled : null;
  let insert = inserts.get(db);
  if (!insert) {
    insert = db.prepare(
      `INSERT INTO documents (sko_doc_id, till_id, idempotency_key, kind, shift_number, number_in_shift, created_at, cashier_id, total,
                              request, request_hash, accepted_at, verify_url, key_id, signature, answer, ref_shift, ref_number)
       VALUES (@sko_doc_id, @till_id, @idempotency_key, @kind, @shift_number, @number_in_shift, @created_at, @cashier_id, @total,
               @request, @request_hash, @accepted_at, @verify_url, @key_id, @signature, @answer, @ref_shift, @ref_number)`,
    );
    inserts.set(db, insert);
  }
  insert.run({ ...doc, ref_shift: ref?.shiftNumber ?? null, ref_number: ref?.numberInShift ?? null });
}

/** The insert of each journal connection, prepared once: every accepted document runs it. */
const inserts = new WeakMap<Database.Database, Database.Statement>();

export type JournalDocument = {
  seq: number;
  sko_doc_id: string;
  till_id: string;
  idempotency_key: string;
  kind: string;
  shift_number: number;
  number_in_shift: number;
  created_at: string;
  cashier_id: string;
  total: number;
  request: string;
  request_hash: string;
  accepted_at: string;
  verify_url: string;
  key_id: string;
  signature: string;
  answer: string;
  replays: number;
  ref_shift: number | null;
  ref_number: number | null;
};
