/**
 * A shift across midnight in the till's time zone (Europe/Minsk, UTC+3 all year): the web host runs
 * with TZ=Europe/Minsk and its clock started at 23:59:20 (`--clock-start`), the page in the same
 * zone and time. A check before midnight and one after, in the same open shift, each listed under
 * its own day and both over the two days; the shift is not «too long» for having crossed a date.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cashierWithOpenShift, itemsByBarcode } from './flows.js';
import { answered, kassa, launchBrowser, openTill, shot, startWebHost, text, visible } from './helpers.js';

const ZONE = 'Europe/Minsk';
// The last day of a month, so the day, the month and the list's dates all turn over at once.
const MIDNIGHT = Date.parse('2026-04-01T00:00:00+03:00');
/** Before midnight by the till's clock: its setup and the first check fit in this even on a loaded machine. */
const LEAD_MS = 40_000;

/** "31.03.2026": the day of an instant in Minsk, as the cashier types it. */
const dayOf = (iso: string) => new Intl.DateTimeFormat('ru-RU', { timeZone: ZONE, day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date(iso));

async function retype(page: Page, testId: string, value: string): Promise<void> {
  await page.getByTestId(testId).fill('');
  await page.getByTestId(testId).fill(value);
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('a shift across midnight in Minsk', () => {
  it('sells before and after midnight in one shift and lists each check under its own day', async () => {
    const host = await startWebHost({ args: ['--clock-start', new Date(MIDNIGHT - LEAD_MS).toISOString()], env: { TZ: ZONE } });
    // The host's clock started before this line: its midnight comes at most LEAD_MS from now.
    const midnightByWall = Date.now() + LEAD_MS;
    try {
      const { page, errors } = await openTill(browser, host.url, { timezoneId: ZONE, time: MIDNIGHT - LEAD_MS });
      await cashierWithOpenShift(page);
      const [item] = await itemsByBarcode(page, 1);
      const sell = async () => {
        await kassa(page, 'sale.addItem', { barcode: item!.barcodes[0]! });
        const paid = await kassa(page, 'sale.pay', { payments: [{ form: 'cash', amount: item!.price }] });
        return kassa(page, 'documents.get', { id: paid.document.id });
      };
      const early = await sell();
      expect(dayOf(early.createdAt), `the till's setup took over ${LEAD_MS / 1000} s, past its midnight`).toBe('31.03.2026');

      // Time itself is what this test waits for: the till's own midnight, with half a second to spare.
      await new Promise((r) => setTimeout(r, Math.max(0, midnightByWall - Date.now()) + 500));
      const late = await sell();
      expect(dayOf(late.createdAt)).toBe('01.04.2026');
      const shift = await kassa(page, 'shift.current');
      expect(shift).toMatchObject({ number: 1, closedAt: null, tooLong: false });
      expect(dayOf(shift!.openedAt)).toBe('31.03.2026');
      expect([early.shiftNumber, late.shiftNumber]).toEqual([1, 1]);

      await page.getByTestId('menu-documents').click();
      await visible(page.getByTestId('doc-filters'));
      const docs = page.getByTestId('doc-table');
      const ids = () => page.getByTestId('doc-row').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-document-id'))));
      const byDays = async (from: string, to: string) => {
        await retype(page, 'doc-filter-from', from);
        await retype(page, 'doc-filter-to', to);
        await page.getByTestId('doc-filter-apply').click();
        await answered(docs);
        return ids();
      };
      await answered(docs);
      await page.getByTestId('doc-filter-kind').selectOption('sale');
      // «Today» for the till after midnight: the check rung up after it, not the one before.
      expect(await byDays('01.04.2026', '01.04.2026')).toEqual([late.id]);
      expect(await byDays('31.03.2026', '31.03.2026')).toEqual([early.id]);
      expect(await byDays('31.03.2026', '01.04.2026')).toEqual([late.id, early.id]);
      const at = (id: number) => text(page.locator(`[data-testid="doc-row"][data-document-id="${id}"] td`).nth(3));
      expect(await at(early.id)).toMatch(/^31\.03\.2026 23:59$/);
      expect(await at(late.id)).toMatch(/^01\.04\.2026 00:0\d$/);
      await shot(page, 'checks-across-midnight');

      // The shift, opened the day before, is still the open one.
      await page.getByTestId('documents-tab-shifts').click();
      const row = page.locator('[data-testid="shift-row"][data-shift-number="1"]');
      await visible(row);
      expect(await text(row.locator('td').nth(1))).toMatch(/^31\.03\.2026 23:5\d$/);
      expect(await row.locator('.tag-ok').count()).toBe(1);
      expect(errors).toEqual([]);
    } finally {
      await host.stop();
    }
  });
});
