import type { Migration } from './migration.js';

/**
 * Reports over a year of a busy till (1,000,000 documents, 3,000,000 lines) read these covering
 * indexes and never the tables: a period is a range of document ids (ids and times go up
 * together), and each figure a range sum per item, payment form or VAT rate. Nothing is added to
 * the sale's own writes but the index entries.
 */
export const m012Reports: Migration = {
  version: 12,
  name: '012-reports',
  up(db) {
    db.exec(`
      CREATE INDEX document_lines_report ON document_lines (item_id, document_id, section, quantity, amount, discount);
      CREATE INDEX document_payments_report ON document_payments (form, document_id, amount);
      CREATE INDEX document_vat_report ON document_vat (vat_rate, document_id, amount, vat);
      CREATE INDEX documents_report ON documents (kind, created_at, user_id, total, change);
    `);
  },
};
