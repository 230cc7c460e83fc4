/**
 * Issue 10, items 6 and 7, in a real Chromium on the web host: a return by the check shows its
 * amount and refund forms and is issued only once confirmed; a line is deleted only after a
 * confirmation with the admin's password (setting on), and the admin sees it in the storno journal.
 */
import { describe, expect, it } from 'vitest';
import { cashierWithOpenShift, CASHIER, itemsByBarcode, lineCount, openSale } from './flows.js';
import { expectText, kassa, money, shot, text, useTills, visible } from './helpers.js';

const tills = useTills();

describe('returns and deletions are confirmed', () => {
  it('shows a return’s forms before issuing it, and deletes a line only with a confirmation and the admin’s password', async () => {
    const { page, errors } = await tills.open();
    await cashierWithOpenShift(page, async () => {
      await kassa(page, 'settings.saveWorkflow', { stornoNeedsAdmin: true });
    });

    // A sale paid half by card, half in cash.
    const [a, b] = await itemsByBarcode(page, 2);
    if (!a || !b) throw new Error('two piece goods needed');
    const check = await kassa(page, 'sale.addItem', { barcode: a.barcodes[0]! });
    const card = Math.floor(check.total / 2);
    const sale = (
      await kassa(page, 'sale.pay', {
        payments: [
          { form: 'card', amount: card },
          { form: 'cash', amount: check.total - card },
        ],
      })
    ).document;

    // ── The return: nothing is issued until the cashier confirms what goes back where ──
    await page.getByTestId('menu-returns').click();
    await visible(page.getByTestId('screen-returns'));
    await page.getByTestId('return-shift').fill(String(sale.shiftNumber));
    await page.getByTestId('return-number').fill(String(sale.numberInShift));
    await page.getByTestId('return-find-number').click();
    await visible(page.locator(`[data-testid="return-check"][data-document-id="${sale.id}"]`));
    // An amount without items asks first too, saying what (a sum, no goods, this check) and how
    // (main's split over the check's forms); cancelled, nothing is issued.
    await page.getByTestId('return-sum').fill('0.10');
    await page.getByTestId('return-sum-submit').click();
    await expectText(
      page.getByTestId('return-sum-confirm-what'),
      `Возврат суммой, без товаров, по чеку «Продажа № ${sale.numberInShift}, смена ${sale.shiftNumber}». Деньги возвращаются в формы оплаты этого чека:`,
    );
    await expectText(page.getByTestId('return-sum-confirm-total'), money(10));
    const sumPreview = await kassa(page, 'returns.preview', { documentId: sale.id, amount: 10 });
    expect(sumPreview.refunds.reduce((s, r) => s + r.amount, 0)).toBe(10);
    for (const r of sumPreview.refunds) expect(await text(page.getByTestId(`return-sum-confirm-${r.form}`))).toContain(money(r.amount));
    expect(await page.getByTestId('return-sum-confirm-to-cash').count()).toBe(0);
    await shot(page, 'return-sum-confirm');
    await page.getByTestId('return-sum-confirm-cancel').click();
    expect((await kassa(page, 'documents.list', { kind: 'return' })).items).toEqual([]);
    await page.getByTestId('return-whole').click();
    await visible(page.getByTestId('return-confirm'));
    await expectText(page.getByTestId('return-confirm-total'), money(sale.total));
    expect(await text(page.getByTestId('return-confirm-card'))).toContain(money(card));
    expect(await text(page.getByTestId('return-confirm-cash'))).toContain(money(sale.total - card));
    expect(await page.getByTestId('return-confirm-to-cash').count()).toBe(0); // the setting is off: original forms only
    expect((await kassa(page, 'documents.list', { kind: 'return' })).items).toEqual([]);
    await shot(page, 'return-confirm-forms');
    await page.getByTestId('return-confirm-ok').click();
    await visible(page.getByTestId('screen-return-done'));
    await expectText(page.getByTestId('return-refund-card'), money(card));
    await expectText(page.getByTestId('return-refund-cash'), money(sale.total - card));
    await page.getByTestId('return-next').click();

    // ── Deleting a line: confirmed, with the admin's password ──
    await page.keyboard.press('Escape');
    await visible(page.getByTestId('screen-menu'));
    await openSale(page);
    await kassa(page, 'sale.addItem', { barcode: b.barcodes[0]! });
    await expect.poll(() => lineCount(page)).toBe(1);
    const lineId = await page.getByTestId('sale-line').getAttribute('data-line-id');
    await page.getByTestId(`sale-line-remove-${lineId}`).click();
    await visible(page.getByTestId('storno'));
    expect(await text(page.getByTestId('storno-text'))).toContain(b.name);
    expect(await page.getByTestId('storno-ok').isDisabled()).toBe(true);
    await page.getByTestId('storno-password').fill('000000');
    await page.getByTestId('storno-ok').click();
    await expectText(page.getByTestId('notice-error'), /Неверный пароль администратора: строка не удалена/);
    expect(await lineCount(page)).toBe(1);
    await page.getByTestId('storno-password').fill('258036');
    await shot(page, 'storno-confirm');
    await page.getByTestId('storno-ok').click();
    await visible(page.getByTestId('sale-lines-empty'));

    // ── The admin's storno journal ──
    await kassa(page, 'auth.logout');
    await kassa(page, 'auth.login', { login: 'admin', password: '258036' });
    await page.reload();
    await visible(page.getByTestId('screen-menu'));
    await page.getByTestId('menu-users').click();
    await visible(page.getByTestId('storno-entry'));
    const row = await text(page.getByTestId('storno-entry'));
    expect(row).toContain(CASHIER.name);
    expect(row).toContain(b.name);
    expect(row).toContain('Администратор');
    await shot(page, 'storno-journal');
    expect(errors.filter((e) => !e.includes('Неверный пароль'))).toEqual([]);
  });
});
