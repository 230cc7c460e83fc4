/**
 * The sale with a keyboard-wedge scanner: scans recognised with no field focused, "3*" before a
 * scan, a DataMatrix typed on a Russian layout, a misread check digit, an unknown code, a PLU code,
 * the search by keyboard, quantity editing and deleting a line; then discounts and a parked check.
 */
import { describe, expect, it } from 'vitest';
import {
  blurFields,
  cashierWithOpenShift,
  currentCheck,
  ean13,
  itemsByBarcode,
  lineAmount,
  lineCount,
  openSale,
  wedgeScan,
  wedgeScanRussianLayout,
} from './flows.js';
import { expectText, gone, kassa, money, sampleCatalogue, shot, text, useTills, visible } from './helpers.js';

const tills = useTills();

describe('sale with scanner input', () => {
  it('adds scanned goods with no field focused, takes "3*", a Russian-layout DataMatrix, a PLU and a search pick', async () => {
    const { page, errors } = await tills.open();
    await cashierWithOpenShift(page);
    await openSale(page);
    const [a, b, c, d] = await itemsByBarcode(page, 4);
    if (!a || !b || !c || !d) throw new Error('four piece goods needed');

    // ── A scan with no field focused ──
    await blurFields(page);
    await wedgeScan(page, a.barcodes[0]!);
    await expect.poll(() => lineCount(page)).toBe(1);
    await expectText(page.getByTestId('sale-line-name').nth(0), a.name);
    await expectText(page.getByTestId('sale-total'), money(a.price));
    expect(await page.getByTestId('sale-barcode').inputValue()).toBe('');
    await shot(page, 'scanner-first-scan');

    // ── "3*" typed by hand, then a scan: three of the scanned item ──
    await blurFields(page);
    await page.keyboard.type('3*', { delay: 150 });
    await expectText(page.getByTestId('sale-pending-qty'), '× 3');
    await shot(page, 'scanner-pending-quantity');
    await wedgeScan(page, b.barcodes[0]!);
    await expect.poll(() => lineCount(page)).toBe(2);
    await expectText(page.getByTestId('sale-line-qty').nth(1), '3 шт');
    await expectText(page.getByTestId('sale-line-amount').nth(1), money(lineAmount(b.price, 3000)));
    expect(await page.getByTestId('sale-pending-qty').count()).toBe(0);

    // ── A marked item's DataMatrix, scanned on a Russian keyboard layout ──
    const marked = sampleCatalogue().find((i) => (i as { marked?: boolean }).marked && i.barcodes.length > 0);
    if (!marked) throw new Error('the sample catalogue needs a marked item with a barcode');
    const markedItem = await kassa(page, 'catalogue.byBarcode', { barcode: marked.barcodes[0]! });
    const dataMatrix = `010${marked.barcodes[0]}21AbXyZ5q7`;
    await blurFields(page);
    await wedgeScanRussianLayout(page, dataMatrix);
    await expect.poll(() => lineCount(page)).toBe(3);
    await expectText(page.getByTestId('sale-line-name').nth(2), markedItem.name);
    expect(await text(page.getByTestId('sale-line').nth(2).getByTestId('sale-line-notes'))).toContain(`КМ 010${marked.barcodes[0]}21AbXyZ5q7`.slice(0, 31));
    expect((await currentCheck(page)).lines[2]?.markCode).toBe(dataMatrix);
    await shot(page, 'scanner-datamatrix-ru-layout');
    // The same code again: refused, nothing added.
    await blurFields(page);
    await wedgeScanRussianLayout(page, dataMatrix);
    await expectText(page.getByTestId('notice-error'), /код маркировки уже есть в чеке/i);
    expect(await lineCount(page)).toBe(3);

    // ── A misread check digit and an unknown code: a clear message, nothing added ──
    const first12 = a.barcodes[0]!.slice(0, 12);
    const wrongDigit = String((Number(a.barcodes[0]!.at(-1)) + 1) % 10);
    await blurFields(page);
    await wedgeScan(page, first12 + wrongDigit);
    await expectText(page.getByTestId('notice-error'), new RegExp(`${first12}${wrongDigit} прочитан с ошибкой`));
    const known = new Set(sampleCatalogue().flatMap((i) => i.barcodes));
    const unknown = ['481999999999', '481999999998', '481999999997'].map(ean13).find((x) => !known.has(x))!;
    await blurFields(page);
    await wedgeScan(page, unknown);
    await expectText(page.getByTestId('notice-error'), new RegExp(`${unknown} не найден`));
    expect(await lineCount(page)).toBe(3);
    await shot(page, 'scanner-unknown-code');

    // ── A PLU code typed into the entry line ──
    await page.getByTestId('sale-barcode').click();
    await page.keyboard.type(c.code);
    await page.keyboard.press('Enter');
    await expect.poll(() => lineCount(page)).toBe(4);
    await expectText(page.getByTestId('sale-line-name').nth(3), c.name);

    // ── Search as you type, chosen with the keyboard ──
    const word = d.name
      .split(/[\s«»"]+/)
      .find((w) => w.length >= 4)!
      .toLowerCase();
    const results = await kassa(page, 'catalogue.search', { query: word, limit: 20 });
    const at = results.findIndex((r) => r.id === d.id);
    expect(at).toBeGreaterThanOrEqual(0);
    await page.keyboard.press('F2');
    await page.keyboard.type(word, { delay: 30 });
    await visible(page.locator(`[data-testid="sale-search-result"][data-item-id="${d.id}"]`));
    for (let i = 0; i < at; i++) await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.locator(`[data-testid="sale-search-result"][data-item-id="${d.id}"]`).getAttribute('aria-selected')).toBe('true');
    await shot(page, 'scanner-search');
    await page.keyboard.press('Enter');
    await expect.poll(() => lineCount(page)).toBe(5);
    await expectText(page.getByTestId('sale-line-name').nth(4), d.name);

    // ── Edit the first line's quantity (F6), delete the PLU line (Delete) ──
    await page.getByTestId('sale-line').nth(0).click();
    await page.keyboard.press('F6');
    await visible(page.getByTestId('quantity-dialog'));
    await page.keyboard.type('2');
    await page.keyboard.press('Enter');
    await expectText(page.getByTestId('sale-line-qty').nth(0), '2 шт');
    await page.getByTestId('sale-line').nth(3).click();
    await page.keyboard.press('Delete');
    await page.getByTestId('storno-ok').click();
    await expect.poll(() => lineCount(page)).toBe(4);
    expect(await page.getByTestId('sale-line-name').allTextContents()).toEqual([a.name, b.name, markedItem.name, d.name]);

    const total = lineAmount(a.price, 2000) + lineAmount(b.price, 3000) + markedItem.price + d.price;
    await expectText(page.getByTestId('sale-total'), money(total));
    expect((await currentCheck(page)).total).toBe(total);
    await shot(page, 'scanner-lines-edited');
    expect(errors).toEqual([]);
  });

  it('gives a line discount and a discount-card discount, parks the check and resumes it', async () => {
    const { page, errors } = await tills.open();
    // The admin registered the card's series: 5 % off.
    await cashierWithOpenShift(page, async () => {
      await kassa(page, 'discountCards.add', { number: '1234', kind: 'prefix', name: 'Постоянный покупатель', percent: 500, amount: null });
    });
    await openSale(page);
    const [a, b] = await itemsByBarcode(page, 2);
    if (!a || !b) throw new Error('two piece goods needed');
    await blurFields(page);
    await wedgeScan(page, a.barcodes[0]!);
    await expect.poll(() => lineCount(page)).toBe(1);
    await blurFields(page);
    await wedgeScan(page, b.barcodes[0]!);
    await expect.poll(() => lineCount(page)).toBe(2);

    // 10 % off the first line.
    await page.getByTestId('sale-line').nth(0).click();
    await page.keyboard.press('F7');
    await visible(page.getByTestId('discount-dialog'));
    await page.getByTestId('discount-value').fill('10');
    await shot(page, 'discount-line');
    await page.getByTestId('discount-apply').click();
    const lineOff = Math.floor((a.price * 1000 + 5000) / 10000); // 10 %, half up
    await expectText(page.getByTestId('sale-line-amount').nth(0), money(a.price - lineOff));
    expect(await text(page.getByTestId('sale-line-notes').nth(0))).toContain(`Скидка 10% −${money(lineOff)}`);
    await gone(page.getByTestId('discount-dialog'));

    // A discount card of the registered series: its 5 % on the whole check.
    await page.keyboard.press('F8');
    await visible(page.getByTestId('discount-dialog'));
    await page.getByTestId('discount-card').fill('1234567890');
    await page.getByTestId('discount-card-apply').click();
    const subtotal = a.price - lineOff + b.price;
    const cardOff = Math.floor((subtotal * 500 + 5000) / 10000);
    // The total first: it changes with the card; the subtotal before it was already on screen.
    await expectText(page.getByTestId('sale-total'), money(subtotal - cardOff));
    await expectText(page.getByTestId('sale-subtotal'), money(subtotal));
    const check = await currentCheck(page);
    expect(check.total).toBe(subtotal - cardOff);
    expect(check.lines.reduce((s, l) => s + l.amount, 0)).toBe(check.total);
    await shot(page, 'discount-card');
    await gone(page.getByTestId('discount-dialog'));

    // Park it: the till is free; then bring it back with everything on it.
    await page.keyboard.press('F9');
    await visible(page.getByTestId('park-dialog'));
    await page.getByTestId('park-note').fill('вернётся за хлебом');
    await page.getByTestId('park-submit').click();
    await visible(page.getByTestId('sale-lines-empty'));
    await expectText(page.getByTestId('sale-parked'), /Отложенные · 1/);
    await gone(page.getByTestId('park-dialog'));
    await page.keyboard.press('F3');
    await visible(page.getByTestId('parked-dialog'));
    const row = page.getByTestId('parked-row');
    expect(await text(row)).toContain('вернётся за хлебом');
    expect(await text(row)).toContain(money(subtotal - cardOff));
    await shot(page, 'parked-list');
    await row.getByRole('button').click();
    await expect.poll(() => lineCount(page)).toBe(2);
    await expectText(page.getByTestId('sale-total'), money(subtotal - cardOff));
    expect(errors).toEqual([]);
  });
});
