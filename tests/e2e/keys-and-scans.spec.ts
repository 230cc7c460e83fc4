/**
 * Keyboard and scanner (issue 10, items 9, 10 and the question of item 4) in real Chromium: a
 * wrong quantity before `*` is said to be wrong, the same piece item scanned twice raises its
 * line, an unusual quantity is asked about, F2 selects the old search text, the amount of a cash-in
 * takes the digits after a currency click, and logging out with an open check warns. A scan on the
 * paid screen (the next customer's first item) starts the next check with it, from a keyboard-wedge
 * scanner and from a serial one (a pty pair from socat); a scan on the menu opens the sale with it, and a code scanned into a number field
 * or an amount of the payment is not taken for the number, and a scanner's Enter answers no question of a dialog.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { CatalogueItem } from '../../preload/contract/index.js';
import { socatMissing } from '../fixtures/serial/socat.js';
import { blurFields, cashierWithOpenShift, currentCheck, itemsByBarcode, lineCount, openSale, wedgeScan, withSerialScanner } from './flows.js';
import { expectText, expectValue, kassa, money, shot, text, useTills, visible } from './helpers.js';

const tills = useTills();
const noPty = socatMissing();
if (noPty) console.warn(`keys-and-scans.spec: the serial scanner test skipped — ${noPty}`);

/** The check on screen paid in cash (F10, the dialog's sum); the page ends on the paid screen. */
async function payShown(page: Page): Promise<void> {
  await page.keyboard.press('F10');
  await visible(page.getByTestId('payment-dialog'));
  await page.getByTestId('payment-submit').click();
  await visible(page.getByTestId('screen-paid'));
}

/** The item scanned and paid in cash; the page ends on the paid screen. */
async function sellAndPay(page: Page, item: CatalogueItem): Promise<void> {
  await blurFields(page);
  await wedgeScan(page, item.barcodes[0]!);
  await expectText(page.getByTestId('sale-line-name'), item.name);
  await payShown(page);
}

/** The paid screen gave way to the next check, which holds the item scanned there, on screen and in main. */
async function nextCheckHolds(page: Page, item: CatalogueItem): Promise<void> {
  await visible(page.getByTestId('screen-sale'));
  await expectText(page.getByTestId('sale-line-name'), item.name);
  expect(await lineCount(page)).toBe(1);
  expect((await currentCheck(page)).lines.map((l) => l.itemId)).toEqual([item.id]);
}
const BAD_QUANTITY = /Количество: число больше нуля/;

