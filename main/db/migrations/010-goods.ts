import type { Migration } from './migration.js';

/**
 * The goods directory an admin keeps (the goods issue): a category tree instead of a free-text
 * category, the units a shop sells in, the item flags of the item card (weighted, price entered at
 * sale, hidden from sale), names of at most 128 characters, and when an item last changed.
 * Discount cards (numbers or prefixes → percent or a fixed sum) and the import column mappings
 * the admin saves.
 *
 * `items` is rebuilt (its unit CHECK widens): the search index's triggers and indexes are made
 * again. Items of schema 9 keep their ids, codes, prices and barcodes; each distinct category text
 * becomes a top-level category; kg goods are weighted.
 */
export const m010Goods: Migration = {
  version: 10,
  name: '010-goods',
  rebuildsTables: true,
  up(db) {
    db.exec(`
      CREATE TABLE categories (
        id         INTEGER PRIMARY KEY,
        parent_id  INTEGER REFERENCES categories (id),
        name       TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 64),
        -- Lower case by JavaScript's rules (SQLite's lower() knows ASCII only): one name per level.
        name_lc    TEXT NOT NULL,
        hidden     INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
        position   INTEGER NOT NULL DEFAULT 0,
        CHECK (parent_id IS NULL OR parent_id <> id)
      ) STRICT;
      CREATE UNIQUE INDEX categories_name ON categories (coalesce(parent_id, 0), name_lc);
      CREATE INDEX categories_parent ON categories (parent_id);
    `);
    const texts = db.prepare<[], string>("SELECT DISTINCT trim(category) FROM items WHERE trim(category) <> '' ORDER BY 1").pluck().all();
    const addCategory = db.prepare('INSERT INTO categories (name, name_lc) VALUES (?, ?) ON CONFLICT DO NOTHING');
    for (const text of texts) addCategory.run(text.slice(0, 64), text.slice(0, 64).toLowerCase());
    db.exec(`
      CREATE TABLE items_new (
        id           INTEGER PRIMARY KEY,
        code         TEXT NOT NULL UNIQUE CHECK (length(code) >= 1),
        name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 128),
        name_lc      TEXT NOT NULL,
        price        INTEGER NOT NULL CHECK (price >= 0),
        vat_rate     INTEGER CHECK (vat_rate IN (0, 1000, 2000, 2500)),
        unit         TEXT NOT NULL CHECK (unit IN ('шт', 'кг', 'л', 'м', 'м²', 'упак')),
        section      INTEGER NOT NULL DEFAULT 0 REFERENCES sections (code),
        category_id  INTEGER REFERENCES categories (id),
        marked       INTEGER NOT NULL DEFAULT 0 CHECK (marked IN (0, 1)),
        -- Sold from the scale: the quantity is its weight in thousandths.
        weighted     INTEGER NOT NULL DEFAULT 0 CHECK (weighted IN (0, 1)),
        -- The cashier types the price at the sale (the item's price is a suggestion, may be 0).
        free_price   INTEGER NOT NULL DEFAULT 0 CHECK (free_price IN (0, 1)),
        -- Not offered at sale (an item ever sold is hidden, never deleted).
        hidden       INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
        updated_at   TEXT
      ) STRICT;
      INSERT INTO items_new (id, code, name, name_lc, price, vat_rate, unit, section, category_id, marked, weighted)
        SELECT i.id, i.code, substr(i.name, 1, 128), substr(i.name_lc, 1, 128), i.price, i.vat_rate, i.unit, i.section,
               (SELECT c.id FROM categories c WHERE c.parent_id IS NULL AND c.name = substr(trim(i.category), 1, 64)),
               i.marked, i.unit = 'кг'
        FROM items i;
      DROP TABLE items;
      ALTER TABLE items_new RENAME TO items;
      CREATE INDEX items_name_lc ON items (name_lc);
      CREATE INDEX items_section ON items (section);
      CREATE INDEX items_category ON items (category_id, name_lc);
      CREATE INDEX items_price ON items (price);

      CREATE TRIGGER items_fts_insert AFTER INSERT ON items BEGIN
        INSERT INTO items_fts (rowid, name_lc) VALUES (new.id, new.name_lc);
      END;
      CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN
        INSERT INTO items_fts (items_fts, rowid, name_lc) VALUES ('delete', old.id, old.name_lc);
      END;
      CREATE TRIGGER items_fts_update AFTER UPDATE OF name_lc ON items BEGIN
        INSERT INTO items_fts (items_fts, rowid, name_lc) VALUES ('delete', old.id, old.name_lc);
        INSERT INTO items_fts (rowid, name_lc) VALUES (new.id, new.name_lc);
      END;
      INSERT INTO items_fts (items_fts) VALUES ('rebuild');

      -- «Was this item ever sold?» (it may then be hidden, not deleted) without a scan of every line.
      CREATE INDEX document_lines_item ON document_lines (item_id) WHERE item_id IS NOT NULL;

      -- Goods changes in the journal by item: who, when, old → new (details: {"itemId": …, …}).
      CREATE INDEX audit_log_item ON audit_log (json_extract(details, '$.itemId'), id) WHERE action LIKE 'goods.%';

      CREATE TABLE discount_cards (
        id       INTEGER PRIMARY KEY,
        -- A card's number, or the prefix every number of a series starts with.
        number   TEXT NOT NULL UNIQUE CHECK (number GLOB '[0-9A-Za-z]*' AND length(number) BETWEEN 1 AND 32),
        kind     TEXT NOT NULL CHECK (kind IN ('number', 'prefix')),
        name     TEXT NOT NULL DEFAULT '',
        -- Either a percent in hundredths (5 % = 500) or a fixed sum in kopecks.
        percent  INTEGER CHECK (percent BETWEEN 1 AND 10000),
        amount   INTEGER CHECK (amount > 0),
        hidden   INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
        CHECK ((percent IS NULL) <> (amount IS NULL))
      ) STRICT;

      CREATE TABLE import_templates (
        id       INTEGER PRIMARY KEY,
        name     TEXT NOT NULL UNIQUE COLLATE NOCASE,
        -- JSON: the column of the file for each item field, separator, charset, decimal mark.
        mapping  TEXT NOT NULL CHECK (json_valid(mapping))
      ) STRICT;
    `);
  },
};
