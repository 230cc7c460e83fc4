/**
 * The daily report aggregates (migration 018) kept by appendDocument and the cleanup equal a
 * rebuild from the documents, after random sales, returns, annulments and a cleanup, on a real
 * SQLite file with a generated stretch of a busy till.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { PaymentForm, User, VatRate } from '../../preload/contract/index.js';
import { appendDocument, type NewLine } from '../../main/services/documents.js';
import { cleanupJob, cleanupPlan } from '../../main/services/maintenance/cleanup.js';
import { rebuildReportAggregates } from '../../main/services/reports/aggregates.js';
import { goodsReport, paymentsReport } from '../../main/services/reports/figures.js';
import { adminReady, makeTill, type TestTill } from '../fixtures/core.js';
import { generateYearDb, type YearDbSummary } from '../fixtures/year-db.js';

const TABLES = ['report_goods_daily', 'report_goods_monthly', 'report_payments_daily', 'report_vat_daily', 'report_checks_hourly'];

/** Every aggregate row that counts something (a row taken down to zero is as good as none). */
function snapshot(till: TestTill): Record<string, unknown[]> {
  return Object.fromEntries(
    TABLES.map((t) => {
      const rows = till.ctx.db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3, 4, 5`).all() as Record<string, unknown>[];
      const numbers = (r: Record<string, unknown>) =>
        Object.entries(r).filter(
          ([k]) => !['training', 'day', 'user_id', 'item_id', 'section', 'name', 'unit', 'month', 'form', 'vat_rate', 'hour', 'kind'].includes(k),
        );
      return [t, rows.filter((r) => numbers(r).some(([, v]) => v !== 0))];
    }),
  );
}

function rngOf(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('report aggregates', () => {
  let now = new Date(2025, 0, 5, 10, 0);
  let till: TestTill;
  let year: YearDbSummary;

  beforeAll(async () => {
    till = makeTill({ clock: () => now });
    await adminReady(till);
    year = generateYearDb(till.ctx.db, { size: 'small', seed: 11 });
    return () => till.dispose();
  });

  it('equal a rebuild from the documents after random sales, returns, annulments and a cleanup', () => {
    const db = till.ctx.db;
    const rebuilt = () => {
      db.transaction(() => rebuildReportAggregates(db))();
      return snapshot(till);
    };
    const before = snapshot(till);
    expect(before.report_goods_daily!.length).toBeGreaterThan(50);
    expect(rebuilt()).toEqual(before);

    const rnd = rngOf(42);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const items = db.all<{ id: number; name: string; price: number; vat_rate: VatRate; section: number; unit: string }>(
      'SELECT id, name, price, vat_rate, section, unit FROM items LIMIT 40',
    );
    const shifts = db.all<{ id: number; number: number; opened_at: string }>('SELECT id, number, opened_at FROM shifts ORDER BY id');
    const cashier = year.cashiers[0]!;
    const user = { id: cashier.id, login: cashier.login, name: cashier.name, cashierId: cashier.cashierId, role: 'cashier' } as unknown as User;
    const counts = { sale: 0, return: 0, annulment: 0 };
    for (let i = 0; i < 120; i++) {
      const shift = pick(shifts);
      // Into the shift's day, at some hour: the aggregates key by the document's own local day and hour.
      now = new Date(new Date(shift.opened_at).getTime() + Math.floor(rnd() * 10 * 3600_000));
      const r = rnd();
      db.transaction(() => {
        if (r < 0.6) {
          const lines: NewLine[] = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => {
            const item = pick(items);
            const quantity = 1 + Math.floor(rnd() * 3);
            const withItem = rnd() < 0.85;
            return {
              itemId: withItem ? item.id : null,
              name: withItem ? item.name : `Секция ${item.section}`,
              barcode: null,
              quantity: quantity * 1000,
              unit: item.unit,
              price: item.price,
              amount: item.price * quantity,
              vatRate: item.vat_rate,
              section: item.section,
              discount: rnd() < 0.3 ? 5 : 0,
            };
          });
          const total = lines.reduce((s, l) => s + l.amount, 0);
          const form: PaymentForm = pick(['cash', 'card', 'oplati'] as const);
          const paid = form === 'cash' ? total + 100 : total;
          appendDocument(till.ctx, { kind: 'sale', shift, user, total, change: paid - total, lines, payments: [{ form, amount: paid }] });
          counts.sale++;
        } else if (r < 0.8) {
          const sale = db.one<{ id: number }>("SELECT id FROM documents WHERE kind = 'sale' AND shift_id = ? ORDER BY random() LIMIT 1", shift.id)!;
          const line = db.one<NewLine & { id: number; vat_rate: VatRate; item_id: number | null }>(
            'SELECT id, item_id, name, quantity, unit, price, amount, vat_rate, section FROM document_lines WHERE document_id = ? LIMIT 1',
            sale.id,
          )!;
          const back: NewLine = { ...line, itemId: line.item_id, vatRate: line.vat_rate, barcode: null, originLineId: line.id };
          appendDocument(till.ctx, {
            kind: 'return',
            shift,
            user,
            total: line.amount,
            lines: [back],
            payments: [{ form: 'cash', amount: line.amount }],
            refersToId: sale.id,
          });
          counts.return++;
        } else {
          const target = db.one<{ id: number; total: number }>(
            `SELECT id, total FROM documents d WHERE kind IN ('sale', 'return') AND shift_id = ?
                AND NOT EXISTS (SELECT 1 FROM documents a WHERE a.kind = 'annulment' AND a.refers_to_id = d.id) ORDER BY random() LIMIT 1`,
            shift.id,
          )!;
          appendDocument(till.ctx, { kind: 'annulment', shift, user, total: target.total, refersToId: target.id, reason: 'ошибка' });
          counts.annulment++;
        }
      })();
    }
    // The СКО accepted them all (the cleanup takes only accepted shifts).
    db.run(
      `INSERT INTO fiscal_answers (document_id, sko_doc_id, accepted_at, verify_url, signature)
         SELECT id, 'test-' || id, created_at, 'https://verify.test/' || id, 'sig' FROM documents d WHERE NOT EXISTS (SELECT 1 FROM fiscal_answers f WHERE f.document_id = d.id)`,
    );
    db.run('UPDATE outbox SET delivered_at = created_at WHERE delivered_at IS NULL');
    expect(counts.sale).toBeGreaterThan(40);
    expect(counts.return).toBeGreaterThan(10);
    expect(counts.annulment).toBeGreaterThan(10);
    const kept = snapshot(till);
    expect(kept).not.toEqual(before);
    expect(rebuilt()).toEqual(kept);

    // The cleanup takes the first days off: what they counted goes with them.
    const upTo = '2025-01-05';
    const plan = cleanupPlan(db, upTo);
    expect(plan.shifts).toBeGreaterThan(0);
    // Steps past their time (none has any), and a sale waits for the lock at every other ask: each step ends after a part of its documents, and
    // what each part takes off the aggregates still adds up (an annulment and its target in different parts).
    let asked = 0;
    const removed: number[] = [0];
    const saleWaits = { chunkMs: () => 0, pause: () => {}, tillWaits: () => asked++ % 2 === 1 };
    cleanupJob(
      { db, progress: (done, _total, phase) => void (phase === 'Удаление документов' && removed.push(done)), startedAt: new Date().toISOString() },
      { upTo, expectShifts: plan.shifts, userId: null },
      saleWaits,
    );
    const steps = removed.slice(1).map((d, i) => d - removed[i]!);
    expect(Math.max(...steps)).toBeLessThanOrEqual(2 * 8);
    expect(steps.filter((n) => n > 0).length).toBeGreaterThanOrEqual(Math.ceil(plan.documents / 16));
    const cleaned = snapshot(till);
    expect(cleaned.report_checks_hourly!.some((r) => String((r as { day: string }).day) <= upTo)).toBe(false);
    expect(rebuilt()).toEqual(cleaned);

    // And the reports read them: the year's goods equal their payments (net of returns).
    const period = { from: year.firstDay, to: year.lastDay };
    const goods = goodsReport(db, { period, filter: {} });
    const payments = paymentsReport(db, { period, filter: {} });
    expect(goods.totals.net).toBe(payments.totals.amount);
  });
});