describe('keys and scans on the sale screen', () => {
  it('refuses a wrong quantity, adds repeated scans up, asks about 101 pieces, selects the search on F2, warns at logout', async () => {
    const { page, errors } = await tills.open();
    await cashierWithOpenShift(page);
    await openSale(page);
    const [a, b] = await itemsByBarcode(page, 2);
    if (!a || !b) throw new Error('two piece goods needed');
    const entry = page.getByTestId('sale-barcode');

    // ── "0*1013" and "abc*1013": the quantity is wrong, no code is looked up ──
    for (const typed of ['0*1013', 'abc*1013']) {
      await entry.focus();
      await page.keyboard.type(typed, { delay: 30 });
      await page.keyboard.press('Enter');
      await expectText(page.getByTestId('notice-error'), BAD_QUANTITY);
      expect(await page.getByTestId('notice-error').innerText()).not.toMatch(/не найден/);
    }
    await shot(page, 'keys-wrong-quantity');
    expect(await lineCount(page)).toBe(0);

    // ── The same piece item scanned twice: one line of 2 ──
    await blurFields(page);
    await wedgeScan(page, a.barcodes[0]!);
    await expect.poll(() => lineCount(page)).toBe(1);
    await blurFields(page);
    await wedgeScan(page, a.barcodes[0]!);
    await expectText(page.getByTestId('sale-line-qty').nth(0), '2 шт');
    expect(await lineCount(page)).toBe(1);

    // ── 101 pieces: main's question, then the line once the cashier agrees ──
    await entry.focus();
    await page.keyboard.type('101*', { delay: 30 });
    await blurFields(page);
    await wedgeScan(page, b.barcodes[0]!);
    await visible(page.getByTestId('quantity-confirm'));
    await expectText(page.getByTestId('quantity-confirm'), /Количество 101 шт — больше 100 шт\. Всё верно\?/);
    await shot(page, 'keys-quantity-question');
    // The next item scanned without a look at the screen: «Да» has the focus, and the scanner's Enter pressed it.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('quantity-confirm-ok');
    await wedgeScan(page, a.barcodes[0]!);
    await expectText(page.getByTestId('dialog-scanned'), 'Код со сканера не принят: сначала ответьте в этом окне или закройте его (Esc)');
    await visible(page.getByTestId('quantity-confirm'));
    await shot(page, 'keys-scan-into-question');
    expect((await currentCheck(page)).lines.map((l) => l.quantity)).toEqual([2_000]);
    await page.getByTestId('quantity-confirm-ok').click();
    await expect.poll(() => lineCount(page)).toBe(2);
    await expectText(page.getByTestId('sale-line-qty').nth(1), '101 шт');
    expect((await currentCheck(page)).lines[1]?.quantity).toBe(101_000);

    // ── F2: the search with its old text selected, so the next name replaces it ──
    const search = page.getByTestId('sale-search');
    await search.focus();
    await page.keyboard.type('молоко', { delay: 30 });
    await entry.focus();
    await page.keyboard.press('F2');
    await expect
      .poll(() => search.evaluate((el: HTMLInputElement) => [document.activeElement === el, el.selectionStart, el.selectionEnd, el.value.length]))
      .toEqual([true, 0, 6, 6]);
    await page.keyboard.press('Escape');

    // ── Cash in: a click on USD, then digits go to the amount ──
    await page.getByTestId('sale-back').click();
    await visible(page.getByTestId('screen-menu'));
    await page.getByTestId('menu-cash').click();
    await page.getByTestId('cash-currency-USD').click();
    await page.keyboard.type('12.50', { delay: 30 });
    await expectValue(page.getByTestId('cash-amount'), '12.50');
    await shot(page, 'keys-cash-currency-digits');
    await page.getByTestId('cash-back').click();

    // ── Logout with the check open: a warning; «Отмена» stays, the second answer leaves ──
    await visible(page.getByTestId('screen-menu'));
    await page.getByTestId('menu-logout').click();
    await visible(page.getByTestId('logout-confirm'));
    await expectText(page.getByTestId('logout-confirm'), /Чек не закрыт: 2 поз\./);
    await shot(page, 'keys-logout-open-check');
    await page.getByTestId('logout-confirm-cancel').click();
    await expect.poll(() => page.getByTestId('logout-confirm').count()).toBe(0);
    await visible(page.getByTestId('screen-menu'));
    await page.getByTestId('menu-logout').click();
    await page.getByTestId('logout-confirm-ok').click();
    await visible(page.getByTestId('screen-login'));
    expect(errors).toEqual([]);
  });

  it('a scan on the paid screen starts the next check with that item, a code typed there goes to its entry line; Enter alone starts an empty one', async () => {
    const { page, errors } = await tills.open();
    await cashierWithOpenShift(page);
    await openSale(page);
    const [a, b] = await itemsByBarcode(page, 2);
    if (!a || !b) throw new Error('two piece goods needed');

    await sellAndPay(page, a);
    // «Новый чек» has the focus on the paid screen: the scanner's keys are heard all the same.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('sale-new-check');
    await wedgeScan(page, b.barcodes[0]!);
    await nextCheckHolds(page, b);
    await shot(page, 'keys-scan-on-paid-screen');
    // The first check was paid once: the scan did not go into it.
    const sales = (await kassa(page, 'documents.list', { kind: 'sale' })).items;
    expect(sales).toHaveLength(1);

    // A code typed by hand there: the new check's entry line has it, and Enter adds the item.
    await payShown(page);
    await page.keyboard.type(a.code, { delay: 30 });
    await expectValue(page.getByTestId('sale-barcode'), a.code);
    await page.keyboard.press('Enter');
    await nextCheckHolds(page, a);

    await payShown(page);
    await page.keyboard.press('Enter');
    await visible(page.getByTestId('sale-lines-empty'));
    expect((await currentCheck(page)).lines).toEqual([]);
    expect((await kassa(page, 'documents.list', { kind: 'sale' })).items).toHaveLength(3);
    expect(errors).toEqual([]);
  });

  it.skipIf(noPty !== null)("a serial scanner's code on the paid screen starts the next check with that item; with the payment open it is refused", async () => {
    await withSerialScanner(tills, async ({ page, errors }, scanner) => {
      await openSale(page);
      const [a, b] = await itemsByBarcode(page, 2);
      if (!a || !b) throw new Error('two piece goods needed');
      await sellAndPay(page, a);
      await scanner.write(Buffer.from(`${b.barcodes[0]!}\r\n`, 'latin1'));
      await nextCheckHolds(page, b);

      // With the payment open the code is taken by nothing: the dialog says so (it was lost without a word).
      await page.keyboard.press('F10');
      await visible(page.getByTestId('payment-dialog'));
      await scanner.write(Buffer.from(`${a.barcodes[0]!}\r\n`, 'latin1'));
      await visible(page.getByTestId('payment-dialog').getByTestId('dialog-scanned'));
      expect((await currentCheck(page)).lines.map((l) => l.itemId)).toEqual([b.id]);
      expect(errors).toEqual([]);
    });
  });

  it('on the menu and an X-report a scan opens the sale with its item and presses no menu button, a digit typed by hand does; with the shift closed a scan says why', async () => {
    const { page, errors } = await tills.open();
    await cashierWithOpenShift(page);
    const [a] = await itemsByBarcode(page, 1);
    if (!a) throw new Error('a piece item needed');
    // The digits of a shop's barcode are menu shortcuts: «4» opens a shift, «5» prints an X-report.
    expect(a.barcodes[0]).toMatch(/4/);
    const documents = async () => (await kassa(page, 'documents.list', {})).items.length;
    const made = await documents();

    await wedgeScan(page, a.barcodes[0]!);
    await nextCheckHolds(page, a);
    await shot(page, 'keys-scan-on-menu');
    expect(await documents()).toBe(made);

    await page.keyboard.press('Escape');
    await visible(page.getByTestId('screen-menu'));
    await page.keyboard.press('7');
    await visible(page.getByTestId('screen-documents'));

    // An X-report on screen: the next scan opens the sale too (it was lost there).
    await kassa(page, 'sale.cancel');
    await page.keyboard.press('Escape');
    await page.getByTestId('menu-x-report').click();
    await visible(page.getByTestId('screen-report'));
    await wedgeScan(page, a.barcodes[0]!);
    await nextCheckHolds(page, a);
    expect(await documents()).toBe(made + 1); // the X-report alone

    await kassa(page, 'sale.cancel');
    await kassa(page, 'shift.zReport', { cashOutAll: true });
    await page.reload();
    await visible(page.getByTestId('screen-menu'));
    const afterZ = await documents();
    await wedgeScan(page, a.barcodes[0]!);
    await expectText(page.getByTestId('notice-error'), /Товар не добавлен\. Смена закрыта — сначала откройте смену/);
    await visible(page.getByTestId('screen-menu'));
    await shot(page, 'keys-scan-on-menu-shift-closed');
    expect((await kassa(page, 'app.status')).shift?.closedAt).not.toBeNull();
    expect(await documents()).toBe(afterZ);
    expect(errors).toEqual([]);
  });

  it('a code scanned into a number field is not taken for the number: the cash-in amount says so and puts nothing in', async () => {
    const { page, errors } = await tills.open();
    await cashierWithOpenShift(page);
    await page.getByTestId('menu-cash').click();
    await visible(page.getByTestId('screen-cash'));
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('cash-amount');
    const documents = async () => (await kassa(page, 'documents.list', {})).items;
    const before = (await documents()).length;

    // A shop's own 6-digit code: within the cash-in limit, it was 123 456.00 BYN put in.
    await wedgeScan(page, '123456');
    await expectText(page.getByTestId('cash-amount-scanned'), 'Это код со сканера, а не число: поле очищено — введите число');
    await expectValue(page.getByTestId('cash-amount'), '');
    await shot(page, 'keys-scan-into-cash-amount');
    expect(await documents()).toHaveLength(before);

    // The same digits typed by hand, at a person's pace, are the amount.
    await page.keyboard.type('123456', { delay: 60 });
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await documents()).length).toBe(before + 1);
    expect((await documents())[0]!.total).toBe(12_345_600);
    expect(errors).toEqual([]);
  });

  it('a code scanned into an amount of the payment is not money: the amount stays, nothing is paid, and the dialog says so; Esc closes only the question over it', async () => {
    const { page, errors } = await tills.open();
    // Every check asks «Всё верно?» before it is paid: a question over the payment dialog.
    await cashierWithOpenShift(page, async () => {
      await kassa(page, 'settings.saveWorkflow', { amountLimits: { maxChange: 50_000, confirmCheckTotal: 1, confirmPieces: 100_000, confirmKg: 50_000 } });
    });
    await openSale(page);
    const [item, other] = await itemsByBarcode(page, 2);
    await blurFields(page);
    await wedgeScan(page, item!.barcodes[0]!);
    await expectText(page.getByTestId('sale-line-name'), item!.name);
    const total = (await currentCheck(page)).total;
    const documents = async () => (await kassa(page, 'documents.list', {})).items.length;
    const before = await documents();
    await page.keyboard.press('F10');
    await visible(page.getByTestId('payment-dialog'));
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('payment-tendered');

    // The next customer's item scanned while the cash field has the focus: its Enter paid the check
    // with 4 810 000 000.00 BYN tendered (refused only by the change limit), a shop code with its own sum.
    await wedgeScan(page, other!.barcodes[0]!);
    await expectText(page.getByTestId('payment-scanned'), 'Это код со сканера, а не сумма: сумма осталась прежней. Товар добавляют до оплаты — Esc вернёт к чеку');
    await expectValue(page.getByTestId('payment-tendered'), money(total));
    await visible(page.getByTestId('payment-dialog'));
    await shot(page, 'keys-scan-into-payment');
    expect(await documents()).toBe(before);
    expect((await currentCheck(page)).lines).toHaveLength(1);

    // The same into a non-cash amount the cashier was typing: back to what was typed.
    await page.getByTestId('payment-amount-card').click();
    await page.keyboard.type('1', { delay: 60 });
    await expectValue(page.getByTestId('payment-amount-card'), '1');
    // The cashier's pause before the scan: longer than a late key of a burst (MAX_GAP_MS, 80 ms).
    await page.waitForTimeout(200);
    await wedgeScan(page, '123456');
    await expectValue(page.getByTestId('payment-amount-card'), '1');
    await visible(page.getByTestId('payment-scanned'));

    // Another field clears the message; the amount typed there by hand is taken, and Enter pays.
    await page.keyboard.press('Backspace');
    await page.getByTestId('payment-tendered').focus();
    await expect.poll(() => page.getByTestId('payment-scanned').count()).toBe(0);
    await page.keyboard.type(money(total), { delay: 60 });
    await page.keyboard.press('Enter');
    await visible(page.getByTestId('payment-confirm'));
    // Esc answers the question on top: the payment stays open with its amounts (it closed both).
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('payment-confirm').count()).toBe(0);
    await expectValue(page.getByTestId('payment-tendered'), money(total));
    await page.getByTestId('payment-submit').click();
    await visible(page.getByTestId('payment-confirm'));
    // A scan there presses no «Оплатить»: the question says so, and only its own message shows.
    await wedgeScan(page, other!.barcodes[0]!);
    await visible(page.getByTestId('payment-confirm').getByTestId('dialog-scanned'));
    expect(await page.getByTestId('dialog-scanned').count()).toBe(1);
    expect(await documents()).toBe(before);
    await page.getByTestId('payment-confirm-ok').click();
    await visible(page.getByTestId('screen-paid'));
    expect(await documents()).toBe(before + 1);
    expect(errors).toEqual([]);
  });

  it('shows the keyboard-wedge scanner in diagnostics as working, under named headers', async () => {
    const { page, errors } = await tills.open();
    await cashierWithOpenShift(page);
    await page.getByTestId('menu-diagnostics').click();
    await expectText(page.getByTestId('diag-scanner'), /Сканер-клавиатура: работает без подключения/);
    const headers = await page.getByTestId('diagnostics-table').locator('th').allInnerTexts();
    expect(headers).not.toContain('С');
    expect(await text(page.getByTestId('diag-scanner'))).not.toMatch(/Не подключено/);
    await shot(page, 'keys-diagnostics-wedge');
    expect(errors).toEqual([]);
  });
});
