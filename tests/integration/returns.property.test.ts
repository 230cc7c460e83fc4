/**
 * Returns never exceed sales, through the real services (fast-check over the router, a real SQLite
 * file): any mix of itemized, whole and unitemized returns against a sale of goods at several VAT
 * rates, paid in cash and by card, keeps every VAT rate, every line, every payment form and the
 * check total within what was sold — whatever is accepted and whatever is refused.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cashierReady, makeTill, type TestTill } from '../fixtures/core.js';

type Op = { kind: 'lines'; picks: { line: number; quantity: number }[] } | { kind: 'whole' } | { kind: 'unitemized'; amount: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('lines' as const),
    picks: fc.array(fc.record({ line: fc.nat(5), quantity: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 3 }),
  }),
  fc.constant({ kind: 'whole' as const }),
  fc.record({ kind: fc.constant('unitemized' as const), amount: fc.integer({ min: 1, max: 3_000 }) }),
);

describe('returns against one sale, in any order and mix', () => {
  let till: TestTill;
  let pieceItems: { barcode: string; vatRate: number | null }[];

  beforeAll(async () => {
    till = makeTill();
    await cashierReady(till);
    await till.ok('shift.open');
    await till.ok('cash.in', { amount: 1_000_000 }); // the drawer can always pay a cash refund
    pieceItems = till.ctx.db
      .prepare(
        `SELECT min(b.barcode) AS barcode, i.vat_rate AS vatRate FROM items i JOIN item_barcodes b ON b.item_id = i.id
         WHERE i.unit = 'шт' AND i.marked = 0 GROUP BY i.id ORDER BY i.vat_rate, i.id`,
      )
      .all() as { barcode: string; vatRate: number | null }[];
    expect(new Set(pieceItems.map((i) => i.vatRate)).size).toBeGreaterThanOrEqual(2);
  });
  afterAll(() => till.dispose());

  const sums = (sql: string, ...args: unknown[]) => new Map((till.ctx.db.prepare(sql).all(...args) as { k: string; v: number }[]).map((r) => [String(r.k), r.v]));

  it('keeps each VAT rate, line, payment form and the total within the sale', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ item: fc.nat(), quantity: fc.integer({ min: 1, max: 4 }) }), { minLength: 2, maxLength: 6 }),
        fc.nat(100),
        fc.array(op, { minLength: 1, maxLength: 6 }),
        async (lines, cardShare, ops) => {
          for (const l of lines) {
            const item = pieceItems[l.item % pieceItems.length]!;
            await till.ok('sale.addItem', { barcode: item.barcode, quantity: l.quantity * 1000 });
          }
          const check = await till.ok('sale.current');
          const card = Math.floor((check.total * cardShare) / 100);
          const payments = [
            ...(card > 0 ? [{ form: 'card' as const, amount: card }] : []),
            ...(check.total - card > 0 ? [{ form: 'cash' as const, amount: check.total - card }] : []),
          ];
          const sale = (await till.ok('sale.pay', { payments })).document;
          const saleLines = (await till.ok('documents.get', { id: sale.id })).lines;

          for (const o of ops) {
            if (o.kind === 'whole') await till.call('returns.byCheck', { documentId: sale.id });
            else if (o.kind === 'unitemized') await till.call('returns.free', { documentId: sale.id, amount: o.amount });
            else {
              const picks = new Map<number, number>();
              for (const p of o.picks) picks.set((p.line % saleLines.length) + 1, p.quantity * 1000);
              await till.call('returns.byCheck', { documentId: sale.id, lines: [...picks].map(([lineNo, quantity]) => ({ lineNo, quantity })) });
            }

            const returnsOf = `FROM documents r JOIN document_lines l ON l.document_id = r.id WHERE r.kind = 'return' AND r.refers_to_id = ?`;
            const soldByRate = sums(`SELECT coalesce(vat_rate, 'none') AS k, sum(amount) AS v FROM document_lines WHERE document_id = ? GROUP BY k`, sale.id);
            const backByRate = sums(`SELECT coalesce(l.vat_rate, 'none') AS k, sum(l.amount) AS v ${returnsOf} GROUP BY k`, sale.id);
            for (const [rate, back] of backByRate) expect(back, `VAT rate ${rate}`).toBeLessThanOrEqual(soldByRate.get(rate) ?? 0);

            const backByLine = sums(`SELECT l.origin_line_id AS k, sum(l.quantity) AS v ${returnsOf} AND l.origin_line_id IS NOT NULL GROUP BY k`, sale.id);
            const sold = till.ctx.db.prepare('SELECT id, quantity FROM document_lines WHERE document_id = ?').all(sale.id) as { id: number; quantity: number }[];
            for (const l of sold) expect(backByLine.get(String(l.id)) ?? 0).toBeLessThanOrEqual(l.quantity);

            const detail = await till.ok('documents.get', { id: sale.id });
            for (const l of detail.lines) expect(l.returnedAmount, `line ${l.lineNo}`).toBeLessThanOrEqual(l.amount);

            const paid = sums(`SELECT form AS k, sum(amount) AS v FROM document_payments WHERE document_id = ? GROUP BY form`, sale.id);
            const change = till.ctx.db.prepare('SELECT change FROM documents WHERE id = ?').pluck().get(sale.id) as number;
            const refunded = sums(
              `SELECT p.form AS k, sum(p.amount) AS v FROM documents r JOIN document_payments p ON p.document_id = r.id WHERE r.kind = 'return' AND r.refers_to_id = ? GROUP BY p.form`,
              sale.id,
            );
            for (const [form, back] of refunded) expect(back, form).toBeLessThanOrEqual((paid.get(form) ?? 0) - (form === 'cash' ? change : 0));
            const total = till.ctx.db
              .prepare(`SELECT coalesce(sum(total), 0) FROM documents WHERE kind = 'return' AND refers_to_id = ?`)
              .pluck()
              .get(sale.id) as number;
            expect(total).toBeLessThanOrEqual(sale.total);
          }
        },
      ),
      { numRuns: 40, seed: 20261201 },
    );
  }, 120_000);

  it('gives nothing twice when an unitemized return came first: the line left gives only what is left of its rate', async () => {
    const [ten, twenty] = [pieceItems.find((i) => i.vatRate === 1000)!, pieceItems.find((i) => i.vatRate === 2000)!];
    await till.ok('sale.addItem', { barcode: ten.barcode });
    const check = await till.ok('sale.addItem', { barcode: twenty.barcode });
    const sale = (await till.ok('sale.pay', { payments: [{ form: 'cash', amount: check.total }] })).document;
    const [l1, l2] = check.lines;
    // Most of the check back without itemization, then line 2 whole: only what is left of it.
    const free = await till.ok('returns.free', { documentId: sale.id, amount: check.total - 10 });
    const freeTwenty = (await till.ok('documents.get', { id: free.document.id })).lines.filter((l) => l.vatRate === 2000).reduce((s, l) => s + l.amount, 0);
    const res = await till.call('returns.byCheck', { documentId: sale.id, lines: [{ lineNo: 2, quantity: 1000 }] });
    if (res.ok) {
      expect(res.value.document.total).toBe(l2!.amount - freeTwenty);
    } else {
      expect(l2!.amount - freeTwenty).toBe(0);
      expect(res.error.message).toMatch(/без детализации/);
    }
    expect(l1).toBeDefined();
  });
});
