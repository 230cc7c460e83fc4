import type { Migration } from './migration.js';

/**
 * The price-list import logs the items it adds as ranges of ids (`ref`..`last_ref`), not one undo
 * row each: 200,000 new items wrote 200,000 rows into the log and deleted them again after the
 * commit point, a tenth of the import. An older till's rows (no `last_ref`) mean one item, as before.
 */
export const m020PriceListAddedRanges: Migration = {
  version: 20,
  name: '020-price-list-added-ranges',
  up(db) {
    db.exec("ALTER TABLE price_list_undo ADD COLUMN last_ref INTEGER CHECK (last_ref IS NULL OR (kind = 'item' AND before IS NULL AND last_ref >= ref))");
  },
};
