import { parseMarkCode } from '../../../common/marking.js';
import type { Migration } from './migration.js';

/**
 * VAT per rate of a document (DOMAIN.md: the VAT of the rate's total, not a sum of rounded line
 * VATs), kept with the document: what printed, went to the СКО and adds up in X/Z. Documents of
 * earlier schemas keep the figure they printed then (the sum of their lines' VAT).
 *
 * And the marking code's key (GTIN + serial) on document lines, so a code sold on an earlier check
 * is refused until it is returned.
 */
export const m009DocumentVatAndMarks: Migration = {
  version: 9,
  name: '009-document-vat-and-marks',
  up(db) {
    db.exec(`
      CREATE TABLE document_vat (
        document_id INTEGER NOT NULL REFERENCES documents (id),
        vat_rate    INTEGER,
        amount      INTEGER NOT NULL,
        vat         INTEGER NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX document_vat_rate ON document_vat (document_id, coalesce(vat_rate, -1));
      INSERT INTO document_vat (document_id, vat_rate, amount, vat)
        SELECT document_id, vat_rate, sum(amount), sum(vat) FROM document_lines GROUP BY document_id, vat_rate ORDER BY document_id;
      CREATE TRIGGER document_vat_no_update BEFORE UPDATE ON document_vat
        BEGIN SELECT RAISE(ABORT, 'document_vat: fiscal records are append-only'); END;
      CREATE TRIGGER document_vat_no_delete BEFORE DELETE ON document_vat
        BEGIN SELECT RAISE(ABORT, 'document_vat: fiscal records are append-only'); END;

      ALTER TABLE document_lines ADD COLUMN mark_key TEXT;
      CREATE INDEX document_lines_mark ON document_lines (mark_key) WHERE mark_key IS NOT NULL;
    `);
    // Lines sold before this schema get their key once; the append-only trigger stands again after.
    const marked = db.prepare('SELECT id, mark_code FROM document_lines WHERE mark_code IS NOT NULL').all() as { id: number; mark_code: string }[];
    if (marked.length > 0) {
      db.exec('DROP TRIGGER document_lines_no_update');
      const set = db.prepare('UPDATE document_lines SET mark_key = ? WHERE id = ?');
      for (const l of marked) set.run(parseMarkCode(l.mark_code)?.key ?? null, l.id);
      db.exec(`
        CREATE TRIGGER document_lines_no_update BEFORE UPDATE ON document_lines
          BEGIN SELECT RAISE(ABORT, 'document_lines: fiscal records are append-only'); END;
      `);
    }
  },
};
