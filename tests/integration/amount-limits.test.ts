/**
 * Absurd amounts (issue 10, item 4), through the router on a real SQLite file: change above the
 * setting is refused; a quantity or a check total above its setting is taken only once the
 * cashier confirmed it (CONFIRM_REQUIRED, then the same request with `confirmed: true`).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cashierOnShift, cashierReady, loginAs, makeTill, type TestTill } from '../fixtures/core.js';

const MILK = '4810268001055'; // 2.89 a piece
const BANANAS_PLU = '4011'; // 4.49 per kg

let till: TestTill;
afterEach(() => till?.dispose());

async function shiftOpen(): Promise<void> {
  till = makeTill();
  await cashierOnShift(till);
}

describe('absurd amounts', () => {
  it('refuses change above 500.00 BYN: 99 999 999 tendered for a 2.89 check', async () => {
    await shiftOpen();
    const check = await till.ok('sale.addItem', { barcode: MILK });
    const before = till.fingerprint();
    const refused = await till.call('sale.pay', { payments: [{ form: 'cash', amount: 99_999_999 }] });
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { change: 99_999_999 - check.total, maxChange: 50_000 } } });
    if (!refused.ok)
      expect(refused.error.message).toBe(`Сдача ${((99_999_999 - check.total) / 100).toFixed(2)} больше допустимой (500.00): проверьте полученную сумму`);
    expect(till.fingerprint()).toBe(before);
    // Exactly the limit is fine.
    const paid = await till.ok('sale.pay', { payments: [{ form: 'cash', amount: check.total + 50_000 }] });
    expect(paid.change).toBe(50_000);
  });

  it('asks to confirm more than 100 pieces or 50 kg on a line, and takes it once confirmed', async () => {
    await shiftOpen();
    const before = till.fingerprint();
    const many = await till.call('sale.scan', { code: MILK, quantity: 101_000 });
    expect(many).toMatchObject({
      ok: false,
      error: { code: 'CONFIRM_REQUIRED', message: 'Количество 101 шт — больше 100 шт. Всё верно?', details: { quantity: 101_000, limit: 100_000 } },
    });
    const heavy = await till.call('sale.addItem', { plu: BANANAS_PLU, quantity: 50_001 });
    expect(heavy).toMatchObject({ ok: false, error: { code: 'CONFIRM_REQUIRED', details: { quantity: 50_001, limit: 50_000, unit: 'кг' } } });
    expect(till.fingerprint()).toBe(before);

    expect((await till.ok('sale.addItem', { plu: BANANAS_PLU, quantity: 50_000 })).lines).toHaveLength(1); // at the limit: no question
    const check = await till.ok('sale.scan', { code: MILK, quantity: 101_000, confirmed: true });
    expect(check.lines.map((l) => l.quantity)).toEqual([50_000, 101_000]);
    const line = check.lines[0]!;
    expect(await till.call('sale.setQuantity', { lineId: line.id, quantity: 60_000 })).toMatchObject({ ok: false, error: { code: 'CONFIRM_REQUIRED' } });
    expect((await till.ok('sale.setQuantity', { lineId: line.id, quantity: 60_000, confirmed: true })).lines[0]!.quantity).toBe(60_000);
  });

  it('asks to confirm a check above the setting before paying it', async () => {
    till = makeTill();
    await cashierReady(till);
    await loginAs(till, 'admin');
    const saved = await till.ok('settings.saveWorkflow', { amountLimits: { maxChange: 50_000, confirmCheckTotal: 500, confirmPieces: 100_000, confirmKg: 50_000 } });
    expect(saved.amountLimits.confirmCheckTotal).toBe(500);
    await loginAs(till, 'cashier');
    await till.ok('shift.open');
    await till.ok('sale.addItem', { barcode: MILK });
    const check = await till.ok('sale.addItem', { barcode: MILK });
    const before = till.fingerprint();
    const asked = await till.call('sale.pay', { payments: [{ form: 'cash', amount: check.total }] });
    expect(asked).toMatchObject({
      ok: false,
      error: { code: 'CONFIRM_REQUIRED', message: 'Сумма чека 5.78 — больше 5.00. Всё верно?', details: { total: 578, limit: 500 } },
    });
    expect(till.fingerprint()).toBe(before);
    const paid = await till.ok('sale.pay', { payments: [{ form: 'cash', amount: check.total }], confirmed: true });
    expect(paid.document.total).toBe(578);
  });
});
