/**
 * Fiscal records are append-only, and the database itself says no (ARCHITECTURE.md, "Data"):
 * whatever code runs against the file, a sale, its lines, payments, the СКО's answer and the
 * audit trail cannot be changed or removed, and a shift can only be closed, once.
 *
 * The rows are written with raw SQL (tests/fixtures/shop-v1.ts): the services that write them
 * were being built at the same time, and the triggers under test must hold whoever writes.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../main/db/database.js';
import { addAudit, addDocument, AT, closeShift, openShift, seedShopV1, type ShopV1 } from '../fixtures/shop-v1.js';
import { useTempDir } from '../fixtures/temp-dir.js';

const tmp = useTempDir('kassa-fiscal-');
let db: Db;
let shop: ShopV1;

beforeEach(() => {
  db = openDatabase(path.join(tmp.dir(), 'kassa.sqlite'));
  shop = seedShopV1(db);
});

afterEach(() => {
  db.close();
});

type Guarded = {
  readonly table: string;
  readonly key: string;
  readonly id: () => number;
  /** A column someone might want to "correct", and the forged value. */
  readonly column: string;
  readonly forged: string | number;
};

const GUARDED: readonly Guarded[] = [
  { table: 'documents', key: 'id', id: () => shop.saleId, column: 'total', forged: 1 },
  { table: 'document_lines', key: 'id', id: () => shop.lineIds[1]!, column: 'amount', forged: 1 },
  { table: 'document_payments', key: 'id', id: () => shop.paymentId, column: 'amount', forged: 1 },
  { table: 'fiscal_answers', key: 'document_id', id: () => shop.saleId, column: 'sko_doc_id', forged: 'T-FORGED' },
  { table: 'audit_log', key: 'id', id: () => shop.auditId, column: 'action', forged: 'nothing.happened' },
];

function rowOf(table: string, key: string, id: number): unknown {
  return db.prepare(`SELECT * FROM ${table} WHERE ${key} = ?`).get(id);
}

function columnsOf(table: string): string[] {
  return (db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name);
}

describe.each(GUARDED)('$table', ({ table, key, id, column, forged }) => {
  it('refuses an UPDATE and keeps the row as written', () => {
    const before = rowOf(table, key, id());
    expect(before).toBeDefined();
    expect(() => db.prepare(`UPDATE ${table} SET ${column} = ? WHERE ${key} = ?`).run(forged, id())).toThrow(`${table}: fiscal records are append-only`);
    expect(rowOf(table, key, id())).toEqual(before);
  });

  it('refuses a DELETE, of one row or of all', () => {
    const rows = db.prepare(`SELECT count(*) AS n FROM ${table}`).get();
    expect(() => db.prepare(`DELETE FROM ${table} WHERE ${key} = ?`).run(id())).toThrow(`${table}: fiscal records are append-only`);
    expect(() => db.exec(`DELETE FROM ${table}`)).toThrow(`${table}: fiscal records are append-only`);
    expect(db.prepare(`SELECT count(*) AS n FROM ${table}`).get()).toEqual(rows);
  });

  it('refuses INSERT OR REPLACE over an existing row (a delete in disguise)', () => {
    const before = rowOf(table, key, id());
    const columns = columnsOf(table);
    const values = columns.map((c) => (c === column ? '?' : c)).join(', ');
    expect(() => db.prepare(`INSERT OR REPLACE INTO ${table} (${columns.join(', ')}) SELECT ${values} FROM ${table} WHERE ${key} = ?`).run(forged, id())).toThrow(
      `${table}: fiscal records are append-only`,
    );
    expect(rowOf(table, key, id())).toEqual(before);
  });
});

describe('appending', () => {
  it('still lets the till write new documents and audit entries', () => {
    const docs = db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number };
    addDocument(db, { shiftId: shop.shiftId, numberInShift: 3, kind: 'x_report', userId: shop.cashierId, total: 0 });
    addAudit(db, shop.cashierId, 'shift.xReport');
    expect(db.prepare('SELECT count(*) AS n FROM documents').get()).toEqual({ n: docs.n + 1 });
  });

  it('lets the sender mark an outbox row delivered: the outbox is not a fiscal record', () => {
    db.prepare('UPDATE outbox SET attempts = attempts + 1, delivered_at = ? WHERE id = ?').run(AT, shop.outboxId);
    expect(db.prepare('SELECT attempts, delivered_at FROM outbox WHERE id = ?').get(shop.outboxId)).toEqual({ attempts: 1, delivered_at: AT });
  });

  it('refuses a second document with the same idempotency key, so the СКО never gets it twice', () => {
    const key = (db.prepare('SELECT idempotency_key AS k FROM documents WHERE id = ?').get(shop.saleId) as { k: string }).k;
    expect(() =>
      db
        .prepare(
          `INSERT INTO documents (shift_id, number_in_shift, kind, created_at, user_id, cashier, total, idempotency_key, training)
           VALUES (?, 99, 'sale', ?, ?, 'Кассир', 500, ?, 1)`,
        )
        .run(shop.shiftId, AT, shop.cashierId, key),
    ).toThrow(/UNIQUE constraint failed: documents.idempotency_key/);
  });
});

