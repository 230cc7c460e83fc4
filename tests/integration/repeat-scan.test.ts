/**
 * The same piece item scanned twice raises its line's quantity (issue 10, item 9): a workflow
 * setting, on by default; weighed and marked goods, and a line with its own discount, stay apart.
 * Through the router on a real SQLite file.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { GS } from '../../common/marking.js';
import { cashierOnShift, cashierReady, loginAs, makeTill, type TestTill } from '../fixtures/core.js';

const MILK = '4810268001055'; // 2.89 a piece
const WATER = '4810076000110';
const BANANAS_PLU = '4011'; // weighed
const SNEAKERS = '4810203007012'; // marked
const mark = (serial: string) => `]d2010${SNEAKERS}21${serial}${GS}93dGVzdA`;

let till: TestTill;
afterEach(() => till?.dispose());

async function shiftOpen(): Promise<void> {
  till = makeTill();
  await cashierOnShift(till);
}

describe('a repeated scan', () => {
  it('raises the quantity of the piece item already on the check', async () => {
    await shiftOpen();
    await till.ok('sale.scan', { code: MILK });
    await till.ok('sale.scan', { code: WATER });
    const check = await till.ok('sale.scan', { code: MILK });
    expect(check.lines.map((l) => [l.barcode, l.quantity])).toEqual([
      [MILK, 2000],
      [WATER, 1000],
    ]);
    expect(check.lines[0]!.amount).toBe(578);
    // A typed quantity adds to it too, and the usual-quantity question counts the line's total.
    expect((await till.ok('sale.addItem', { barcode: MILK, quantity: 3000 })).lines[0]!.quantity).toBe(5000);
    expect(await till.call('sale.scan', { code: MILK, quantity: 96_000 })).toMatchObject({
      ok: false,
      error: { code: 'CONFIRM_REQUIRED', details: { quantity: 101_000 } },
    });
    expect((await till.ok('sale.scan', { code: MILK, quantity: 96_000, confirmed: true })).lines[0]!.quantity).toBe(101_000);
  });

  it('keeps weighed goods, marked goods and a discounted line apart', async () => {
    await shiftOpen();
    await till.ok('sale.addItem', { plu: BANANAS_PLU, quantity: 500 });
    let check = await till.ok('sale.addItem', { plu: BANANAS_PLU, quantity: 700 });
    expect(check.lines.map((l) => l.quantity)).toEqual([500, 700]);
    await till.ok('sale.addItem', { barcode: SNEAKERS, markCode: mark('SN0001') });
    check = await till.ok('sale.addItem', { barcode: SNEAKERS, markCode: mark('SN0002') });
    expect(check.lines.filter((l) => l.markCode !== null)).toHaveLength(2);
    const milk = (await till.ok('sale.scan', { code: MILK })).lines.at(-1)!;
    await till.ok('sale.lineDiscount', { lineId: milk.id, adjustment: { kind: 'discount', by: 'percent', value: 1000 } });
    check = await till.ok('sale.scan', { code: MILK });
    expect(check.lines.filter((l) => l.barcode === MILK).map((l) => l.quantity)).toEqual([1000, 1000]);
  });

  it('adds a new line when the admin turned the setting off', async () => {
    till = makeTill();
    await cashierReady(till);
    await loginAs(till, 'admin');
    expect((await till.ok('settings.saveWorkflow', { repeatScanAddsQuantity: false })).repeatScanAddsQuantity).toBe(false);
    await loginAs(till, 'cashier');
    await till.ok('shift.open');
    await till.ok('sale.scan', { code: MILK });
    const check = await till.ok('sale.scan', { code: MILK });
    expect(check.lines.map((l) => l.quantity)).toEqual([1000, 1000]);
  });
});
