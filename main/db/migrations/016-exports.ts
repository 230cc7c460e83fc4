import type { Migration } from './migration.js';

/**
 * Background exports (issues 12 and 13): a durable queue of files the till owes a storage target
 * — a shift's reports after its Z, the database archive after a Z or daily — written in the Z's
 * own transaction, so a crash right after the Z still exports. A row is the journal entry too; each
 * try is an attempt row. No foreign key to shifts: the cleanup may remove a shift whose export is
 * long done, and the journal keeps its number.
 */
export const m016Exports: Migration = {
  version: 16,
  name: '016-exports',
  up(db) {
    db.exec(`
      CREATE TABLE export_jobs (
        id            INTEGER PRIMARY KEY,
        kind          TEXT NOT NULL CHECK (kind IN ('reports', 'archive')),
        cause         TEXT NOT NULL CHECK (cause IN ('z', 'daily')),
        shift_id      INTEGER,
        shift_number  INTEGER,
        -- The local day of a daily archive: one a day, whatever the restarts.
        slot          TEXT,
        target_id     TEXT NOT NULL,
        target_name   TEXT NOT NULL,
        -- What to write, as the settings said when it was queued (reports, format, keep last N).
        input         TEXT NOT NULL DEFAULT '{}',
        created_at    TEXT NOT NULL,
        state         TEXT NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'running', 'done')),
        attempts      INTEGER NOT NULL DEFAULT 0,
        next_at       TEXT,
        last_error    TEXT,
        done_at       TEXT,
        result        TEXT,
        CHECK ((kind = 'reports') = (shift_id IS NOT NULL) OR kind = 'archive'),
        CHECK ((cause = 'daily') = (slot IS NOT NULL))
      ) STRICT;
      CREATE UNIQUE INDEX export_jobs_daily ON export_jobs (kind, slot) WHERE slot IS NOT NULL;
      CREATE INDEX export_jobs_due ON export_jobs (state, next_at);

      CREATE TABLE export_attempts (
        id           INTEGER PRIMARY KEY,
        job_id       INTEGER NOT NULL REFERENCES export_jobs (id),
        started_at   TEXT NOT NULL,
        finished_at  TEXT,
        ok           INTEGER CHECK (ok IN (0, 1)),
        message      TEXT
      ) STRICT;
      CREATE INDEX export_attempts_job ON export_attempts (job_id);
    `);
  },
};
