import type { Migration } from './migration.js';

/**
 * The requisites a document was made under (organisation, УНП, trade object, ПК number), kept on
 * it: a copy printed after the shop moved or was renamed shows what the original showed. Documents
 * of earlier schemas have none and print today's.
 */
export const m008DocumentRequisites: Migration = {
  version: 8,
  name: '008-document-requisites',
  up(db) {
    db.exec('ALTER TABLE documents ADD COLUMN requisites TEXT');
  },
};
