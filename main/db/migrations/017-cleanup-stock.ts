import type { Migration } from './migration.js';

/**
 * Cleanup on a till that keeps stock (issue 13): `stock_fiscal_documents` refers to the documents a
 * cleanup removes, but its no-delete trigger (migration 011) ignored the cleanup's permit
 * (migration 013), so removing any document that had moved stock failed and the whole cleanup with
 * it. Its rows go with their documents now, under the same permit. Balances are kept per item
 * (stock_balances) and a statement counts back from them over the movements after its date, so
 * removing a removed period's movements changes no balance and no statement after the period.
 */
export const m017CleanupStock: Migration = {
  version: 17,
  name: '017-cleanup-stock',
  up(db) {
    db.exec(`
      DROP TRIGGER stock_fiscal_documents_no_delete;
      CREATE TRIGGER stock_fiscal_documents_no_delete BEFORE DELETE ON stock_fiscal_documents
        WHEN NOT EXISTS (SELECT 1 FROM maintenance_permit)
        BEGIN SELECT RAISE(ABORT, 'stock_fiscal_documents: posted stock documents are append-only'); END;
    `);
  },
};
