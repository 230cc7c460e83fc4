/** The training-mode shift from PIN to Z through the router, on a real SQLite file. */
import { describe, expect, it } from 'vitest';
import { createCore } from '../../main/core.js';
import { lineAmount } from '../../main/domain/money.js';
import { cashierReady, makeTill, pieceBarcodes, TEST_PASSWORD_COST } from '../fixtures/core.js';

describe('a shift in training mode', () => {
  it('sells by barcode and by name, takes cash with change, and the X and Z equal the stored documents', async () => {
    using till = makeTill();
    await cashierReady(till);
    const shift = await till.ok('shift.open');
    expect(shift.number).toBe(1);

    const [a, b] = await pieceBarcodes(till, 2);
    await till.ok('sale.addItem', { barcode: a! });
    await till.ok('sale.addItem', { barcode: b! });
    const [found] = await till.ok('catalogue.search', { query: 'молоко' });
    expect(found, 'the sample catalogue has milk').toBeDefined();
    const check = await till.ok('sale.addItem', { itemId: found!.id });
    // Three pieces; milk may be one of the first two, then its line counts two (a repeated scan).
    expect(check.lines.reduce((n, l) => n + l.quantity, 0)).toBe(3000);
    const itemA = await till.ok('catalogue.byBarcode', { barcode: a! });
    const itemB = await till.ok('catalogue.byBarcode', { barcode: b! });
    const expectedTotal = itemA.price + itemB.price + found!.price;
    expect(check.total).toBe(expectedTotal);

    const tendered = Math.ceil((expectedTotal + 1) / 1000) * 1000; // the next round 10 BYN
    const { document, change } = await till.ok('sale.pay', { payments: [{ form: 'cash', amount: tendered }] });
    expect(change).toBe(tendered - expectedTotal);
    expect(document.total).toBe(expectedTotal);
    expect(document.fiscal?.skoDocId).toMatch(/^T-/);
    expect(document.receipt.join('\n')).toContain('УЧЕБНЫЙ РЕЖИМ');
    expect(document.receipt.join('\n')).toContain(itemA.name.slice(0, 20));
    expect((await till.ok('sale.current')).lines).toHaveLength(0);

    // A second sale, card and cash mixed, to make the report sums non-trivial.
    await till.ok('sale.addItem', { barcode: a!, quantity: 3000 });
    const second = lineAmount(itemA.price, 3000);
    await till.ok('sale.pay', {
      payments: [
        { form: 'card', amount: 100 },
        { form: 'cash', amount: second },
      ],
    });

    const x = await till.ok('shift.xReport');
    const stored = till.ctx.db.prepare("SELECT count(*) AS n, sum(total) AS total FROM documents WHERE kind = 'sale'").get() as { n: number; total: number };
    expect(x.salesCount).toBe(2);
    expect(x.salesTotal).toBe(stored.total);
    expect(x.salesTotal).toBe(expectedTotal + second);
    expect(x.byPaymentForm).toEqual([
      { form: 'card', sales: 100, returns: 0, amount: 100 },
      { form: 'cash', sales: expectedTotal + second - 100, returns: 0, amount: expectedTotal + second - 100 },
    ]);
    expect(x.cashInDrawer).toBe(expectedTotal + second - 100);
    expect(x.byVatRate.reduce((s, v) => s + v.amount, 0)).toBe(x.salesTotal);
    expect((await till.ok('shift.current'))?.closedAt).toBeNull();

    // The drawer must be empty for Z (the default): «cash out all and close» empties it first.
    const refused = await till.call('shift.zReport', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    if (!refused.ok) expect(refused.error.message).toMatch(/Изъять всё и закрыть/);
    const z = await till.ok('shift.zReport', { cashOutAll: true });
    expect(z.salesTotal).toBe(x.salesTotal);
    expect(z.cashOut).toEqual([{ currency: 'BYN', count: 1, amount: x.cashInDrawer }]);
    expect(z.cashInDrawer).toBe(0);
    expect(z.firstDocument).toBe(1);
    expect(z.lastDocument).toBe(5); // open, sale, sale, X, cash out
    expect(await till.ok('shift.current')).toBeNull();
    expect(till.outbox.pending().pending).toBe(0);
    const answers = till.ctx.db.prepare('SELECT count(*) FROM fiscal_answers').pluck().get();
    expect(answers).toBe(6); // open, 2 sales, X, cash out, Z: every document delivered once
  });

  it('refuses cash short of the total and non-cash over it, and keeps the check', async () => {
    using till = makeTill();
    await cashierReady(till);
    await till.ok('shift.open');
    const [a] = await pieceBarcodes(till, 1);
    const { total } = await till.ok('sale.addItem', { barcode: a! });
    const before = till.fingerprint();
    const short = await till.call('sale.pay', { payments: [{ form: 'cash', amount: total - 1 }] });
    expect(short).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: 'Оплачено меньше суммы чека' } });
    const over = await till.call('sale.pay', { payments: [{ form: 'card', amount: total + 1 }] });
    expect(over).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: 'Безналичная оплата больше суммы чека' } });
    expect(till.fingerprint()).toBe(before);
  });

  it('answers an unknown barcode with a clear message and adds nothing', async () => {
    using till = makeTill();
    await cashierReady(till);
    await till.ok('shift.open');
    const res = await till.call('sale.addItem', { barcode: '4810000000018' });
    expect(res).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'Товар со штрихкодом 4810000000018 не найден' } });
    const misread = await till.call('sale.addItem', { barcode: '4810000000017' });
    expect(misread).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: 'Штрихкод 4810000000017 считан с ошибкой (неверная контрольная цифра)' } });
    expect((await till.ok('sale.current')).lines).toHaveLength(0);
  });

  it('keeps the open check across a restart of the till', async () => {
    const till = makeTill();
    await cashierReady(till);
    await till.ok('shift.open');
    const [a, b] = await pieceBarcodes(till, 2);
    await till.ok('sale.addItem', { barcode: a! });
    await till.ok('sale.addItem', { barcode: b! });
    till.close();
    const again = createCore({ dataDir: till.dir, log: () => {}, passwordCost: TEST_PASSWORD_COST });
    try {
      await again.router.call('auth.login', { login: 'ivanova', password: '5823' }, true);
      const res = await again.router.call('sale.current', {}, true);
      expect(res.ok && (res.value as { lines: unknown[] }).lines).toHaveLength(2);
    } finally {
      again.close();
    }
  });

  it('refuses a sale once the shift has run past 24 hours, and still allows the Z', async () => {
    let now = new Date('2026-11-20T08:00:00Z');
    using till = makeTill({ clock: () => now });
    await cashierReady(till);
    await till.ok('shift.open');
    const [a] = await pieceBarcodes(till, 1);
    await till.ok('sale.addItem', { barcode: a! });
    now = new Date('2026-11-21T08:00:01Z');
    expect((await till.ok('shift.current'))?.tooLong).toBe(true);
    const res = await till.call('sale.addItem', { barcode: a! });
    expect(res).toMatchObject({ ok: false, error: { code: 'SHIFT_TOO_LONG' } });
    await till.ok('sale.cancel');
    await till.ok('shift.zReport');
  });

  it('refuses the Z while a check is open', async () => {
    using till = makeTill();
    await cashierReady(till);
    await till.ok('shift.open');
    const [a] = await pieceBarcodes(till, 1);
    await till.ok('sale.addItem', { barcode: a! });
    expect(await till.call('shift.zReport')).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });
});

