/**
 * Annulment of an erroneous document within the limits of the settings (default: the last
 * document of the shift), from the list of checks; the annulled check stays in the list marked as
 * such; a copy of it is marked «КОПИЯ».
 */
import { describe, expect, it } from 'vitest';
import { cashierWithOpenShift, itemsByBarcode } from './flows.js';
import { answered, clockAtNoon, expectText, kassa, money, shot, text, useTills, visible } from './helpers.js';

const tills = useTills();

describe('annulment', () => {
  it('refuses an earlier check, annuls the last one with a reason, lists it as annulled, copies it marked «КОПИЯ»', async () => {
    // Annulment is allowed only on the document's own day: the till's clock keeps clear of midnight.
    const { page, errors } = await tills.open(clockAtNoon());
    await cashierWithOpenShift(page);
    const [a, b] = await itemsByBarcode(page, 2);
    if (!a || !b) throw new Error('two piece goods needed');
    await kassa(page, 'sale.addItem', { barcode: a.barcodes[0]! });
    const first = await kassa(page, 'sale.pay', { payments: [{ form: 'cash', amount: a.price }] });
    await kassa(page, 'sale.addItem', { barcode: b.barcodes[0]!, quantity: 2000 });
    const second = await kassa(page, 'sale.pay', { payments: [{ form: 'card', amount: b.price * 2 }] });
    const rules = (await kassa(page, 'settings.workflow')).annulment;

    await page.getByTestId('menu-documents').click();
    await visible(page.getByTestId('screen-documents'));
    const list = page.getByTestId('doc-table');
    const kinds = () => page.getByTestId('doc-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind')));
    await answered(list);
    // Only sales, by the kind filter (the unfiltered list holds the shift's opening too).
    expect(await kinds()).toContain('shift_open');
    await page.getByTestId('doc-filter-kind').selectOption('sale');
    await page.getByTestId('doc-filter-apply').click();
    await answered(list);
    expect(await kinds()).toEqual(['sale', 'sale']);

    // The earlier check: refused by the rules of the settings (main's message).
    await page.locator(`[data-testid="doc-row"][data-document-id="${first.document.id}"]`).click();
    await expectText(page.getByTestId('doc-detail-title'), `Продажа № ${first.document.numberInShift}, смена ${first.document.shiftNumber}`);
    await page.getByTestId('doc-annul').click();
    await visible(page.getByTestId('annul-dialog'));
    await page.getByTestId('annul-reason').fill('ошибка кассира');
    await page.getByTestId('annul-ok').click();
    // Default rules: only the last document (or check) of the shift.
    expect(['lastDocument', 'lastCheck']).toContain(rules.scope);
    await visible(page.getByTestId('notice-error'));
    expect(await text(page.getByTestId('notice-error'))).toMatch(/аннулир/i);
    expect((await kassa(page, 'documents.get', { id: first.document.id })).annulledBy).toBeNull();
    await shot(page, 'annul-refused');

    // The last check: annulled with its reason.
    await page.locator(`[data-testid="doc-row"][data-document-id="${second.document.id}"]`).click();
    await expectText(page.getByTestId('doc-detail-title'), `Продажа № ${second.document.numberInShift}, смена ${second.document.shiftNumber}`);
    await page.getByTestId('doc-annul').click();
    await visible(page.getByTestId('annul-dialog'));
    await shot(page, 'annul-confirm');
    await page.getByTestId('annul-reason').fill('покупатель передумал до выдачи чека');
    await page.getByTestId('annul-ok').click();
    await visible(page.getByTestId('notice-success'));
    await visible(page.getByTestId('doc-annulled-by'));
    const annulled = await kassa(page, 'documents.get', { id: second.document.id });
    expect(annulled.annulledBy?.kind).toBe('annulment');
    await expectText(
      page.getByTestId('doc-annulled-by'),
      `Аннулирован документом «Аннулирование № ${annulled.annulledBy!.numberInShift}, смена ${annulled.annulledBy!.shiftNumber}»`,
    );
    const row = page.locator(`[data-testid="doc-row"][data-document-id="${second.document.id}"]`);
    await expect.poll(() => text(row)).toContain('аннулирован');
    const annulment = await kassa(page, 'documents.get', { id: annulled.annulledBy!.id });
    expect(annulment.refersTo?.id).toBe(second.document.id);
    expect(annulment.reason).toBe('покупатель передумал до выдачи чека');
    expect(annulment.total).toBe(b.price * 2);
    await shot(page, 'annul-done');

    // A copy of the annulled check: marked «КОПИЯ».
    await page.getByTestId('doc-copy').click();
    await visible(page.getByTestId('copy-dialog'));
    const copy = await text(page.getByTestId('copy-receipt'));
    expect(copy).toContain('КОПИЯ');
    expect(copy).toMatch(new RegExp(`ИТОГО\\s+${money(b.price * 2).replace('.', '\\.')}`));
    await shot(page, 'annul-copy');
    await page.getByTestId('copy-close').click();

    // The annulment itself is in the list of all documents.
    await page.getByTestId('doc-filter-kind').selectOption('annulment');
    await page.getByTestId('doc-filter-apply').click();
    await answered(list);
    expect(await kinds()).toEqual(['annulment']);
    expect(errors).toEqual([]);
  });
});
