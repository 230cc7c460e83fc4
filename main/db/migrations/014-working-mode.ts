import type { Migration } from './migration.js';

/**
 * Working mode beside training mode: shifts are numbered per mode, so the first working shift is
 * № 1 whatever training did before (DOMAIN.md «Going live»). `shifts.number` was UNIQUE on its own,
 * so the table is rebuilt with `training` and UNIQUE (training, number); a shift takes the mode of
 * its documents (training when it has none). Its close-only trigger now guards the mode too; its
 * no-delete trigger keeps 013's cleanup permit.
 */
export const m014WorkingMode: Migration = {
  version: 14,
  name: '014-working-mode',
  rebuildsTables: true,
  up(db) {
    db.exec(`
      CREATE TABLE shifts_new (
        id          INTEGER PRIMARY KEY,
        number      INTEGER NOT NULL,
        opened_at   TEXT NOT NULL,
        opened_by   INTEGER NOT NULL REFERENCES users (id),
        closed_at   TEXT,
        closed_by   INTEGER REFERENCES users (id),
        -- 1: a shift of training mode (its documents never go to a working СКО); 0: working mode.
        training    INTEGER NOT NULL DEFAULT 1 CHECK (training IN (0, 1)),
        UNIQUE (training, number)
      ) STRICT;

      INSERT INTO shifts_new (id, number, opened_at, opened_by, closed_at, closed_by, training)
        SELECT s.id, s.number, s.opened_at, s.opened_by, s.closed_at, s.closed_by,
               coalesce((SELECT d.training FROM documents d WHERE d.shift_id = s.id ORDER BY d.number_in_shift LIMIT 1), 1)
        FROM shifts s;
      DROP TABLE shifts;
      ALTER TABLE shifts_new RENAME TO shifts;

      CREATE UNIQUE INDEX shifts_one_open ON shifts ((closed_at IS NULL)) WHERE closed_at IS NULL;
      CREATE TRIGGER shifts_close_only BEFORE UPDATE ON shifts
        WHEN OLD.closed_at IS NOT NULL
          OR NEW.id IS NOT OLD.id OR NEW.number IS NOT OLD.number OR NEW.training IS NOT OLD.training
          OR NEW.opened_at IS NOT OLD.opened_at OR NEW.opened_by IS NOT OLD.opened_by
        BEGIN SELECT RAISE(ABORT, 'shifts: only closing an open shift is allowed'); END;
      -- As 013 made it: only the cleanup's own transaction, holding the permit, removes a shift.
      CREATE TRIGGER shifts_no_delete BEFORE DELETE ON shifts
        WHEN NOT EXISTS (SELECT 1 FROM maintenance_permit)
        BEGIN SELECT RAISE(ABORT, 'shifts: fiscal records are append-only'); END;
    `);
  },
};
