/**
 * Stock and discount cards in the real UI (web host, Chromium): the admin turns stock on and posts
 * a goods receipt; the cashier sells, one piece comes back by a return; the balance statement is
 * right to the unit. The admin registers a discount card series; the cashier's wedge scanner reads
 * a card of it on the sale screen and the check gets its discount; an unknown card is refused. A
 * receipt of goods taken by the scanner: a scan adds a line or one more piece, never posts — from a
 * serial (USB-COM) scanner too, which also fills the goods search; its code with no field to take it is said.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectText, expectValue, kassa, login, logout, money, shot, text, useTills, visible } from './helpers.js';
import { socatMissing } from '../fixtures/serial/socat.js';
import { blurFields, CASHIER, cashierWithOpenShift, ean13, lineCount, openSale, wedgeScan, withSerialScanner } from './flows.js';

const tills = useTills();
const noPty = socatMissing();
if (noPty) console.warn(`stock.spec: the serial scanner test skipped — ${noPty}`);
const MILK = { code: '1001', barcode: '4810268001055', price: 289, name: 'Молоко Савушкин 3,2% 1 л' };
const KEFIR = { code: '1003', barcode: '4810268003271', price: 249, name: 'Кефир Савушкин 2,5% 0,9 л' };

async function asAdmin(page: Page): Promise<void> {
  await logout(page);
  await login(page, 'Администратор', '258036');
  await visible(page.getByTestId('screen-menu'));
}

async function asCashier(page: Page): Promise<void> {
  await logout(page);
  await login(page, CASHIER.name, CASHIER.password);
  await visible(page.getByTestId('screen-menu'));
}

/** Back to the menu from a screen with its «Назад». */
async function toMenu(page: Page, back: string): Promise<void> {
  await page.getByTestId(back).click();
  await visible(page.getByTestId('screen-menu'));
}

async function addLine(page: Page, query: string, qty: string, price?: string): Promise<void> {
  const i = await page.getByTestId('stock-line').count();
  await page.getByTestId('stock-find').fill(query);
  await page.getByTestId('stock-found-item').first().click();
  await expect.poll(() => page.getByTestId('stock-line').count()).toBe(i + 1);
  await page.getByTestId(`stock-qty-${i}`).fill(qty);
  if (price !== undefined) await page.getByTestId(`stock-price-${i}`).fill(price);
}

