/**
 * Issue 10 item 8: the till at the four screen sizes shops have — 1024×768, 1280×800, 1366×768,
 * 1920×1080. A busy sale (a long name, a check discount, an error notice) keeps the total, the pay
 * button, «Отменить чек» and «В меню» on screen; names wrap instead of being cut; the menu's status
 * card never breaks a word; no list or button cuts its words. Screenshots of each screen at each size go to tests/e2e/artifacts/layout/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { cashierWithOpenShift, ean13, openSale } from './flows.js';
import { ARTIFACTS, cutTexts, expectText, kassa, sampleCatalogue, scan, useTills, visible } from './helpers.js';

const tills = useTills();

const SIZES = [
  { width: 1024, height: 768 },
  { width: 1280, height: 800 },
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;

const DIR = join(ARTIFACTS, 'layout');

/** The screen's picture; the lists and buttons on it whose words are cut, named by the screen. */
async function layoutShot(page: Page, size: { width: number; height: number }, name: string): Promise<string[]> {
  mkdirSync(DIR, { recursive: true });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.screenshot({ path: join(DIR, `${size.width}x${size.height}-${name}.png`) });
  return (await cutTexts(page)).map((c) => `${name}: ${c}`);
}

/** The element's box lies wholly inside the window, and nothing in its screen scrolls it out of sight. */
async function expectOnScreen(page: Page, locator: Locator, what: string): Promise<void> {
  const box = await locator.boundingBox();
  const vp = page.viewportSize()!;
  expect(box, `${what}: not rendered`).not.toBeNull();
  const inside = box!.x >= 0 && box!.y >= 0 && box!.x + box!.width <= vp.width + 0.5 && box!.y + box!.height <= vp.height + 0.5;
  expect(inside, `${what} at ${JSON.stringify(box)} leaves the ${vp.width}×${vp.height} screen`).toBe(true);
  // Inside the window but clipped by a scrolled panel is out of sight too: the element's centre
  // must be the element the cashier's tap reaches.
  const reachable = await locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return hit !== null && (hit === el || el.contains(hit));
  });
  expect(reachable, `${what} is covered or clipped`).toBe(true);
}

