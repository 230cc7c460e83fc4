/**
 * Daily report aggregates (migration 018): what the period reports sum, kept per local day and
 * mode, so a year is a few hundred thousand rows instead of three million lines joined to their
 * documents. Kept in the document's own transaction (appendDocument: a sale or return adds, an
 * annulment takes its target off), taken off again when the cleanup removes documents, and
 * rebuildable from the documents at any time (`rebuildReportAggregates`, used by the migration
 * and by the test that compares them).
 *
 * What they answer (figures.ts decides): goods and sections without a cashier or payment-form
 * filter; payment forms with any filter; VAT rates, cashiers and hours without a payment-form
 * filter; all for whole days only. Everything else (a shift's `within` cut, goods by cashier, any
 * report filtered by payment form but the payments one) takes the exact path over the documents.
 *
 * A counted document is a sale or return that stands (no annulment refers to it), by the local
 * day and hour of its created_at and its own documents.training.
 */
import type Database from 'better-sqlite3';

import type { Db } from '../../db/queries.js';

type Raw = Database.Database;

/** The local day (YYYY-MM-DD) of a stored instant: the day localDayStart() cuts. */
export function dayOf(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** What one sale or return adds to the aggregates. */
export type Counted = {
  readonly kind: 'sale' | 'return';
  readonly createdAt: string;
  readonly training: number;
  readonly userId: number;
  readonly total: number;
  readonly change: number;
  readonly lines: readonly {
    readonly itemId: number | null;
    readonly section: number;
    readonly name: string;
    readonly unit: string;
    readonly quantity: number;
    readonly amount: number;
    readonly discount: number;
  }[];
  readonly payments: readonly { readonly form: string; readonly amount: number }[];
  readonly vat: readonly { readonly vatRate: number | null; readonly amount: number; readonly vat: number }[];
};

const UPSERT_GOODS = `
  INSERT INTO report_goods_daily (training, day, item_id, section, name, unit, sold_quantity, sold_amount, sold_discount, sold_lines,
                                  returned_quantity, returned_amount, returned_discount, returned_lines)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (training, day, item_id, section, name, unit) DO UPDATE SET
    sold_quantity = sold_quantity + excluded.sold_quantity, sold_amount = sold_amount + excluded.sold_amount,
    sold_discount = sold_discount + excluded.sold_discount, sold_lines = sold_lines + excluded.sold_lines,
    returned_quantity = returned_quantity + excluded.returned_quantity, returned_amount = returned_amount + excluded.returned_amount,
    returned_discount = returned_discount + excluded.returned_discount, returned_lines = returned_lines + excluded.returned_lines`;
const UPSERT_GOODS_MONTHLY = UPSERT_GOODS.replace('report_goods_daily', 'report_goods_monthly').replaceAll('training, day,', 'training, month,');
const UPSERT_PAYMENTS = `
  INSERT INTO report_payments_daily (training, day, user_id, form, sales, returns) VALUES (?, ?, ?, ?, ?, ?)
  ON CONFLICT (training, day, user_id, form) DO UPDATE SET sales = sales + excluded.sales, returns = returns + excluded.returns`;
const UPSERT_VAT = `
  INSERT INTO report_vat_daily (training, day, user_id, vat_rate, sales, sales_vat, returns, returns_vat) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (training, day, user_id, vat_rate) DO UPDATE SET
    sales = sales + excluded.sales, sales_vat = sales_vat + excluded.sales_vat, returns = returns + excluded.returns, returns_vat = returns_vat + excluded.returns_vat`;
const UPSERT_CHECKS = `
  INSERT INTO report_checks_hourly (training, day, user_id, hour, kind, count, total) VALUES (?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (training, day, user_id, hour, kind) DO UPDATE SET count = count + excluded.count, total = total + excluded.total`;

/** NULL (no VAT) is -1 in the keys: a NULL would never conflict. */
export const NO_VAT = -1;

/** Adds (sign 1) or takes off (sign −1) one document's share. Runs inside the caller's transaction. */
export function countDocument(db: Db, doc: Counted, sign: 1 | -1): void {
  // db.run keeps each statement prepared (main/db/queries.ts): no state of its own here.
  const day = dayOf(doc.createdAt);
  const sale = doc.kind === 'sale';
  // Lines of the same goods in one check: one row touched once.
  const goods = new Map<string, [number | null, number, string, string, number, number, number, number]>();
  for (const l of doc.lines) {
    const name = l.itemId === null ? l.name : '';
    const unit = l.itemId === null ? l.unit : '';
    const key = `${l.itemId}|${l.section}|${name}|${unit}`;
    const g = goods.get(key) ?? [l.itemId, l.section, name, unit, 0, 0, 0, 0];
    g[4] += l.quantity;
    g[5] += l.amount;
    g[6] += l.discount;
    g[7] += 1;
    goods.set(key, g);
  }
  for (const [item, section, name, unit, q, a, d, n] of goods.values()) {
    const v = [sign * q, sign * a, sign * d, sign * n];
    const sums = sale ? [...v, 0, 0, 0, 0] : [0, 0, 0, 0, ...v];
    db.run(UPSERT_GOODS, doc.training, day, item ?? 0, section, name, unit, ...sums);
    db.run(UPSERT_GOODS_MONTHLY, doc.training, day.slice(0, 7), item ?? 0, section, name, unit, ...sums);
  }
  const forms = new Map<string, [number, number]>();
  for (const p of doc.payments) {
    const f = forms.get(p.form) ?? [0, 0];
    f[sale ? 0 : 1] += p.amount;
    forms.set(p.form, f);
  }
  // Cash net of the change, on the sales side whatever the document (as the exact path counts it).
  if (doc.change !== 0) {
    const f = forms.get('cash') ?? [0, 0];
    f[0] -= doc.change;
    forms.set('cash', f);
  }
  for (const [form, [sales, returns]] of forms) db.run(UPSERT_PAYMENTS, doc.training, day, doc.userId, form, sign * sales, sign * returns);
  for (const v of doc.vat) {
    const rate = v.vatRate ?? NO_VAT;
    if (sale) db.run(UPSERT_VAT, doc.training, day, doc.userId, rate, sign * v.amount, sign * v.vat, 0, 0);
    else db.run(UPSERT_VAT, doc.training, day, doc.userId, rate, 0, 0, sign * v.amount, sign * v.vat);
  }
  db.run(UPSERT_CHECKS, doc.training, day, doc.userId, new Date(doc.createdAt).getHours(), doc.kind, sign, sign * doc.total);
}

/** A stored sale or return as the aggregates count it; undefined for any other document. */
export function countedOf(db: Db, id: number): Counted | undefined {
  const d = db.prepare('SELECT kind, created_at, training, user_id, total, change FROM documents WHERE id = ?').get(id) as
    { kind: string; created_at: string; training: number; user_id: number; total: number; change: number } | undefined;
  if (!d || (d.kind !== 'sale' && d.kind !== 'return')) return undefined;
  return {
    kind: d.kind,
    createdAt: d.created_at,
    training: d.training,
    userId: d.user_id,
    total: d.total,
    change: d.change,
    lines: db
      .prepare('SELECT item_id AS itemId, section, name, unit, quantity, amount, discount FROM document_lines WHERE document_id = ?')
      .all(id) as Counted['lines'],
    payments: db.prepare('SELECT form, amount FROM document_payments WHERE document_id = ?').all(id) as Counted['payments'],
    vat: db.prepare('SELECT vat_rate AS vatRate, amount, vat FROM document_vat WHERE document_id = ?').all(id) as Counted['vat'],
  };
}

/** An annulment was appended: what it annuls counts no more. */
export function countAnnulment(db: Db, targetId: number): void {
  const target = countedOf(db, targetId);
  if (target) countDocument(db, target, -1);
}

/**
 * The cleanup is about to delete these documents (newest first, in one transaction): take off what
 * they count. An annulment going first makes its target stand again (as a recount would say), the
 * target's own removal then takes it off.
 */
export function uncountDocuments(db: Db, ids: readonly number[]): void {
  const gone = new Set<number>();
  const annulmentOf = db.prepare("SELECT id FROM documents WHERE kind = 'annulment' AND refers_to_id = ?").pluck();
  for (const id of ids) {
    const doc = db.prepare('SELECT kind, refers_to_id FROM documents WHERE id = ?').get(id) as { kind: string; refers_to_id: number | null } | undefined;
    if (doc?.kind === 'sale' || doc?.kind === 'return') {
      const annulment = annulmentOf.get(id) as number | undefined;
      if (annulment === undefined || gone.has(annulment)) countDocument(db, countedOf(db, id)!, -1);
    } else if (doc?.kind === 'annulment' && doc.refers_to_id !== null && !gone.has(doc.refers_to_id)) {
      const target = countedOf(db, doc.refers_to_id);
      if (target) countDocument(db, target, 1);
    }
    gone.add(id);
  }
}

/** Every aggregate again from the documents (the migration's fill, a repair, the test's reference). Inside a transaction. */
export function rebuildReportAggregates(db: Raw): void {
  // The day and hour in JS: the same local time as dayOf() and localDayStart(), whatever SQLite's idea of it.
  db.function('kassa_local_day', { deterministic: true }, (iso: unknown) => dayOf(String(iso)));
  db.function('kassa_local_hour', { deterministic: true }, (iso: unknown) => new Date(String(iso)).getHours());
  db.exec(`
    DELETE FROM report_goods_daily;
    DELETE FROM report_goods_monthly;
    DELETE FROM report_payments_daily;
    DELETE FROM report_vat_daily;
    DELETE FROM report_checks_hourly;
    DROP TABLE IF EXISTS temp.report_counted;
    CREATE TEMP TABLE report_counted AS
      SELECT d.id, d.kind, d.training, d.user_id, d.total, d.change, kassa_local_day(d.created_at) AS day, kassa_local_hour(d.created_at) AS hour
        FROM documents d
       WHERE d.kind IN ('sale', 'return')
         AND d.id NOT IN (SELECT refers_to_id FROM documents WHERE kind = 'annulment' AND refers_to_id IS NOT NULL)
       ORDER BY d.id;

    INSERT INTO report_goods_daily (training, day, item_id, section, name, unit, sold_quantity, sold_amount, sold_discount, sold_lines,
                                    returned_quantity, returned_amount, returned_discount, returned_lines)
      SELECT c.training, c.day, coalesce(l.item_id, 0), l.section, iif(l.item_id IS NULL, l.name, ''), iif(l.item_id IS NULL, l.unit, ''),
             sum(iif(c.kind = 'sale', l.quantity, 0)), sum(iif(c.kind = 'sale', l.amount, 0)), sum(iif(c.kind = 'sale', l.discount, 0)), sum(c.kind = 'sale'),
             sum(iif(c.kind = 'return', l.quantity, 0)), sum(iif(c.kind = 'return', l.amount, 0)), sum(iif(c.kind = 'return', l.discount, 0)), sum(c.kind = 'return')
        FROM report_counted c JOIN document_lines l ON l.document_id = c.id
       GROUP BY 1, 2, 3, 4, 5, 6;

    INSERT INTO report_goods_monthly (training, month, item_id, section, name, unit, sold_quantity, sold_amount, sold_discount, sold_lines,
                                      returned_quantity, returned_amount, returned_discount, returned_lines)
      SELECT training, substr(day, 1, 7), item_id, section, name, unit, sum(sold_quantity), sum(sold_amount), sum(sold_discount), sum(sold_lines),
             sum(returned_quantity), sum(returned_amount), sum(returned_discount), sum(returned_lines)
        FROM report_goods_daily GROUP BY 1, 2, 3, 4, 5, 6;

    INSERT INTO report_payments_daily (training, day, user_id, form, sales, returns)
      SELECT c.training, c.day, c.user_id, p.form, sum(iif(c.kind = 'sale', p.amount, 0)), sum(iif(c.kind = 'return', p.amount, 0))
        FROM report_counted c JOIN document_payments p ON p.document_id = c.id
       GROUP BY 1, 2, 3, 4;
    INSERT INTO report_payments_daily (training, day, user_id, form, sales, returns)
      SELECT c.training, c.day, c.user_id, 'cash', -sum(c.change), 0 FROM report_counted c WHERE c.change <> 0 GROUP BY 1, 2, 3
      ON CONFLICT (training, day, user_id, form) DO UPDATE SET sales = sales + excluded.sales;

    INSERT INTO report_vat_daily (training, day, user_id, vat_rate, sales, sales_vat, returns, returns_vat)
      SELECT c.training, c.day, c.user_id, coalesce(v.vat_rate, ${NO_VAT}),
             sum(iif(c.kind = 'sale', v.amount, 0)), sum(iif(c.kind = 'sale', v.vat, 0)), sum(iif(c.kind = 'return', v.amount, 0)), sum(iif(c.kind = 'return', v.vat, 0))
        FROM report_counted c JOIN document_vat v ON v.document_id = c.id
       GROUP BY 1, 2, 3, 4;

    INSERT INTO report_checks_hourly (training, day, user_id, hour, kind, count, total)
      SELECT training, day, user_id, hour, kind, count(*), sum(total) FROM report_counted GROUP BY 1, 2, 3, 4, 5;

    DROP TABLE temp.report_counted;
  `);
}
