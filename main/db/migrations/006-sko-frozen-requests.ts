import type { Migration } from './migration.js';

/**
 * The exact request bytes of each queued document, kept before its first send and sent as is on
 * every retry: a retry after an upgrade (a different mapper) or a re-binding must not turn into
 * IDEMPOTENCY_CONFLICT or TILL_MISMATCH. NULL until the first attempt (and for documents
 * delivered before this version).
 */
export const m006SkoFrozenRequests: Migration = {
  version: 6,
  name: '006-sko-frozen-requests',
  up(db) {
    db.exec(`
      ALTER TABLE outbox ADD COLUMN request_body TEXT;
      -- Once kept, the bytes never change: every retry must carry the same request hash.
      CREATE TRIGGER outbox_request_body_frozen BEFORE UPDATE OF request_body ON outbox
        WHEN OLD.request_body IS NOT NULL AND NEW.request_body IS NOT OLD.request_body
        BEGIN SELECT RAISE(ABORT, 'outbox.request_body is frozen'); END;
    `);
  },
};