describe('shifts', () => {
  const shiftRow = (id: number) => db.prepare('SELECT number, opened_at, opened_by, closed_at, closed_by FROM shifts WHERE id = ?').get(id);

  it('closes an open shift once', () => {
    closeShift(db, shop.shiftId, shop.cashierId, '2026-03-14T21:00:00.000Z');
    expect(shiftRow(shop.shiftId)).toMatchObject({ closed_at: '2026-03-14T21:00:00.000Z', closed_by: shop.cashierId });
  });

  it('refuses to close a closed shift again, at another time or by another user', () => {
    closeShift(db, shop.shiftId, shop.cashierId, '2026-03-14T21:00:00.000Z');
    expect(() => closeShift(db, shop.shiftId, shop.cashierId, '2026-03-15T08:00:00.000Z')).toThrow('shifts: only closing an open shift is allowed');
    expect(() => db.prepare('UPDATE shifts SET closed_by = ? WHERE id = ?').run(shop.adminId, shop.shiftId)).toThrow(
      'shifts: only closing an open shift is allowed',
    );
    expect(shiftRow(shop.shiftId)).toMatchObject({ closed_at: '2026-03-14T21:00:00.000Z', closed_by: shop.cashierId });
  });

  it('refuses to reopen a closed shift', () => {
    closeShift(db, shop.shiftId, shop.cashierId);
    expect(() => db.prepare('UPDATE shifts SET closed_at = NULL, closed_by = NULL WHERE id = ?').run(shop.shiftId)).toThrow(
      'shifts: only closing an open shift is allowed',
    );
  });

  it('refuses to renumber a shift, open or closed', () => {
    expect(() => db.prepare('UPDATE shifts SET number = 7 WHERE id = ?').run(shop.shiftId)).toThrow('shifts: only closing an open shift is allowed');
    closeShift(db, shop.shiftId, shop.cashierId);
    expect(() => db.prepare('UPDATE shifts SET number = 7 WHERE id = ?').run(shop.shiftId)).toThrow('shifts: only closing an open shift is allowed');
    expect(shiftRow(shop.shiftId)).toMatchObject({ number: 1 });
  });

  it('refuses to move the opening time or change who opened it', () => {
    expect(() => db.prepare("UPDATE shifts SET opened_at = '2026-03-13T09:00:00.000Z' WHERE id = ?").run(shop.shiftId)).toThrow(
      'shifts: only closing an open shift is allowed',
    );
    expect(() => db.prepare('UPDATE shifts SET opened_by = ? WHERE id = ?').run(shop.adminId, shop.shiftId)).toThrow(
      'shifts: only closing an open shift is allowed',
    );
  });

  it('refuses to delete a shift', () => {
    closeShift(db, shop.shiftId, shop.cashierId);
    expect(() => db.prepare('DELETE FROM shifts WHERE id = ?').run(shop.shiftId)).toThrow('shifts: fiscal records are append-only');
    expect(shiftRow(shop.shiftId)).toBeDefined();
  });

  it('keeps only one shift open at a time', () => {
    expect(() => openShift(db, 2, shop.cashierId)).toThrow(/UNIQUE constraint failed/);
    closeShift(db, shop.shiftId, shop.cashierId);
    const second = openShift(db, 2, shop.cashierId);
    expect(() => openShift(db, 3, shop.cashierId)).toThrow(/UNIQUE constraint failed/);
    closeShift(db, second, shop.cashierId);
    openShift(db, 3, shop.cashierId);
    expect(db.prepare('SELECT number FROM shifts WHERE closed_at IS NULL').all()).toEqual([{ number: 3 }]);
  });

  it('does not let INSERT OR REPLACE push the open shift out to open another', () => {
    closeShift(db, shop.shiftId, shop.cashierId);
    const open = openShift(db, 2, shop.cashierId); // no documents yet, so no foreign key holds it
    expect(() => db.prepare('INSERT OR REPLACE INTO shifts (number, opened_at, opened_by) VALUES (3, ?, ?)').run(AT, shop.cashierId)).toThrow(
      'shifts: fiscal records are append-only',
    );
    expect(db.prepare('SELECT id, number FROM shifts WHERE closed_at IS NULL').all()).toEqual([{ id: open, number: 2 }]);
  });
});
