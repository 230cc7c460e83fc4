/**
 * Issue 14 «Payments» in a real Chromium on the web host: the admin chooses a standalone terminal on
 * the settings screen; the cashier is shown the amount to run on the bank's terminal and types its
 * authorization code and RRN, which print on the receipt; the return asks for the sale's code and
 * takes the refund's. Then ОПЛАТИ in training mode: the QR on the payment screen and the customer
 * window, the cashier cancels the wait, and the customer pays.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { blurFields, cashierWithOpenShift, itemsByBarcode, lineCount, openSale, wedgeScan } from './flows.js';
import { expectText, kassa, money, shot, text, useTills, visible } from './helpers.js';

const tills = useTills();

async function checkOf(page: Page, barcode: string): Promise<number> {
  await openSale(page);
  await blurFields(page);
  await wedgeScan(page, barcode);
  await expect.poll(() => lineCount(page)).toBe(1);
  return (await kassa(page, 'sale.current')).total;
}

describe('card on a standalone terminal, ОПЛАТИ with a QR', () => {
  it('prints the typed authorization code, asks for it on the return; shows the ОПЛАТИ QR and pays once the customer paid', async () => {
    const { page, errors } = await tills.open();
    await cashierWithOpenShift(page, async () => {
      // The admin picks the terminal on the settings screen.
      await page.reload();
      await page.getByTestId('menu-settings').click();
      await visible(page.getByTestId('screen-settings'));
      await page.getByTestId('settings-tab-workflow').click();
      await visible(page.getByTestId('settings-workflow-form'));
      await page.getByTestId('set-terminal-kind').selectOption('integrated');
      await visible(page.getByTestId('set-terminal-host'));
      await page.getByTestId('set-oplati-kind').selectOption('gateway');
      await visible(page.getByTestId('set-oplati-url'));
      await page.getByTestId('set-oplati-kind').scrollIntoViewIfNeeded();
      await shot(page, 'payments-settings-kinds');
      await page.getByTestId('set-oplati-kind').selectOption('none');
      await page.getByTestId('set-terminal-kind').selectOption('standalone');
      await expectText(page.getByTestId('set-terminal-kind-hint'), /код авторизации/);
      await page.getByTestId('settings-save').click();
      await expectText(page.getByTestId('notice-success').locator('.notice-text'), /сохранен/i);
      expect((await kassa(page, 'settings.workflow')).paymentTerminal.kind).toBe('standalone');
    });
    const [a, b] = await itemsByBarcode(page, 2);
    if (!a || !b) throw new Error('two piece goods needed');

    // ── Card on the standalone terminal: the amount, then the slip's code ──
    const total = await checkOf(page, a.barcodes[0]!);
    await page.keyboard.press('F10');
    await visible(page.getByTestId('payment-dialog'));
    await page.getByTestId('payment-rest-card').click();
    await expectText(page.getByTestId('card-slip').locator('strong'), `Автономный терминал: проведите ${money(total)} на терминале банка`);
    expect(await page.getByTestId('training-terminal').count()).toBe(0); // no simulator: the bank's terminal answers
    await shot(page, 'payments-standalone-slip');
    await page.getByTestId('payment-submit').click();
    await expectText(page.getByTestId('payment-declined'), /Код авторизации — 2–12 букв латиницы или цифр/);
    expect((await kassa(page, 'documents.list', { kind: 'sale' })).total).toBe(0);
    await page.getByTestId('card-slip-code').fill('a7k2q9');
    await page.getByTestId('card-slip-rrn').fill('433512345678');
    await page.getByTestId('payment-submit').click();
    await visible(page.getByTestId('screen-paid'));
    const receipt = await text(page.getByTestId('receipt'));
    expect(receipt).toMatch(/Код авторизации\s+A7K2Q9/);
    expect(receipt).toMatch(/RRN\s+433512345678/);
    await shot(page, 'payments-standalone-receipt');
    const sale = (await kassa(page, 'documents.list', { kind: 'sale' })).items[0]!;

    // ── Its return asks for the sale's code and the refund's own ──
    await page.getByTestId('sale-new-check').click();
    await visible(page.getByTestId('screen-sale'));
    await page.keyboard.press('Escape');
    await page.getByTestId('menu-returns').click();
    await visible(page.getByTestId('screen-returns'));
    const detail = await kassa(page, 'documents.get', { id: sale.id });
    await page.getByTestId('return-shift').fill(String(detail.shiftNumber));
    await page.getByTestId('return-number').fill(String(detail.numberInShift));
    await page.getByTestId('return-find-number').click();
    await visible(page.locator(`[data-testid="return-check"][data-document-id="${sale.id}"]`));
    await page.getByTestId('return-whole').click();
    await visible(page.getByTestId('return-card'));
    await page.getByTestId('return-card-original').fill('A7K2Q8');
    await page.getByTestId('return-card-slip-code').fill('R55501');
    await page.getByTestId('return-confirm-ok').click();
    await expectText(page.getByTestId('notice-error').locator('.notice-text'), /не совпадает с кодом оплаты картой на чеке продажи/);
    await visible(page.getByTestId('return-confirm')); // still open for the right code
    expect((await kassa(page, 'documents.list', { kind: 'return' })).total).toBe(0);
    await shot(page, 'payments-return-asks-code');
    await page.getByTestId('return-card-original').fill('A7K2Q9');
    await page.getByTestId('return-confirm-ok').click();
    await visible(page.getByTestId('screen-return-done'));
    const ret = (await kassa(page, 'documents.list', { kind: 'return' })).items[0]!;
    expect((await kassa(page, 'documents.get', { id: ret.id })).payments).toEqual([{ form: 'card', amount: total, authCode: 'R55501' }]);
    await page.getByTestId('return-next').click();
    await page.keyboard.press('Escape');
    await visible(page.getByTestId('screen-menu'));

    // ── ОПЛАТИ (training: the built-in emulator): the QR on the screen and the customer window ──
    // The customer window, opened as the devices screen opens it (it inherits the page's session token).
    const popup = page.context().waitForEvent('page');
    await page.evaluate(() => void window.open('./?view=customer', 'kassa-customer'));
    const customer = await popup;
    await customer.setViewportSize({ width: 1280, height: 800 });
    await visible(customer.getByTestId('customer-window'));
    const second = await checkOf(page, b.barcodes[0]!);
    await page.keyboard.press('F10');
    await visible(page.getByTestId('payment-dialog'));
    await page.getByTestId('payment-rest-oplati').click();
    await page.getByTestId('training-terminal-timeout').click(); // the customer will not pay
    await expect.poll(() => page.getByTestId('training-terminal-timeout').getAttribute('class')).toContain('segment-on');
    await page.getByTestId('payment-submit').click();
    await visible(page.getByTestId('oplati-qr'));
    await visible(customer.getByTestId('customer-qr'));
    await expectText(customer.locator('.customer-qr-amount'), money(second));
    await shot(page, 'payments-oplati-qr');
    await shot(customer, 'payments-oplati-customer-window');
    await page.getByTestId('oplati-cancel').click();
    await expectText(page.getByTestId('payment-declined'), /Оплата ОПЛАТИ не прошла: оплата отменена кассиром/);
    expect(await page.getByTestId('oplati-qr').count()).toBe(0);
    expect((await kassa(page, 'documents.list', { kind: 'sale' })).total).toBe(1);
    await page.getByTestId('training-terminal-approve').click();
    await expect.poll(() => page.getByTestId('training-terminal-approve').getAttribute('class')).toContain('segment-on');
    await page.getByTestId('payment-submit').click();
    await visible(page.getByTestId('screen-paid'));
    await expectText(page.getByTestId('paid-form-oplati'), money(second));
    expect((await kassa(page, 'documents.list', { kind: 'sale' })).total).toBe(2);
    await customer.close();
    expect(errors).toEqual([]);
  });
});
