/**
 * Issue 14 (and issue 10 item 3): the number the customer sees. The receipt prints the check's
 * number in the shift (sales and returns counted alone: the first check is № 1, an X-report or a
 * cash in makes no gap) with the document number beside it; the paid screen and the return's
 * screen name the check the same way, not by the document number alone.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { blurFields, cashierWithOpenShift, itemsByBarcode, lineCount, openSale, wedgeScan } from './flows.js';
import { expectText, kassa, shot, text, useTills, visible } from './helpers.js';

const tills = useTills();

/** One item scanned and paid in cash through the payment dialog; the page ends on the paid screen. */
async function sellOne(page: Page, barcode: string): Promise<void> {
  await blurFields(page);
  await wedgeScan(page, barcode);
  await expect.poll(() => lineCount(page)).toBe(1);
  await page.keyboard.press('F10');
  await visible(page.getByTestId('payment-dialog'));
  await page.getByTestId('payment-submit').click();
  await visible(page.getByTestId('screen-paid'));
}

describe('the check number on the screen is the one on the receipt', () => {
  it('shows «Чек № 1 (док. N)» after the first sale, «Чек № 2» after an X-report and a cash in, and the return as check № 3, as printed', async () => {
    const { page, errors } = await tills.open();
    await page.setViewportSize({ width: 1366, height: 768 });
    await cashierWithOpenShift(page);
    const [a, b] = await itemsByBarcode(page, 2);
    if (!a || !b) throw new Error('two piece goods needed');

    await openSale(page);
    await sellOne(page, a.barcodes[0]!);
    const [first] = (await kassa(page, 'documents.list', { kind: 'sale' })).items;
    // The shift's opening is a document too: the first check is not the first document.
    expect(first!.numberInShift).toBeGreaterThan(1);
    await expectText(page.getByTestId('paid-title'), `Чек № 1 (док. ${first!.numberInShift}) оплачен`);
    expect(await text(page.getByTestId('receipt'))).toContain(`Чек № 1 (док. ${first!.numberInShift})`);
    await shot(page, 'paid-check-number-1');
    await page.getByTestId('sale-new-check').click();
    await visible(page.getByTestId('sale-lines-empty'));

    // An X-report and a cash in between: documents, not checks.
    await kassa(page, 'shift.xReport');
    await kassa(page, 'cash.in', { amount: 5000 });
    await sellOne(page, b.barcodes[0]!);
    const second = (await kassa(page, 'documents.list', { kind: 'sale' })).items.find((d) => d.id !== first!.id)!;
    expect(second.numberInShift).toBe(first!.numberInShift + 3);
    await expectText(page.getByTestId('paid-title'), `Чек № 2 (док. ${second.numberInShift}) оплачен`);
    expect(await text(page.getByTestId('receipt'))).toContain(`Чек № 2 (док. ${second.numberInShift})`);
    await shot(page, 'paid-check-number-2');

    // A return is a check too: № 3 of the shift, named on its screen as on its slip.
    await page.getByTestId('sale-new-check').click();
    await visible(page.getByTestId('sale-lines-empty'));
    await page.keyboard.press('Escape');
    await page.getByTestId('menu-returns').click();
    await visible(page.getByTestId('screen-returns'));
    await page.getByTestId('return-shift').fill(String(second.shiftNumber));
    await page.getByTestId('return-number').fill(String(second.numberInShift));
    await page.getByTestId('return-find-number').click();
    await visible(page.locator(`[data-testid="return-check"][data-document-id="${second.id}"]`));
    await page.getByTestId('return-whole').click();
    await page.getByTestId('return-confirm-ok').click();
    await visible(page.getByTestId('screen-return-done'));
    const [back] = (await kassa(page, 'documents.list', { kind: 'return' })).items;
    await expectText(page.getByTestId('return-done-title'), `Возврат оформлен: чек № 3 (док. ${back!.numberInShift})`);
    await shot(page, 'return-check-number-3');

    // The contract says it for every screen that shows a document: checks only.
    expect((await kassa(page, 'documents.get', { id: second.id })).checkNumber).toBe(2);
    expect((await kassa(page, 'documents.get', { id: back!.id })).checkNumber).toBe(3);
    const [x] = (await kassa(page, 'documents.list', { kind: 'x_report' })).items;
    expect((await kassa(page, 'documents.get', { id: x!.id })).checkNumber).toBeNull();
    expect(errors).toEqual([]);
  });
});
