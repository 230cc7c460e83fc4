/**
 * The discount cards directory through the router on a real SQLite file: the admin's CRUD, the
 * cashier refused; at the sale the exact number, else the longest prefix, gives its percent or
 * sum — typed in the discount dialog or scanned on the sale screen; an unknown card is refused.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { latinToRuLayout } from '../../common/keyboard-layout.js';
import { cashierReady, loginAs, makeTill, type TestTill } from '../fixtures/core.js';

const MILK = '4810268001055'; // 2.89
const BUTTER = '4810268005497'; // 6.49

let till: TestTill;
afterEach(() => till?.dispose());

async function withCards(): Promise<void> {
  till = makeTill();
  await cashierReady(till);
  await loginAs(till, 'admin');
  await till.ok('discountCards.add', { number: '77', kind: 'prefix', name: 'Серия 77', percent: 300, amount: null });
  await till.ok('discountCards.add', { number: '7701', kind: 'prefix', name: 'Золотая', percent: 1000, amount: null });
  await till.ok('discountCards.add', { number: '7701000042', kind: 'number', name: 'Директор', percent: null, amount: 150 });
}

async function cashierWithCheck(): Promise<void> {
  await loginAs(till, 'cashier');
  await till.ok('shift.open');
  await till.ok('sale.scan', { code: MILK });
  await till.ok('sale.scan', { code: BUTTER });
}

describe('the directory (admin)', () => {
  it('adds, changes, hides and removes cards; a number taken twice is refused in Russian and nothing changes', async () => {
    await withCards();
    let cards = await till.ok('discountCards.list');
    expect(cards.map((c) => [c.number, c.kind, c.percent, c.amount])).toEqual([
      ['77', 'prefix', 300, null],
      ['7701', 'prefix', 1000, null],
      ['7701000042', 'number', null, 150],
    ]);
    const before = till.fingerprint();
    expect(await till.call('discountCards.add', { number: '7701', kind: 'number', name: '', percent: 100, amount: null })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: 'Префикс 7701 уже есть в справочнике («Золотая»)' },
    });
    expect(await till.call('discountCards.add', { number: '12', kind: 'prefix', name: '', percent: 100, amount: 100 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringMatching(/либо процент, либо сумму/) },
    });
    expect(await till.call('discountCards.add', { number: 'карта', kind: 'prefix', name: '', percent: 100, amount: null })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringMatching(/латинских букв и цифр/) },
    });
    expect(till.fingerprint()).toBe(before);

    const gold = cards[1]!;
    const changed = await till.ok('discountCards.update', {
      id: gold.id,
      card: { number: '7701', kind: 'prefix', name: 'Золотая', percent: 1200, amount: null, hidden: true },
    });
    expect(changed).toMatchObject({ percent: 1200, hidden: true });
    await till.ok('discountCards.remove', { id: cards[0]!.id });
    cards = await till.ok('discountCards.list');
    expect(cards.map((c) => c.number)).toEqual(['7701', '7701000042']);
    const audit = till.ctx.db.prepare("SELECT action FROM audit_log WHERE action LIKE 'discountCards.%' ORDER BY id").pluck().all();
    expect(audit).toEqual(['discountCards.add', 'discountCards.add', 'discountCards.add', 'discountCards.update', 'discountCards.remove']);
  });

  it('is refused to a cashier, who changes nothing', async () => {
    await withCards();
    await loginAs(till, 'cashier');
    const before = till.fingerprint();
    for (const [method, input] of [
      ['discountCards.list', {}],
      ['discountCards.add', { number: '55', kind: 'prefix', name: '', percent: 5000, amount: null }],
      ['discountCards.update', { id: 1, card: { number: '77', kind: 'prefix', name: '', percent: 9000, amount: null } }],
      ['discountCards.remove', { id: 1 }],
    ] as const) {
      expect(await till.call(method, input as never)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(till.fingerprint()).toBe(before);
  });
});

describe('a card at the sale', () => {
  it('the exact number wins, else the longest prefix; a sum card takes its sum', async () => {
    await withCards();
    await cashierWithCheck();
    let check = await till.ok('sale.checkDiscount', { card: '7701555' });
    expect(check).toMatchObject({ discountCard: '7701555', checkAdjustment: { kind: 'discount', by: 'percent', value: 1000 }, checkDiscount: 94 }); // 10 % of 9.38
    check = await till.ok('sale.checkDiscount', { card: '7799' });
    expect(check).toMatchObject({ checkAdjustment: { by: 'percent', value: 300 }, checkDiscount: 28 });
    check = await till.ok('sale.checkDiscount', { card: '7701000042' });
    expect(check).toMatchObject({ discountCard: '7701000042', checkAdjustment: { by: 'sum', value: 150 }, checkDiscount: 150, total: 938 - 150 });
  });

  it('refuses an unknown card and a hidden one, and the check keeps what it had', async () => {
    await withCards();
    await loginAs(till, 'admin');
    const gold = (await till.ok('discountCards.list')).find((c) => c.number === '7701')!;
    await till.ok('discountCards.update', { id: gold.id, card: { number: '7701', kind: 'prefix', name: 'Золотая', percent: 1000, amount: null, hidden: true } });
    await cashierWithCheck();
    const before = till.fingerprint();
    expect(await till.call('sale.checkDiscount', { card: '123456' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'Дисконтная карта 123456 не найдена в справочнике: скидка не дана' },
    });
    expect(await till.call('sale.checkDiscount', { card: '7701999' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringMatching(/не действует/) },
    });
    expect(till.fingerprint()).toBe(before);
    expect((await till.ok('sale.current')).checkAdjustment).toBeNull();
  });

  it('scanned on the sale screen (Russian layout too) gives its discount instead of looking for goods; an unknown code still says so', async () => {
    await withCards();
    await cashierWithCheck();
    const check = await till.ok('sale.scan', { code: `${latinToRuLayout('7701000042')}\r\n` });
    expect(check).toMatchObject({ discountCard: '7701000042', checkDiscount: 150 });
    expect(check.lines).toHaveLength(2);
    expect(await till.call('sale.scan', { code: '1234567' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const { document } = await till.ok('sale.pay', { payments: [{ form: 'cash', amount: 1000 }] });
    expect(document.receipt.join('\n')).toMatch(/Дисконтная карта\s+7701000042/);
  });
});