describe('users and passwords', () => {
  it('refuses weak passwords with the rule broken, and a wrong one with «Неверный пароль»', async () => {
    using till = makeTill();
    await till.ok('setup.enterPin', { pin: '1234' });
    expect(await till.call('auth.login', { login: 'admin', password: '0000' })).toMatchObject({
      ok: false,
      error: { code: 'WRONG_PASSWORD', message: 'Неверный пароль' },
    });
    await till.ok('auth.login', { login: 'admin', password: '1111' });
    for (const [pw, rule] of [
      ['77777', /не короче 6/],
      ['555555', /повторяющейся/],
      ['345678', /последовательностью/],
    ] as const) {
      const res = await till.call('auth.changePassword', { oldPassword: '1111', newPassword: pw });
      expect(res).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      if (!res.ok) expect(res.error.message).toMatch(rule);
    }
    await till.ok('auth.changePassword', { oldPassword: '1111', newPassword: '258036' });
    expect((await till.ok('app.status')).user?.mustChangePassword).toBe(false);
  });

  it('slows down guessing with a growing delay and an audit entry, then lets the right password in', async () => {
    let now = new Date('2026-11-20T08:00:00Z');
    using till = makeTill({ clock: () => now });
    await till.ok('setup.enterPin', { pin: '1234' });
    for (let i = 0; i < 3; i++) await till.call('auth.login', { login: 'admin', password: '9999' });
    const blocked = await till.call('auth.login', { login: 'admin', password: '1111' });
    expect(blocked).toMatchObject({ ok: false, error: { code: 'TOO_MANY_ATTEMPTS' } });
    const failures = till.ctx.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'login.failed'").pluck().get();
    expect(failures).toBe(3);
    now = new Date(now.getTime() + 1_001);
    await till.ok('auth.login', { login: 'admin', password: '1111' });
  });

  it('makes a new cashier change the temporary password at the first login', async () => {
    using till = makeTill();
    await cashierReady(till);
    const users = await till.call('users.list');
    expect(users).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await till.call('auth.logout');
    await till.ok('auth.login', { login: 'admin', password: '258036' });
    const list = await till.ok('users.list');
    expect(list.map((u) => [u.login, u.role, u.mustChangePassword])).toEqual([
      ['admin', 'admin', false],
      ['ivanova', 'cashier', false],
    ]);
    const dup = await till.call('users.create', { login: 'IVANOVA', name: 'x', cashierId: '1', role: 'cashier', password: '4826' });
    expect(dup).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });
});
