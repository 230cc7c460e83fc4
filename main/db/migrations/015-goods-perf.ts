import type { Migration } from './migration.js';

/**
 * Price lists at shop scale (the goods-perf issue):
 *  - the import's own tables (its run and its undo log), which earlier versions made when the first
 *    import ran; `IF NOT EXISTS`: a till that imported before keeps them — and an import a crash
 *    cut midway, which the start then plays back as before;
 *  - the search index is rewritten for an item only when its name changed: an import that changes
 *    the prices of 200,000 items no longer re-indexes 200,000 names.
 */
export const m015GoodsPerf: Migration = {
  version: 15,
  name: '015-goods-perf',
  up(db) {
    db.exec(`
      -- The import under way (at most one). 'applying': a crash undoes it at start; 'done': it is kept.
      CREATE TABLE IF NOT EXISTS price_list_run (
        id          INTEGER PRIMARY KEY CHECK (id = 1),
        state       TEXT NOT NULL CHECK (state IN ('applying', 'done')),
        started_at  TEXT NOT NULL
      ) STRICT;
      -- The old state of every row the running import changed: kind 'item' (before: JSON of the item and its barcodes, NULL: it was added), 'category', 'section' (made by it).
      CREATE TABLE IF NOT EXISTS price_list_undo (
        seq     INTEGER PRIMARY KEY,
        kind    TEXT NOT NULL CHECK (kind IN ('item', 'category', 'section')),
        ref     INTEGER NOT NULL,
        before  TEXT
      ) STRICT;

      DROP TRIGGER items_fts_update;
      CREATE TRIGGER items_fts_update AFTER UPDATE OF name_lc ON items WHEN old.name_lc IS NOT new.name_lc BEGIN
        INSERT INTO items_fts (items_fts, rowid, name_lc) VALUES ('delete', old.id, old.name_lc);
        INSERT INTO items_fts (rowid, name_lc) VALUES (new.id, new.name_lc);
      END;
    `);
  },
};