describe('stock', () => {
  it('receipt of goods → sale → return → balance statement, right to the unit', async () => {
    const { page, errors } = await tills.open();
    await cashierWithOpenShift(page);
    await asAdmin(page);

    // Stock is off until the admin turns it on.
    await page.getByTestId('menu-stock').click();
    await visible(page.getByTestId('screen-stock'));
    await visible(page.getByTestId('stock-off'));
    await page.getByTestId('stock-tab-settings').click();
    await page.getByTestId('stock-enabled').check();
    await page.getByTestId('stock-negative').selectOption('warn');
    await shot(page, 'stock-settings');
    await page.getByTestId('stock-settings-save').click();
    // Saved (a toast lives 4 s: the stored setting is what counts).
    await expect.poll(() => kassa(page, 'stock.settings')).toEqual({ enabled: true, negative: 'warn' });

    // Приход: 10 milk at 1.90, 4 kefir at 1.65.
    await page.getByTestId('stock-tab-documents').click();
    await page.getByTestId('stock-new-receipt').click();
    await page.getByTestId('stock-supplier').fill('ОАО «Савушкин продукт»');
    await addLine(page, MILK.code, '10', '1.90');
    await addLine(page, KEFIR.code, '4', '1,65');
    // The sum to check against the supplier's invoice: 10 × 1.90 + 4 × 1.65.
    await expectText(page.getByTestId('stock-receipt-total'), 'Сумма по ценам закупки: 25.60');
    await shot(page, 'stock-receipt-form');
    await page.getByTestId('stock-post').click();
    await expect.poll(() => page.getByTestId('stock-document-row').count()).toBe(1);
    expect(await page.getByTestId('stock-off').count()).toBe(0);
    expect(await text(page.getByTestId('stock-document-row'))).toMatch(/Приход № 1.*ОАО «Савушкин продукт».*2.*25\.60/);
    await shot(page, 'stock-documents');
    await toMenu(page, 'stock-back');

    // The cashier sells 3 milk and 1 kefir by the scanner, in cash.
    await asCashier(page);
    await openSale(page);
    const pieces = async () => (await kassa(page, 'sale.current')).lines.reduce((s, l) => s + l.quantity, 0);
    for (const [i, code] of [MILK.barcode, MILK.barcode, MILK.barcode, KEFIR.barcode].entries()) {
      await blurFields(page);
      await wedgeScan(page, code);
      await expect.poll(pieces).toBe((i + 1) * 1000);
    }
    expect(await lineCount(page)).toBe(2);
    const total = 3 * MILK.price + KEFIR.price;
    await expectText(page.getByTestId('sale-total'), money(total));
    await page.keyboard.press('F10');
    await visible(page.getByTestId('payment-dialog'));
    await page.getByTestId('payment-submit').click();
    await visible(page.getByTestId('screen-paid'));
    const sale = (await kassa(page, 'documents.list', { kind: 'sale', limit: 1, offset: 0 })).items[0]!;
    // One milk comes back by the check (the same API the returns screen calls).
    await kassa(page, 'returns.byCheck', { documentId: sale.id, lines: [{ lineNo: 1, quantity: 1000 }] });
    await page.reload();
    await visible(page.getByTestId('screen-menu'));

    // The admin's balance statement: milk 10 − 3 + 1 = 8, kefir 4 − 1 = 3.
    await asAdmin(page);
    await page.getByTestId('menu-stock').click();
    await page.getByTestId('stock-tab-statements').click();
    await visible(page.getByTestId('statement-table'));
    const closing = async (code: string) => text(page.locator(`[data-testid="statement-row"][data-code="${code}"] [data-testid="statement-closing"]`));
    await expect.poll(() => closing(MILK.code)).toBe('8 шт');
    expect(await closing(KEFIR.code)).toBe('3 шт');
    await expectText(page.getByTestId('statement-total'), `Строк: 2 · остаток в ценах продажи: ${money(8 * MILK.price + 3 * KEFIR.price)}`);
    await shot(page, 'stock-balance-statement');

    // The turnover of the day: in 10 + 1, out 3 for the milk.
    await page.getByTestId('statement-turnover').click();
    const milkRow = page.locator(`[data-testid="statement-row"][data-code="${MILK.code}"]`);
    await expect.poll(() => text(milkRow)).toMatch(/0\s*\+11\s*−3\s*8 шт/);
    await shot(page, 'stock-turnover-statement');

    // Printed on the receipt printer (the training preview) and saved as CSV.
    await page.getByTestId('statement-print').click();
    await expect.poll(async () => (await kassa(page, 'printer.preview'))?.text.join('\n') ?? '').toMatch(/ОБОРОТНАЯ ВЕДОМОСТЬ/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('statement-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^oboroty-.*\.csv$/);
    expect(errors).toEqual([]);
  });

  it('a receipt by the scanner: each scan adds its item or one more of it, Enter posts nothing, an unknown code is said', async () => {
    const { page, errors } = await tills.open();
    await cashierWithOpenShift(page);
    await asAdmin(page);
    await kassa(page, 'stock.saveSettings', { enabled: true, negative: 'allow' });
    await page.getByTestId('menu-stock').click();
    await visible(page.getByTestId('screen-stock'));
    await page.getByTestId('stock-new-receipt').click();
    await page.getByTestId('stock-supplier').fill('ОАО «Савушкин продукт»');
    await page.getByTestId('stock-find').focus();

    for (const code of [MILK.barcode, MILK.barcode, KEFIR.barcode]) await wedgeScan(page, code);
    await expect.poll(() => page.getByTestId('stock-line').count()).toBe(2);
    await expectValue(page.getByTestId('stock-qty-0'), '2');
    await expectValue(page.getByTestId('stock-qty-1'), '1');
    expect(await text(page.getByTestId('stock-lines'))).toContain(MILK.name);
    // The second scan did not post the document with the first line.
    expect((await kassa(page, 'stock.documents', { limit: 10, offset: 0 })).total).toBe(0);

    const unknown = ean13('481999999999');
    await wedgeScan(page, unknown);
    await expectText(page.getByTestId('stock-form-problem'), `Товар «${unknown}» не найден: найдите его по названию`);
    // The next item scanned while a quantity has the focus is not taken as the quantity (its 13 digits were added to it).
    await page.getByTestId('stock-qty-1').focus();
    await wedgeScan(page, MILK.barcode);
    await expect.poll(() => text(page.getByTestId('notice-error'))).toContain(`Код со сканера ${MILK.barcode} не принят: это поле — для числа или пароля`);
    await expectValue(page.getByTestId('stock-qty-1'), '1');
    expect(await page.getByTestId('stock-line').count()).toBe(2);
    await page.getByTestId('stock-price-0').fill('1.90');
    await page.getByTestId('stock-price-1').fill('1.65');
    await shot(page, 'stock-receipt-scanned');
    await page.getByTestId('stock-post').click();
    await expect.poll(() => page.getByTestId('stock-document-row').count()).toBe(1);
    const [doc] = (await kassa(page, 'stock.documents', { limit: 10, offset: 0 })).items;
    expect(doc).toMatchObject({ kind: 'receipt', lines: 2, amount: 2 * 190 + 165 });
    expect(errors).toEqual([]);
  });
  it.skipIf(noPty !== null)('a serial scanner fills the receipt and the goods search as a keyboard one does; a number field or no field takes no code', async () => {
    await withSerialScanner(tills, async ({ page, errors }, scanner) => {
      const scan = (code: string) => scanner.write(Buffer.from(`${code}\r\n`, 'latin1'));
      await asAdmin(page);
      await kassa(page, 'stock.saveSettings', { enabled: true, negative: 'allow' });
      await page.getByTestId('menu-stock').click();
      await visible(page.getByTestId('screen-stock'));
      await page.getByTestId('stock-new-receipt').click();
      await page.getByTestId('stock-find').focus();
      // The codes came as main's events to no screen that took them: lost without a word.
      await scan(MILK.barcode);
      await expectValue(page.getByTestId('stock-qty-0'), '1');
      await scan(MILK.barcode);
      await expectValue(page.getByTestId('stock-qty-0'), '2');
      await scan(KEFIR.barcode);
      await expectValue(page.getByTestId('stock-qty-1'), '1');
      expect(await page.getByTestId('stock-line').count()).toBe(2);
      await expectValue(page.getByTestId('stock-find'), '');
      expect((await kassa(page, 'stock.documents', { limit: 10, offset: 0 })).total).toBe(0);

      // A number field in focus takes no code: it is said, and the quantity stays.
      await page.getByTestId('stock-qty-1').focus();
      await scan(MILK.barcode);
      await expect.poll(() => text(page.getByTestId('notice-error'))).toContain(`Код со сканера ${MILK.barcode} не принят: это поле — для числа или пароля`);
      await expectValue(page.getByTestId('stock-qty-1'), '1');
      await shot(page, 'stock-receipt-serial-scanner');

      // The goods screen: the code goes into its search, which finds the item.
      await page.getByTestId('stock-form-cancel').click();
      await toMenu(page, 'stock-back');
      await page.getByTestId('menu-goods').click();
      await page.getByTestId('goods-search').focus();
      await scan(KEFIR.barcode);
      await expectValue(page.getByTestId('goods-search'), KEFIR.barcode);
      await expect.poll(() => page.getByTestId('goods-row').count()).toBe(1);
      await visible(page.locator(`[data-testid="goods-row"][data-code="${KEFIR.code}"]`));

      // No field in focus: said, not lost.
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await scan(MILK.barcode);
      await expect.poll(() => text(page.getByTestId('notice-error'))).toContain(`Код со сканера ${MILK.barcode} не принят: сначала выберите поле, куда его ввести`);
      await expectValue(page.getByTestId('goods-search'), KEFIR.barcode);
      expect(errors).toEqual([]);
    });
  });
});

describe('discount cards', () => {
  it('the admin registers a series; the cashier scans a card of it on the sale screen; an unknown card is refused', async () => {
    const { page, errors } = await tills.open();
    await cashierWithOpenShift(page);
    await asAdmin(page);
    await page.getByTestId('menu-discount-cards').click();
    await visible(page.getByTestId('screen-discount-cards'));
    await page.getByTestId('card-kind').selectOption('prefix');
    await page.getByTestId('card-number').fill('7701');
    await page.getByTestId('card-name').fill('Золотая');
    await page.getByTestId('card-value').fill('10');
    await page.getByTestId('card-save').click();
    await visible(page.locator('[data-testid="discount-card-row"][data-number="7701"]'));
    await shot(page, 'discount-cards');
    await toMenu(page, 'discount-cards-back');

    await asCashier(page);
    await openSale(page);
    await blurFields(page);
    await wedgeScan(page, MILK.barcode);
    await expect.poll(() => lineCount(page)).toBe(1);
    // A card of the series, scanned like goods: 10 % off the check.
    await blurFields(page);
    await wedgeScan(page, '7701000042');
    const off = Math.round(MILK.price / 10);
    await expectText(page.getByTestId('sale-total'), money(MILK.price - off));
    expect(await lineCount(page)).toBe(1);
    expect((await kassa(page, 'sale.current')).discountCard).toBe('7701000042');
    await shot(page, 'discount-card-scanned');

    // A card not in the directory, typed in the discount dialog: refused, the discount stays.
    await page.keyboard.press('F8');
    await visible(page.getByTestId('discount-dialog'));
    await page.getByTestId('discount-value').fill('');
    await page.getByTestId('discount-card').fill('5500123');
    await page.getByTestId('discount-card-apply').click();
    await expectText(page.getByTestId('notice-error').locator('.notice-text'), 'Дисконтная карта 5500123 не найдена в справочнике: скидка не дана');
    await shot(page, 'discount-card-unknown');
    expect((await kassa(page, 'sale.current')).total).toBe(MILK.price - off);

    // F8, then the card scanned with the dialog's number in focus (as a cashier does): it is taken as
    // the card and applied — it was refused as a number («Это код со сканера, а не число»).
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('discount-dialog').count()).toBe(0);
    await page.keyboard.press('F8');
    await visible(page.getByTestId('discount-dialog'));
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('discount-value');
    await wedgeScan(page, '7701000077');
    await expect.poll(() => page.getByTestId('discount-dialog').count()).toBe(0);
    expect((await kassa(page, 'sale.current')).discountCard).toBe('7701000077');
    await expectText(page.getByTestId('sale-total'), money(MILK.price - off));
    expect(errors).toEqual([]);
  });

  it.skipIf(noPty !== null)("a serial scanner's card with the discount dialog open is the card (it was «not taken»)", async () => {
    await withSerialScanner(tills, async ({ page, errors }, scanner) => {
      const scan = (code: string) => scanner.write(Buffer.from(`${code}\r\n`, 'latin1'));
      await asAdmin(page);
      await kassa(page, 'discountCards.add', { number: '7701', kind: 'prefix', name: 'Золотая', percent: 1000, amount: null });
      await asCashier(page);
      await openSale(page);
      await scan(MILK.barcode);
      await expect.poll(() => lineCount(page)).toBe(1);
      await page.keyboard.press('F8');
      await visible(page.getByTestId('discount-dialog'));
      await scan('7701000042');
      await expect.poll(() => page.getByTestId('discount-dialog').count()).toBe(0);
      expect((await kassa(page, 'sale.current')).discountCard).toBe('7701000042');
      await expectText(page.getByTestId('sale-total'), money(MILK.price - Math.round(MILK.price / 10)));
      expect(await lineCount(page)).toBe(1);
      expect(errors).toEqual([]);
    });
  });
});
