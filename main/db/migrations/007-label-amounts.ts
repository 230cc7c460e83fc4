import type { Migration } from './migration.js';

/**
 * A weight label that carries the amount (not the weight) fixes what the customer pays: the open
 * check keeps that amount on the line, and the weight is worked out from it only for the receipt.
 */
export const m007LabelAmounts: Migration = {
  version: 7,
  name: '007-label-amounts',
  up(db) {
    db.exec('ALTER TABLE open_check_lines ADD COLUMN label_amount INTEGER CHECK (label_amount IS NULL OR label_amount > 0)');
  },
};
