import type { Migration } from './migration.js';

/**
 * A price list that loads many new items into a small catalogue (a till being set up) writes them
 * without the secondary indexes of items and the name search's triggers, and makes those again
 * once at the end: building an index from all rows costs a fraction of updating it row by row.
 * `restore` holds the statements that make again what the load dropped (JSON: [{ type, name, sql }]),
 * so that a load cut by a crash or «Отменить» leaves the schema whole too. NULL: nothing dropped.
 */
export const m021PriceListBulkLoad: Migration = {
  version: 21,
  name: '021-price-list-bulk-load',
  up(db) {
    db.exec('ALTER TABLE price_list_run ADD COLUMN restore TEXT CHECK (restore IS NULL OR json_valid(restore))');
  },
};
