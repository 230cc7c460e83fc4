/**
 * Issue 10, items 6 and 7, through the router on a real SQLite file: a return's refund stays on the
 * original forms unless the setting `returnToCash` allows moving a non-cash part to cash; deleting
 * a line needs an admin's password where `stornoNeedsAdmin` says so, and every deleted line is in
 * the storno journal the admin reads.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, CASHIER, cashierReady, loginAs, makeTill, type TestTill } from '../fixtures/core.js';

const MILK = '4810268001055'; // 2.89 a piece

let till: TestTill;
afterEach(() => till?.dispose());

async function setting(patch: { returnToCash?: boolean; stornoNeedsAdmin?: boolean }): Promise<void> {
  await loginAs(till, 'admin');
  await till.ok('settings.saveWorkflow', patch);
  await loginAs(till, 'cashier');
}

/** A milk sold in cash (so the drawer holds cash), then one paid by card: the card sale's id. */
async function cardSale(): Promise<number> {
  till = makeTill();
  await cashierReady(till);
  await till.ok('shift.open');
  await till.ok('sale.addItem', { barcode: MILK });
  await till.ok('sale.pay', { payments: [{ form: 'cash', amount: 289 }] });
  await till.ok('sale.addItem', { barcode: MILK });
  return (await till.ok('sale.pay', { payments: [{ form: 'card', amount: 289 }] })).document.id;
}

describe('return refund forms', () => {
  it('shows the refund on the original form and refuses moving it to cash while the setting is off', async () => {
    const id = await cardSale();
    expect(await till.ok('returns.preview', { documentId: id })).toEqual({ total: 289, refunds: [{ form: 'card', amount: 289 }], cashAllowed: false });
    const before = till.fingerprint();
    expect(await till.call('returns.byCheck', { documentId: id, refunds: [{ form: 'cash', amount: 289 }] })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'Возврат наличными вместо исходной формы оплаты запрещён настройками: верните на исходные формы' },
    });
    expect(await till.call('returns.byCheck', { documentId: id, refunds: [{ form: 'card', amount: 300 }] })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'Сумма по формам 3.00 не равна сумме возврата 2.89' },
    });
    expect(till.fingerprint()).toBe(before);
    // The original form, as the preview said, is always allowed.
    const made = await till.ok('returns.byCheck', { documentId: id, refunds: [{ form: 'card', amount: 289 }] });
    expect(made.refunds).toEqual([{ form: 'card', amount: 289 }]);
  });

  it('previews a return by the sum alone as returns.free will issue it, and refuses lines with a sum or more than is left', async () => {
    const id = await cardSale();
    expect(await till.ok('returns.preview', { documentId: id, amount: 100 })).toEqual({ total: 100, refunds: [{ form: 'card', amount: 100 }], cashAllowed: false });
    expect(await till.call('returns.preview', { documentId: id, amount: 100, lines: [{ lineNo: 1, quantity: 1000 }] })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect(await till.call('returns.preview', { documentId: id, amount: 290 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'По этому чеку можно вернуть не больше 2.89' },
    });
    const made = await till.ok('returns.free', { documentId: id, amount: 100 });
    expect(made.refunds).toEqual([{ form: 'card', amount: 100 }]);
  });

  it('moves a card refund to cash where the setting allows, and never cash to card', async () => {
    const id = await cardSale();
    await setting({ returnToCash: true });
    expect((await till.ok('returns.preview', { documentId: id })).cashAllowed).toBe(true);
    const made = await till.ok('returns.byCheck', {
      documentId: id,
      refunds: [
        { form: 'cash', amount: 100 },
        { form: 'card', amount: 189 },
      ],
    });
    expect(made.refunds).toEqual([
      { form: 'cash', amount: 100 },
      { form: 'card', amount: 189 },
    ]);
    expect((await till.ok('documents.get', { id: made.document.id })).payments.map((p) => [p.form, p.amount])).toEqual([
      ['cash', 100],
      ['card', 189],
    ]);
    // A cash sale cannot be refunded to a card.
    await till.ok('sale.addItem', { barcode: MILK });
    const cash = (await till.ok('sale.pay', { payments: [{ form: 'cash', amount: 289 }] })).document.id;
    expect(await till.call('returns.byCheck', { documentId: cash, refunds: [{ form: 'card', amount: 289 }] })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'На эту форму оплаты можно вернуть не больше 0.00' },
    });
  });
});

describe('deleting a line', () => {
  it('needs no password by default and is in the storno journal with who, when and what', async () => {
    till = makeTill();
    await cashierReady(till);
    await till.ok('shift.open');
    const check = await till.ok('sale.addItem', { barcode: MILK });
    expect((await till.ok('sale.removeLine', { lineId: check.lines[0]!.id })).lines).toEqual([]);
    await loginAs(till, 'admin');
    const journal = await till.ok('sale.stornoJournal', {});
    expect(journal).toMatchObject({ total: 1, items: [{ cashier: CASHIER.name, name: 'Молоко Савушкин 3,2% 1 л', quantity: 1000, price: 289, approvedBy: null }] });
    expect(Date.parse(journal.items[0]!.at)).not.toBeNaN();
  });

  it('with the setting on, refuses a missing or wrong admin password and takes the right one', async () => {
    till = makeTill();
    await cashierReady(till);
    await setting({ stornoNeedsAdmin: true });
    await till.ok('shift.open');
    const check = await till.ok('sale.addItem', { barcode: MILK });
    const first = check.lines[0]?.id;
    const before = till.fingerprint();
    expect(await till.call('sale.removeLine', { lineId: first! })).toMatchObject({
      ok: false,
      error: { code: 'WRONG_PASSWORD', message: 'Удаление строки — только с паролем администратора' },
    });
    expect(await till.call('sale.removeLine', { lineId: first!, adminPassword: '999999' })).toMatchObject({
      ok: false,
      error: { code: 'WRONG_PASSWORD', message: 'Неверный пароль администратора: строка не удалена' },
    });
    // A cashier's own PIN is no admin's password.
    expect(await till.call('sale.removeLine', { lineId: first!, adminPassword: '5823' })).toMatchObject({ ok: false, error: { code: 'WRONG_PASSWORD' } });
    expect(till.fingerprint()).toBe(before);
    expect((await till.ok('sale.removeLine', { lineId: first!, adminPassword: ADMIN_PASSWORD })).lines).toEqual([]);

    await loginAs(till, 'admin');
    expect(await till.ok('sale.stornoJournal', { limit: 1 })).toMatchObject({ total: 1, items: [{ cashier: CASHIER.name, approvedBy: 'Администратор' }] });
    expect((await till.ok('sale.stornoJournal', { offset: 1 })).items).toEqual([]);
  });
});
