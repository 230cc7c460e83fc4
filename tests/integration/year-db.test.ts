/**
 * The year generator (tests/fixtures/year-db.ts) at its small size: the mix a busy till makes,
 * the same rows for the same seed, X/Z figures the real shift code gives, and a till that goes
 * on selling after it through the router (numbering and shifts as the services left them).
 */
import { describe, expect, it } from 'vitest';
import { shiftFigures } from '../../main/services/shift-report.js';
import { adminReady, makeTill, type TestTill } from '../fixtures/core.js';
import { generateYearDb, GENERATED_CASHIER_PIN } from '../fixtures/year-db.js';

function digest(till: TestTill): string {
  const rows = till.ctx.db
    .prepare(
      `SELECT d.kind, d.created_at, d.total, d.change, d.cashier, d.refers_to_id, group_concat(l.item_id || ':' || l.quantity || ':' || l.amount || ':' || l.discount)
         FROM documents d LEFT JOIN document_lines l ON l.document_id = d.id GROUP BY d.id ORDER BY d.id`,
    )
    .raw()
    .all();
  return JSON.stringify(rows);
}

describe('year-db generator', () => {
  it('writes the mix of a busy till, the same for the same seed, with Z figures of the real shift code', async () => {
    using till = makeTill();
    await adminReady(till);
    const summary = generateYearDb(till.ctx.db, { size: 'small', seed: 11 });
    const db = till.ctx.db;
    expect(summary.days).toBe(9);
    expect(summary.shifts).toBe(18);
    expect(db.value<number>('SELECT count(*) FROM documents')).toBe(summary.documents);
    expect(summary.documents).toBeGreaterThan(700);
    expect(summary.lines / summary.documents).toBeGreaterThan(2);

    const count = (sql: string) => db.value<number>(sql)!;
    expect(count("SELECT count(*) FROM documents WHERE kind = 'return' AND refers_to_id IS NOT NULL")).toBeGreaterThan(0);
    expect(count("SELECT count(*) FROM documents WHERE kind = 'return' AND refers_to_id IS NULL")).toBeGreaterThanOrEqual(0);
    expect(count("SELECT count(*) FROM documents WHERE kind = 'annulment'")).toBeGreaterThan(0);
    expect(count("SELECT count(*) FROM documents WHERE kind = 'x_report'")).toBeGreaterThan(0);
    expect(count("SELECT count(*) FROM documents WHERE kind = 'z_report'")).toBe(18);
    expect(count("SELECT count(*) FROM documents WHERE kind = 'cash_out'")).toBeGreaterThan(0);
    expect(count('SELECT count(*) FROM (SELECT document_id FROM document_payments GROUP BY document_id HAVING count(*) > 1)')).toBeGreaterThan(0);
    expect(count("SELECT count(*) FROM document_payments WHERE form = 'card'")).toBeGreaterThan(0);
    expect(count("SELECT count(*) FROM document_payments WHERE form = 'oplati'")).toBeGreaterThan(0);
    expect(count("SELECT count(*) FROM document_lines WHERE unit = 'кг'")).toBeGreaterThan(0);
    expect(count('SELECT count(*) FROM document_lines WHERE discount > 0')).toBeGreaterThan(0);
    expect(count("SELECT count(*) FROM documents WHERE kind = 'sale' AND change > 0")).toBeGreaterThan(0);
    expect(count("SELECT count(DISTINCT user_id) FROM documents WHERE kind = 'sale'")).toBe(4);
    expect(count('SELECT count(*) FROM outbox WHERE delivered_at IS NULL')).toBe(0);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    // Ids and times go up together (reports read periods by either).
    expect(count('SELECT count(*) FROM documents a JOIN documents b ON b.id = a.id + 1 WHERE b.created_at < a.created_at')).toBe(0);

    // Each Z holds what the shift code computes from the shift's documents now (later returns of its checks change nothing).
    const zs = db.all<{ shift_id: number; number: number; report: string }>(
      "SELECT d.shift_id, s.number, d.report FROM documents d JOIN shifts s ON s.id = d.shift_id WHERE d.kind = 'z_report'",
    );
    for (const z of zs) {
      const stored = (JSON.parse(z.report) as { figures: unknown }).figures;
      // The Z is itself a document of its shift now: leave it out, as it was when it was made.
      const now = shiftFigures(till.ctx, { id: z.shift_id, number: z.number });
      expect({
        ...now,
        documentsCount: now.documentsCount - 1,
        lastDocument: now.lastDocument! - 1,
        byKind: now.byKind.filter((k) => k.kind !== 'z_report'),
      }).toEqual(stored);
    }

    using again = makeTill();
    await adminReady(again);
    generateYearDb(again.ctx.db, { size: 'small', seed: 11 });
    expect(digest(again)).toBe(digest(till));
    using other = makeTill();
    await adminReady(other);
    generateYearDb(other.ctx.db, { size: 'small', seed: 12 });
    expect(digest(other)).not.toBe(digest(till));
  });

  it('leaves a till the services go on with: a generated cashier logs in, sells on the open shift, takes an X', async () => {
    // The till's clock: the evening of the generated last day, its late shift still open.
    using till = makeTill({ clock: () => new Date(2025, 0, 9, 22, 30) });
    await adminReady(till);
    const summary = generateYearDb(till.ctx.db, { size: 'small', seed: 3, leaveLastShiftOpen: true });
    expect(summary.lastDay).toBe('2025-01-09');
    const shift = await till.ok('shift.current');
    expect(shift?.number).toBe(summary.shifts);
    const cashier = summary.cashiers[(summary.days * 2 - 1) % summary.cashiers.length]!;
    await till.call('auth.logout');
    await till.ok('auth.login', { login: cashier.login, password: GENERATED_CASHIER_PIN });
    const code = till.ctx.db.value<string>(
      "SELECT b.barcode FROM item_barcodes b JOIN items i ON i.id = b.item_id WHERE i.unit = 'шт' AND i.code LIKE 'G%' LIMIT 1",
    )!;
    const check = await till.ok('sale.addItem', { barcode: code });
    await till.ok('sale.pay', { payments: [{ form: 'card', amount: check.total }] });
    // The training СКО never saw the generated shifts and refuses the new sale; the till's own figures stand.
    expect(till.ctx.db.values('SELECT reject_code FROM outbox WHERE rejected_at IS NOT NULL')).toEqual(['SHIFT_NOT_OPEN']);
    const z = await till.ok('shift.xReport');
    expect(z.shiftNumber).toBe(summary.shifts);
    expect(z.salesCount).toBe(
      till.ctx.db.value<number>(
        "SELECT count(*) FROM documents d WHERE d.shift_id = (SELECT id FROM shifts WHERE number = ?) AND d.kind = 'sale' AND NOT EXISTS (SELECT 1 FROM documents a WHERE a.kind = 'annulment' AND a.refers_to_id = d.id)",
        summary.shifts,
      ),
    );
  });
});
