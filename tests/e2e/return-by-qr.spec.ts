/**
 * Returns: a sale found by scanning its QR code, returned partly (never more than sold minus
 * earlier returns), refunded to the original payment forms; and a return without a check, whose
 * reason is required.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { DocumentDetail } from '../../preload/contract/index.js';
import { socatMissing } from '../fixtures/serial/socat.js';
import { blurFields, cashierWithOpenShift, itemsByBarcode, wedgeScan, withSerialScanner } from './flows.js';
import { expectText, kassa, money, shot, text, useTills, visible } from './helpers.js';

const tills = useTills();
const noPty = socatMissing();
if (noPty) console.warn(`return-by-qr.spec: the serial scanner test skipped — ${noPty}`);

/** The sale's stored document once the СКО has accepted it (its QR carries the verify URL). */
async function fiscalized(page: Page, id: number): Promise<DocumentDetail> {
  let doc = await kassa(page, 'documents.get', { id });
  for (let i = 0; i < 100 && !doc.fiscal; i++) {
    await new Promise((r) => setTimeout(r, 100));
    doc = await kassa(page, 'documents.get', { id });
  }
  if (!doc.fiscal) throw new Error('the sale was not accepted by the СКО in 10 s');
  return doc;
}

describe('returns', () => {
  it('finds a sale by its QR, returns part of it to the original forms and refuses more than is left', async () => {
    const { page, errors } = await tills.open();
    await cashierWithOpenShift(page);

    // A sale made before: two of A and one of B, paid by card and cash.
    const [a, b] = await itemsByBarcode(page, 2);
    if (!a || !b) throw new Error('two piece goods needed');
    await kassa(page, 'sale.addItem', { barcode: a.barcodes[0]!, quantity: 2000 });
    const check = await kassa(page, 'sale.addItem', { barcode: b.barcodes[0]! });
    const card = Math.floor(check.total / 2);
    const paid = await kassa(page, 'sale.pay', {
      payments: [
        { form: 'card', amount: card },
        { form: 'cash', amount: check.total - card },
      ],
    });
    const sale = await fiscalized(page, paid.document.id);

    // ── Scan the QR from the customer's check ──
    await page.getByTestId('menu-returns').click();
    await visible(page.getByTestId('screen-returns'));
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('return-qr');
    await page.keyboard.type(sale.fiscal!.verifyUrl, { delay: 10 });
    await page.keyboard.press('Enter');
    await visible(page.locator(`[data-testid="return-check"][data-document-id="${sale.id}"]`));
    await expectText(page.getByTestId('return-doc-title'), `Продажа № ${sale.numberInShift}, смена ${sale.shiftNumber}`);
    expect(await page.getByTestId('return-line').count()).toBe(2);
    await shot(page, 'return-found-by-qr');

    // ── One of the two A back ──
    await page.getByTestId('return-qty-1').fill('1');
    await page.getByTestId('return-selected').click();
    await page.getByTestId('return-confirm-ok').click();
    await visible(page.getByTestId('screen-return-done'));
    const expected = Math.floor((sale.lines[0]!.amount * 1000 + 1000) / 2000); // half of the line, half up
    await expectText(page.getByTestId('return-total'), money(expected));
    const firstReturn = (await kassa(page, 'documents.list', { kind: 'return' })).items[0]!;
    const detail = await kassa(page, 'documents.get', { id: firstReturn.id });
    expect(detail.total).toBe(expected);
    expect(detail.refersTo?.id).toBe(sale.id);
    // Refunded to the sale's own forms, to the kopeck.
    const forms = new Set(sale.payments.map((p) => p.form));
    expect(detail.payments.every((p) => forms.has(p.form))).toBe(true);
    expect(detail.payments.reduce((s, p) => s + p.amount, 0)).toBe(expected);
    for (const p of detail.payments) await expectText(page.getByTestId(`return-refund-${p.form}`), money(p.amount));
    expect(await text(page.getByTestId('return-receipt'))).toContain(a.name.slice(0, 20));
    await shot(page, 'return-partial-done');
    await page.getByTestId('return-next').click();

    // ── The same sale again: one A is left; two are refused before anything is sent ──
    await page.getByTestId('return-shift').fill(String(sale.shiftNumber));
    await page.getByTestId('return-number').fill(String(sale.numberInShift));
    await page.getByTestId('return-find-number').click();
    await visible(page.locator(`[data-testid="return-check"][data-document-id="${sale.id}"]`));
    await expectText(page.locator('[data-line-no="1"]').getByTestId('return-line-returned'), '1 шт');
    await page.getByTestId('return-qty-1').fill('2');
    await expectText(page.getByTestId('return-check').locator('.field-error'), 'Больше, чем можно вернуть по этой строке');
    expect(await page.getByTestId('return-selected').isDisabled()).toBe(true);
    await shot(page, 'return-more-than-left');
    // Main refuses it too.
    const refused = await page.evaluate((id) => window.kassa.returns.byCheck({ documentId: id, lines: [{ lineNo: 1, quantity: 2000 }] }), sale.id);
    expect(refused.ok).toBe(false);

    // What is left: the rest of the check in one go.
    await page.getByTestId('return-whole').click();
    await page.getByTestId('return-confirm-ok').click();
    await visible(page.getByTestId('screen-return-done'));
    await expectText(page.getByTestId('return-total'), money(sale.total - expected));
    const after = await kassa(page, 'documents.get', { id: sale.id });
    expect(after.returnedTotal).toBe(sale.total);
    expect(errors).toEqual([]);
  });

  it('finds the sale when the keyboard-wedge scanner reads its QR, with no field in focus', async () => {
    const { page, errors } = await tills.open();
    await cashierWithOpenShift(page);
    const [a] = await itemsByBarcode(page, 1);
    const check = await kassa(page, 'sale.addItem', { barcode: a!.barcodes[0]! });
    const sale = await fiscalized(page, (await kassa(page, 'sale.pay', { payments: [{ form: 'cash', amount: check.total }] })).document.id);

    await page.getByTestId('menu-returns').click();
    await visible(page.getByTestId('screen-returns'));
    await blurFields(page);
    await wedgeScan(page, sale.fiscal!.verifyUrl);
    await visible(page.locator(`[data-testid="return-check"][data-document-id="${sale.id}"]`));
    await expectText(page.getByTestId('return-doc-title'), `Продажа № ${sale.numberInShift}, смена ${sale.shiftNumber}`);
    await shot(page, 'return-found-by-wedge-scanner');
    expect(errors).toEqual([]);
  });

  it.skipIf(noPty !== null)('finds the sale when a serial 2D scanner reads its QR, with no field in focus', async () => {
    await withSerialScanner(tills, async ({ page, errors }, scanner) => {
      const [a] = await itemsByBarcode(page, 1);
      const check = await kassa(page, 'sale.addItem', { barcode: a!.barcodes[0]! });
      const sale = await fiscalized(page, (await kassa(page, 'sale.pay', { payments: [{ form: 'cash', amount: check.total }] })).document.id);

      await page.getByTestId('menu-returns').click();
      await visible(page.getByTestId('screen-returns'));
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await scanner.write(Buffer.from(`${sale.fiscal!.verifyUrl}\r\n`, 'latin1'));
      await visible(page.locator(`[data-testid="return-check"][data-document-id="${sale.id}"]`));
      await shot(page, 'return-found-by-serial-scanner');
      expect(errors).toEqual([]);
    });
  });

  it('returns without a check only with a reason, in the chosen form', async () => {
    const { page, errors } = await tills.open();
    await cashierWithOpenShift(page);
    // Cash goes back only from cash in the drawer.
    await kassa(page, 'cash.in', { amount: 2000, currency: 'BYN' });
    await page.getByTestId('menu-returns').click();
    await page.getByTestId('returns-tab-free').click();
    await visible(page.getByTestId('return-free'));
    await page.getByTestId('return-free-amount').fill('12.50');
    expect(await page.getByTestId('return-free-submit').isDisabled()).toBe(true);
    await page.getByTestId('return-reason').fill('чек утерян покупателем');
    await page.getByTestId('return-form-cash').click();
    await shot(page, 'return-without-check');
    await page.getByTestId('return-free-submit').click();
    await visible(page.getByTestId('screen-return-done'));
    await expectText(page.getByTestId('return-total'), '12.50');
    await expectText(page.getByTestId('return-refund-cash'), '12.50');
    const doc = (await kassa(page, 'documents.list', { kind: 'return' })).items[0]!;
    expect((await kassa(page, 'documents.get', { id: doc.id })).reason).toBe('чек утерян покупателем');

    // The next customer's item scanned on the return's screen: the sale opens with it.
    const [next] = await itemsByBarcode(page, 1);
    await wedgeScan(page, next!.barcodes[0]!);
    await visible(page.getByTestId('screen-sale'));
    await expectText(page.getByTestId('sale-line-name'), next!.name);
    expect((await kassa(page, 'sale.current')).lines.map((l) => l.itemId)).toEqual([next!.id]);
    expect(errors).toEqual([]);
  });
});
