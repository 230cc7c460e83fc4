import type { Migration } from './migration.js';

/**
 * The sections directory (admin): a section that documents refer to is hidden from sale, never
 * deleted, so old checks and reports keep its name. Indexes answer «is it used?» without a scan.
 */
export const m004SectionsDirectory: Migration = {
  version: 4,
  name: '004-sections-directory',
  up(db) {
    db.exec(`
      ALTER TABLE sections ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1));
      CREATE INDEX document_lines_section ON document_lines (section);
      CREATE INDEX items_section ON items (section);
    `);
  },
};
