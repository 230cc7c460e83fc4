import { rebuildReportAggregates } from '../../services/reports/aggregates.js';
import type { Migration } from './migration.js';

/**
 * Daily report aggregates (issue 12, services/reports/aggregates.ts): per local day and mode, by
 * goods, by payment form and cashier, by VAT rate and cashier, by hour, cashier and kind. Kept in
 * the document's transaction; filled here from the documents already stored.
 */
export const m018ReportAggregates: Migration = {
  version: 18,
  name: '018-report-aggregates',
  up(db) {
    db.exec(`
      -- item_id 0: a line without an item (a section amount), told apart by its name and unit; '' for goods.
      CREATE TABLE report_goods_daily (
        training           INTEGER NOT NULL,
        day                TEXT NOT NULL,
        item_id            INTEGER NOT NULL,
        section            INTEGER NOT NULL,
        name               TEXT NOT NULL,
        unit               TEXT NOT NULL,
        sold_quantity      INTEGER NOT NULL,
        sold_amount        INTEGER NOT NULL,
        sold_discount      INTEGER NOT NULL,
        sold_lines         INTEGER NOT NULL,
        returned_quantity  INTEGER NOT NULL,
        returned_amount    INTEGER NOT NULL,
        returned_discount  INTEGER NOT NULL,
        returned_lines     INTEGER NOT NULL,
        PRIMARY KEY (training, day, item_id, section, name, unit)
      ) STRICT, WITHOUT ROWID;
      -- The same by calendar month (YYYY-MM): a year is twelve months of goods, not 365 days of them.
      CREATE TABLE report_goods_monthly (
        training           INTEGER NOT NULL,
        month              TEXT NOT NULL,
        item_id            INTEGER NOT NULL,
        section            INTEGER NOT NULL,
        name               TEXT NOT NULL,
        unit               TEXT NOT NULL,
        sold_quantity      INTEGER NOT NULL,
        sold_amount        INTEGER NOT NULL,
        sold_discount      INTEGER NOT NULL,
        sold_lines         INTEGER NOT NULL,
        returned_quantity  INTEGER NOT NULL,
        returned_amount    INTEGER NOT NULL,
        returned_discount  INTEGER NOT NULL,
        returned_lines     INTEGER NOT NULL,
        PRIMARY KEY (training, month, item_id, section, name, unit)
      ) STRICT, WITHOUT ROWID;
      -- Cash is net of the change.
      CREATE TABLE report_payments_daily (
        training  INTEGER NOT NULL,
        day       TEXT NOT NULL,
        user_id   INTEGER NOT NULL,
        form      TEXT NOT NULL,
        sales     INTEGER NOT NULL,
        returns   INTEGER NOT NULL,
        PRIMARY KEY (training, day, user_id, form)
      ) STRICT, WITHOUT ROWID;
      -- vat_rate -1: without VAT.
      CREATE TABLE report_vat_daily (
        training     INTEGER NOT NULL,
        day          TEXT NOT NULL,
        user_id      INTEGER NOT NULL,
        vat_rate     INTEGER NOT NULL,
        sales        INTEGER NOT NULL,
        sales_vat    INTEGER NOT NULL,
        returns      INTEGER NOT NULL,
        returns_vat  INTEGER NOT NULL,
        PRIMARY KEY (training, day, user_id, vat_rate)
      ) STRICT, WITHOUT ROWID;
      -- hour: the local hour of the document's time.
      CREATE TABLE report_checks_hourly (
        training  INTEGER NOT NULL,
        day       TEXT NOT NULL,
        user_id   INTEGER NOT NULL,
        hour      INTEGER NOT NULL,
        kind      TEXT NOT NULL CHECK (kind IN ('sale', 'return')),
        count     INTEGER NOT NULL,
        total     INTEGER NOT NULL,
        PRIMARY KEY (training, day, user_id, hour, kind)
      ) STRICT, WITHOUT ROWID;
    `);
    const t0 = Date.now();
    rebuildReportAggregates(db);
    const documents = (db.prepare('SELECT count(*) FROM documents').pluck().get() as number) ?? 0;
    // The fill of a busy year takes a while: said where the bench (and a developer) can see it.
    if (documents > 100_000) console.error(`migration 018: report aggregates filled from ${documents} documents in ${Date.now() - t0} ms`);
  },
};
