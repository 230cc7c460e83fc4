/**
 * Payment with forms mixed in one check: non-cash over the total refused before sending; a card
 * declined by the terminal leaves the check open and unpaid; then card + gift certificate + cash,
 * change from cash only.
 */
import { describe, expect, it } from 'vitest';
import { blurFields, cashierWithOpenShift, currentCheck, itemsByBarcode, lineCount, openSale, wedgeScan } from './flows.js';
import { expectText, expectValue, kassa, money, shot, text, useTills, visible } from './helpers.js';

const tills = useTills();

describe('mixed payment', () => {
  it('refuses non-cash over the total, keeps the check after a declined card, then takes card + gift + cash with change', async () => {
    const { page, errors } = await tills.open();
    await cashierWithOpenShift(page);
    await openSale(page);
    const items = await itemsByBarcode(page, 3);
    for (const [i, item] of items.entries()) {
      await blurFields(page);
      await wedgeScan(page, item.barcodes[0]!);
      await expect.poll(() => lineCount(page)).toBe(i + 1);
    }
    const total = items.reduce((s, i) => s + i.price, 0);
    await expectText(page.getByTestId('sale-total'), money(total));

    await page.keyboard.press('F10');
    await visible(page.getByTestId('payment-dialog'));
    await expectText(page.getByTestId('payment-total'), money(total));
    await expectValue(page.getByTestId('payment-tendered'), money(total));

    // Non-cash above the total: only cash gives change, so this is refused before anything is sent.
    await page.getByTestId('payment-tendered').fill('');
    await page.getByTestId('payment-amount-card').fill(money(total + 100));
    await expectText(page.getByTestId('payment-problem'), `Безналичными на ${money(100)} больше суммы чека: сдачу даёт только наличная оплата`);
    expect(await page.getByTestId('payment-submit').isDisabled()).toBe(true);
    await shot(page, 'payment-noncash-over');

    // The terminal declines the card: the check stays open and unpaid.
    const card = Math.floor(total / 2);
    const gift = 100;
    const cashDue = total - card - gift;
    const tendered = (Math.floor(cashDue / 500) + 1) * 500; // the next 5 BYN
    await page.getByTestId('payment-amount-card').fill(money(card));
    await page.getByTestId('payment-amount-gift').fill(money(gift));
    await page.getByTestId('payment-tendered').fill(money(tendered));
    await expectText(page.getByTestId('payment-change'), money(tendered - cashDue));
    // Training mode: the simulated terminal is told to decline, from the dialog itself.
    await page.getByTestId('training-terminal-decline').click();
    await expect.poll(() => page.getByTestId('training-terminal-decline').getAttribute('class')).toContain('segment-on');
    await page.getByTestId('payment-submit').click();
    await expectText(page.getByTestId('payment-declined'), /Оплата картой не прошла.*Чек не оплачен/);
    await visible(page.getByTestId('payment-dialog'));
    const open = await currentCheck(page);
    expect(open.lines).toHaveLength(3);
    expect(open.total).toBe(total);
    expect((await kassa(page, 'documents.list', { kind: 'sale' })).total).toBe(0);
    await shot(page, 'payment-card-declined');

    // The card goes through on the second try: card, gift certificate and cash in one check.
    await page.getByTestId('training-terminal-approve').click();
    await expect.poll(() => page.getByTestId('training-terminal-approve').getAttribute('class')).toContain('segment-on');
    await page.getByTestId('payment-submit').click();
    await visible(page.getByTestId('screen-paid'));
    await expectText(page.getByTestId('paid-total'), money(total));
    await expectText(page.getByTestId('paid-form-card'), money(card));
    await expectText(page.getByTestId('paid-form-gift'), money(gift));
    await expectText(page.getByTestId('paid-form-cash'), money(tendered));
    await expectText(page.getByTestId('paid-change'), money(tendered - cashDue));
    const list = await kassa(page, 'documents.list', { kind: 'sale' });
    expect(list.total).toBe(1);
    const doc = await kassa(page, 'documents.get', { id: list.items[0]!.id });
    expect(doc.total).toBe(total);
    expect(doc.change).toBe(tendered - cashDue);
    expect([...doc.payments].sort((a, b) => a.form.localeCompare(b.form))).toEqual(
      [
        { form: 'card', amount: card },
        { form: 'cash', amount: tendered },
        { form: 'gift', amount: gift },
      ].sort((a, b) => a.form.localeCompare(b.form)),
    );
    const receipt = await text(page.getByTestId('receipt'));
    expect(receipt).toMatch(new RegExp(`ИТОГО\\s+${money(total).replace('.', '\\.')}`));
    expect(receipt).toMatch(new RegExp(`Сдача\\s+${money(tendered - cashDue).replace('.', '\\.')}`));
    await shot(page, 'payment-mixed-paid');
    expect(errors).toEqual([]);
  });
});