describe('layout at the four till screen sizes', () => {
  // The longest name of the sample catalogue: the one a narrow screen cut to ten letters.
  const longItem = [...sampleCatalogue()].filter((i) => i.unit === 'шт' && i.barcodes.length > 0).sort((a, b) => b.name.length - a.name.length)[0]!;

  it.each(SIZES)('keeps what the cashier needs on a $width×$height screen', async (size) => {
    expect(longItem.name.length).toBeGreaterThanOrEqual(40);
    const { page, errors } = await tills.open();
    await page.setViewportSize(size);
    await cashierWithOpenShift(page);
    const cut: string[] = [];

    // ── The menu: the status card shows whole words ──
    await visible(page.getByTestId('till-status'));
    const card = await page.getByTestId('till-status').evaluate((el) => {
      const broken: string[] = [];
      for (const e of [el, ...el.querySelectorAll('*')] as HTMLElement[]) {
        const cs = getComputedStyle(e);
        if (cs.wordBreak === 'break-all' || cs.overflowWrap === 'anywhere') broken.push(`${e.tagName}.${e.className}`);
      }
      // Each word of the cashier's name and role stays on one line: its text is one line high.
      const oneLine = (['till-user', 'till-role'] as const).map((id) => {
        const dd = el.querySelector<HTMLElement>(`[data-testid="${id}"]`)!;
        const range = document.createRange();
        range.selectNodeContents(dd);
        return { id, lines: range.getClientRects().length, text: dd.textContent };
      });
      return { scroll: el.scrollWidth, client: el.clientWidth, broken, oneLine };
    });
    expect(card.broken).toEqual([]);
    expect(card.scroll).toBeLessThanOrEqual(card.client);
    for (const l of card.oneLine) expect(l.lines, `${l.id} «${l.text}» wraps`).toBe(1);
    cut.push(...(await layoutShot(page, size, 'menu')));

    // ── A busy sale: a long name, a check discount, an error notice ──
    const others = sampleCatalogue().filter((i) => i.unit === 'шт' && i.barcodes.length > 0 && i.code !== longItem.code);
    await kassa(page, 'sale.addItem', { barcode: longItem.barcodes[0]! });
    for (const o of others.slice(0, 2)) await kassa(page, 'sale.addItem', { barcode: o.barcodes[0]! });
    await kassa(page, 'sale.checkDiscount', { adjustment: { kind: 'discount', by: 'percent', value: 500 } });
    await openSale(page);
    await visible(page.getByTestId('sale-check-discount-amount'));
    const known = new Set(sampleCatalogue().flatMap((i) => i.barcodes));
    const unknown = ['481999999999', '481999999998', '481999999997'].map(ean13).find((x) => !known.has(x))!;
    await scan(page, unknown);
    await expectText(page.getByTestId('notice-error'), new RegExp(`${unknown} не найден`));

    await expectOnScreen(page, page.getByTestId('sale-total'), 'the total');
    await expectOnScreen(page, page.getByTestId('sale-pay'), 'the pay button');
    await expectOnScreen(page, page.getByTestId('sale-cancel'), '«Отменить чек»');
    await expectOnScreen(page, page.getByTestId('sale-back'), '«В меню»');
    for (const a of ['quantity', 'line-discount', 'check-discount', 'park', 'parked']) {
      await expectOnScreen(page, page.locator(`.sale-actions [data-testid="sale-${a}"]`), a);
    }

    // The long name is shown whole (wrapped over lines), not cut after a few letters.
    const name = page.getByTestId('sale-line-name').first();
    await expectText(name, longItem.name);
    const shown = await name.evaluate((el) => ({
      sw: el.scrollWidth,
      cw: el.clientWidth,
      sh: el.scrollHeight,
      ch: el.clientHeight,
      width: el.getBoundingClientRect().width,
    }));
    expect(shown.sw, 'the name is cut on its line').toBeLessThanOrEqual(shown.cw);
    expect(shown.sh, 'the name has more lines than are shown').toBeLessThanOrEqual(shown.ch + 1);
    // Room for about 30 letters in two lines at least.
    expect(shown.width).toBeGreaterThanOrEqual(180);
    cut.push(...(await layoutShot(page, size, 'sale')));

    // ── Payment ──
    await page.getByTestId('sale-pay').click();
    await visible(page.getByTestId('payment-dialog'));
    const dialog = await page.getByTestId('payment-dialog').boundingBox();
    expect(dialog!.x).toBeGreaterThanOrEqual(0);
    expect(dialog!.x + dialog!.width).toBeLessThanOrEqual(size.width + 0.5);
    expect(dialog!.y + dialog!.height).toBeLessThanOrEqual(size.height + 0.5);
    cut.push(...(await layoutShot(page, size, 'payment')));
    await page.keyboard.press('Escape');
    await page.getByTestId('payment-dialog').waitFor({ state: 'detached' });

    // A sale to return and to report.
    const { total } = await kassa(page, 'sale.current');
    const paid = await kassa(page, 'sale.pay', { payments: [{ form: 'cash', amount: total }] });
    const sold = await kassa(page, 'documents.get', { id: paid.document.id });
    await page.reload();
    await visible(page.getByTestId('screen-menu'));

    // ── Returns: the sale found by its number ──
    await page.getByTestId('menu-returns').click();
    await visible(page.getByTestId('screen-returns'));
    await page.getByTestId('return-shift').fill(String(sold.shiftNumber));
    await page.getByTestId('return-number').fill(String(sold.numberInShift));
    await page.getByTestId('return-find-number').click();
    await visible(page.getByTestId('return-check'));
    await expectOnScreen(page, page.getByTestId('return-qty-1'), 'the quantity to return');
    await expectOnScreen(page, page.getByTestId('return-whole'), '«Вернуть весь чек»');
    await expectOnScreen(page, page.getByTestId('returns-back'), 'the returns\u2019 way back');
    cut.push(...(await layoutShot(page, size, 'returns')));
    await page.getByTestId('returns-back').click();
    await visible(page.getByTestId('screen-menu'));

    // ── X, then Z ──
    await page.getByTestId('menu-x-report').click();
    await visible(page.locator('[data-testid="screen-report"][data-kind="x_report"]'));
    await expectOnScreen(page, page.getByTestId('report-back'), 'the report\u2019s way back');
    cut.push(...(await layoutShot(page, size, 'x-report')));
    await page.getByTestId('report-back').click();
    await page.getByTestId('menu-z-report').click();
    await visible(page.getByTestId('z-confirm'));
    await page.getByTestId('z-confirm-ok').click();
    await visible(page.locator('[data-testid="screen-report"][data-kind="z_report"]'));
    cut.push(...(await layoutShot(page, size, 'z-report')));
    // No list or button of these screens cuts its words (the admin's screens had such at every size).
    expect(cut).toEqual([]);
    expect(errors).toEqual([]);
  });
});
