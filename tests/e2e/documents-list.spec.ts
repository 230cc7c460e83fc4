/**
 * The lists of shifts and checks through the real UI: shifts filtered by number and by opening
 * date and paged with «Показать ещё» past the first 50; checks filtered by kind and amount.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { cashierWithOpenShift, itemsByBarcode } from './flows.js';
import { answered, expectText, kassa, money, shot, useTills, visible } from './helpers.js';

const tills = useTills();

/** "22.11.2025": the local day of an instant as the cashier types it, `days` later. */
function ruDate(iso: string, days = 0): string {
  const d = new Date(iso);
  d.setDate(d.getDate() + days);
  return `${String(d.getDate()).padStart(2, '0')}.${String(d.getMonth() + 1).padStart(2, '0')}.${d.getFullYear()}`;
}

async function retype(page: Page, testId: string, value: string): Promise<void> {
  await page.getByTestId(testId).fill('');
  await page.getByTestId(testId).fill(value);
}

const docKinds = (page: Page) => page.getByTestId('doc-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind')));
const shiftNumbers = async (page: Page) => await page.getByTestId('shift-row').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-shift-number'))));

describe('lists of shifts and checks', () => {
  it('filters the shifts by number and by date, and pages past the first 50 with «Показать ещё»', async () => {
    const { page, errors } = await tills.open();
    await cashierWithOpenShift(page);
    // 56 shifts: 55 closed by their Z, the last one open.
    await kassa(page, 'shift.zReport', { cashOutAll: true });
    for (let i = 0; i < 54; i++) {
      await kassa(page, 'shift.open');
      await kassa(page, 'shift.zReport', { cashOutAll: true });
    }
    await kassa(page, 'shift.open');
    await page.reload();
    await visible(page.getByTestId('screen-menu'));

    await page.getByTestId('menu-documents').click();
    await page.getByTestId('documents-tab-shifts').click();
    await visible(page.getByTestId('shift-filters'));
    const shifts = page.getByTestId('shift-table');
    await answered(shifts);
    await expectText(page.getByTestId('shift-count'), 'Показано 50 из 56');
    expect((await shiftNumbers(page)).slice(0, 3)).toEqual([56, 55, 54]);
    await page.getByTestId('shift-more').click();
    // The count says 56 at the click; the next page's rows come with its own answer: wait for the rows.
    await expect.poll(() => shiftNumbers(page)).toEqual(Array.from({ length: 56 }, (_, i) => 56 - i));
    await expectText(page.getByTestId('shift-count'), 'Показано 56 из 56');
    expect(await page.getByTestId('shift-more').count()).toBe(0);
    await page.getByTestId('shift-row').last().scrollIntoViewIfNeeded();
    await shot(page, 'shifts-paged');

    await retype(page, 'shift-filter-number', '7');
    await page.getByTestId('shift-filter-apply').click();
    await answered(shifts);
    expect(await shiftNumbers(page)).toEqual([7]);
    await expectText(page.getByTestId('shift-count'), 'Показано 1 из 1');
    await shot(page, 'shifts-by-number');

    // The days the shifts were opened on hold all of them; from the day after on there are none.
    // The days come from the shifts themselves, so a run across midnight filters the right ones.
    const opened = (await kassa(page, 'shifts.list', { limit: 100 })).items.map((s) => s.openedAt).sort();
    await retype(page, 'shift-filter-number', '');
    await retype(page, 'shift-filter-from', ruDate(opened[0]!));
    await retype(page, 'shift-filter-to', ruDate(opened.at(-1)!));
    await page.getByTestId('shift-filter-apply').click();
    await answered(shifts);
    expect((await shiftNumbers(page)).slice(0, 3)).toEqual([56, 55, 54]);
    await expectText(page.getByTestId('shift-count'), 'Показано 50 из 56');
    await retype(page, 'shift-filter-from', ruDate(opened.at(-1)!, 1));
    await retype(page, 'shift-filter-to', ruDate(opened.at(-1)!, 1));
    await page.getByTestId('shift-filter-apply').click();
    await answered(shifts);
    expect(await shiftNumbers(page)).toEqual([]);
    await expectText(shifts.locator('td.muted'), 'Смен нет');
    await shot(page, 'shifts-by-date-none');
    await page.getByTestId('shift-filter-reset').click();
    await answered(shifts);
    await expectText(page.getByTestId('shift-count'), 'Показано 50 из 56');
    expect(errors).toEqual([]);
  });

  it('filters the checks by kind and amount, and refuses an amount that is not a sum', async () => {
    const { page, errors } = await tills.open();
    await cashierWithOpenShift(page);
    const [item] = await itemsByBarcode(page, 1);
    for (const n of [1, 2, 3]) {
      await kassa(page, 'sale.addItem', { barcode: item!.barcodes[0]!, quantity: n * 1000 });
      await kassa(page, 'sale.pay', { payments: [{ form: 'cash', amount: item!.price * n }] });
    }
    await kassa(page, 'cash.in', { amount: item!.price * 2 });

    await page.getByTestId('menu-documents').click();
    await visible(page.getByTestId('doc-filters'));
    const docs = page.getByTestId('doc-table');
    await answered(docs); // the unfiltered list first, so its answer cannot land after the filtered one
    await page.getByTestId('doc-filter-kind').selectOption('sale');
    await retype(page, 'doc-filter-min', money(item!.price * 2));
    await page.getByTestId('doc-filter-apply').click();
    await answered(docs);
    expect(await docKinds(page)).toEqual(['sale', 'sale']);
    await expectText(page.getByTestId('doc-count'), 'Показано 2 из 2');
    await expectText(page.getByTestId('doc-row').first().locator('td').nth(4), money(item!.price * 3));
    await shot(page, 'checks-by-amount');

    // Any kind of the same amount: the sale of two and the cash in.
    await page.getByTestId('doc-filter-kind').selectOption('');
    await retype(page, 'doc-filter-max', money(item!.price * 2));
    await page.getByTestId('doc-filter-apply').click();
    await answered(docs);
    expect(await docKinds(page)).toEqual(['cash_in', 'sale']);
    await expectText(page.getByTestId('doc-count'), 'Показано 2 из 2');

    await retype(page, 'doc-filter-max', 'сто');
    await expectText(page.getByTestId('doc-filter-problem'), 'Сумма — число, например 12.50');
    expect(await page.getByTestId('doc-filter-max').getAttribute('aria-invalid')).toBe('true');
    await page.getByTestId('doc-filter-apply').click();
    // Had the click applied the bad filter, the list would be busy now and then answer it (3 of 3).
    await answered(docs);
    expect(await docKinds(page)).toEqual(['cash_in', 'sale']); // the last good filter stays
    await expectText(page.getByTestId('doc-count'), 'Показано 2 из 2');
    await shot(page, 'checks-amount-refused');
    expect(errors).toEqual([]);
  });
});
