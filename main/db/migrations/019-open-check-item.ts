import type { Migration } from './migration.js';

/**
 * «Is this item in an open or parked check?» by index: deleting an item (a «replace» price list,
 * the item card) asks it once per item — in the import's «nothing refers to it» check and in the
 * foreign key check of the delete — and without an index each ask read every open and parked line.
 */
export const m019OpenCheckItem: Migration = {
  version: 19,
  name: '019-open-check-item',
  up(db) {
    db.exec('CREATE INDEX open_check_lines_item ON open_check_lines (item_id)');
  },
};
