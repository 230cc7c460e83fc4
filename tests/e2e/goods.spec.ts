/**
 * «Товары» in the real UI (web host, real SQLite, Chromium at 1366×768): the admin creates an item
 * with two barcodes and the cashier scans both; a price change shows on the next line only; the
 * category tiles sell a loaf that has no barcode (and a pie whose price is typed at sale).
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { GoodsInput } from '../../preload/contract/index.js';
import { cashierWithOpenShift, CASHIER, currentCheck, ean13, lineCount, openSale, wedgeScan } from './flows.js';
import { expectText, kassa, login, money, shot, useTills, visible } from './helpers.js';
import { pieceItem } from '../fixtures/goods.js';

const tills = useTills();
const ADMIN = { name: 'Администратор', password: '258036' } as const;
const TEA_LOAF_EAN = ean13('481999000001');
const TEA_LOAF_OWN = '200452';

const CARD: GoodsInput = { ...pieceItem('9001', 'Батон к чаю', 189), vatRate: 1000 };

async function tillAt1366(): Promise<{ page: Page; errors: string[]; dataDir: string }> {
  const { page, errors, host } = await tills.open();
  await page.setViewportSize({ width: 1366, height: 768 });
  return { page, errors, dataDir: host.dataDir };
}

/** From the menu to the login screen and in as someone else; a cashier's open check is left as it is, after the warning. */
async function switchUser(page: Page, who: { name: string; password: string }, openCheck = false): Promise<void> {
  await page.getByTestId('menu-logout').click();
  if (openCheck) {
    await visible(page.getByTestId('logout-confirm'));
    await page.getByTestId('logout-confirm-ok').click();
  }
  await visible(page.getByTestId('screen-login'));
  await login(page, who.name, who.password);
  await visible(page.getByTestId('screen-menu'));
}

async function openGoods(page: Page): Promise<void> {
  await page.getByTestId('menu-goods').click();
  await visible(page.getByTestId('screen-goods'));
  await visible(page.getByTestId('goods-row').first());
}

describe('«Товары»', () => {
  it('the admin creates an item with two barcodes (a wrong check digit said in Russian), and the cashier scans both', async () => {
    const { page, errors } = await tillAt1366();
    await cashierWithOpenShift(page);
    await switchUser(page, ADMIN);
    await visible(page.getByTestId('menu-goods'));
    await shot(page, 'goods-menu');
    await openGoods(page);
    await expectText(page.getByTestId('goods-total'), 'Товаров: 56');
    await shot(page, 'goods-list-admin');

    // The category tree: a subcategory added under «Хлеб и выпечка», then the list filtered by it.
    await page.getByTestId('goods-edit-categories').click();
    await visible(page.getByTestId('categories-dialog'));
    await page.getByTestId('category-new-name').fill('Батоны');
    await page.getByTestId('category-new-parent').selectOption({ label: 'Хлеб и выпечка' });
    await page.getByTestId('category-add-submit').click();
    await visible(page.getByTestId('categories-item').filter({ hasText: 'Батоны' }));
    await page.getByTestId('categories-item').filter({ hasText: 'Батоны' }).click();
    await shot(page, 'goods-categories');
    await page.getByTestId('categories-close').click();

    await page.getByTestId('goods-new').click();
    await visible(page.getByTestId('goods-card'));
    await page.getByTestId('goods-code').fill(CARD.code);
    await page.getByTestId('goods-name').fill(CARD.name);
    await page.getByTestId('goods-price').fill('1,89');
    await page.getByTestId('goods-vat').selectOption('1000');
    await page.getByTestId('goods-category').selectOption({ label: '\u00a0\u00a0\u00a0Батоны' });
    const wrong = TEA_LOAF_EAN.slice(0, 12) + String((Number(TEA_LOAF_EAN[12]) + 1) % 10);
    await page.getByTestId('goods-barcode-new').fill(wrong);
    await page.getByTestId('goods-barcode-new').press('Enter');
    await expectText(page.getByTestId('error-goods-barcode-new'), `Штрихкод ${wrong}: неверная контрольная цифра EAN-13 (должна быть ${TEA_LOAF_EAN[12]})`);
    await shot(page, 'goods-card-wrong-check-digit');
    await page.getByTestId('goods-barcode-new').fill(TEA_LOAF_EAN);
    await page.getByTestId('goods-barcode-add').click();
    await page.getByTestId('goods-barcode-new').fill(TEA_LOAF_OWN);
    await page.getByTestId('goods-barcode-new').press('Enter');
    await expect.poll(() => page.getByTestId('goods-barcode').count()).toBe(2);
    await shot(page, 'goods-card-two-barcodes');
    await page.getByTestId('goods-save').click();
    await visible(page.getByTestId('notice-success'));
    await expect.poll(() => page.getByTestId('goods-card').count()).toBe(0);

    await page.getByTestId('goods-cat').filter({ hasText: 'Хлеб и выпечка' }).click();
    await page.getByTestId('goods-search').fill('батон');
    await expectText(page.getByTestId('goods-total'), 'Товаров: 2');
    await visible(page.locator('[data-testid="goods-row"][data-code="9001"]'));
    await shot(page, 'goods-list-category-and-search');
    await page.locator('[data-testid="goods-row"][data-code="9001"]').click();
    await visible(page.getByTestId('goods-card'));
    await expectText(page.getByTestId('goods-history-row').first(), /Администратор.*создан/);
    await shot(page, 'goods-card-history');
    await page.getByTestId('goods-card-close').click();

    await page.getByTestId('goods-back').click();
    await switchUser(page, { name: CASHIER.name, password: CASHIER.password });
    await openSale(page);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await wedgeScan(page, TEA_LOAF_EAN);
    await expect.poll(() => lineCount(page)).toBe(1);
    await wedgeScan(page, TEA_LOAF_OWN);
    await expect.poll(async () => (await currentCheck(page)).lines.map((l) => [l.name, l.quantity])).toEqual([['Батон к чаю', 2000]]);
    await expectText(page.getByTestId('sale-total'), money(378));
    await shot(page, 'goods-scanned-both-barcodes');

    // The cashier sees the catalogue read-only.
    await page.getByTestId('sale-back').click();
    await openGoods(page);
    await visible(page.getByTestId('goods-readonly'));
    expect(await page.getByTestId('goods-new').count()).toBe(0);
    await page.getByTestId('goods-search').fill('9001');
    await page.locator('[data-testid="goods-row"][data-code="9001"]').click();
    await visible(page.getByTestId('goods-card'));
    expect(await page.getByTestId('goods-save').count()).toBe(0);
    expect(await page.getByTestId('goods-name').isDisabled()).toBe(true);
    await shot(page, 'goods-card-cashier-read-only');
    expect(errors).toEqual([]);
  });

  it('a price change shows on the next line only', async () => {
    const { page, errors } = await tillAt1366();
    await cashierWithOpenShift(page, async () => {
      await kassa(page, 'goods.create', { ...CARD, barcodes: [TEA_LOAF_EAN] });
    });
    await openSale(page);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await wedgeScan(page, TEA_LOAF_EAN);
    await expect.poll(() => lineCount(page)).toBe(1);

    await page.getByTestId('sale-back').click();
    await switchUser(page, ADMIN, true);
    await openGoods(page);
    await page.getByTestId('goods-search').fill('батон к чаю');
    await expectText(page.getByTestId('goods-total'), 'Товаров: 1');
    await page.locator('[data-testid="goods-row"][data-code="9001"]').click();
    await page.getByTestId('goods-price').fill('1.99');
    await page.getByTestId('goods-save').click();
    await expect.poll(() => page.getByTestId('goods-card').count()).toBe(0);
    await expectText(page.locator('[data-testid="goods-row"][data-code="9001"]'), /1\.99/);
    await page.locator('[data-testid="goods-row"][data-code="9001"]').click();
    await expectText(page.getByTestId('goods-history-row').first(), /Администратор · изменён\s*цена: 1\.89 → 1\.99$/);
    await shot(page, 'goods-price-changed-history');
    await page.getByTestId('goods-card-close').click();

    // The journal says the same change in the same words, naming the item by its code and name.
    await page.getByTestId('goods-back').click();
    await page.getByTestId('menu-maintenance').click();
    await page.getByTestId('maintenance-journal').click();
    await page.getByTestId('journal-action').selectOption('goods.changed');
    await expect.poll(() => page.getByTestId('journal-row').count()).toBe(1);
    await expectText(page.getByTestId('journal-row-details'), /^товар: 9001 Батон к чаю · цена: 1\.89 → 1\.99$/);
    await shot(page, 'journal-goods-changed');
    await page.getByTestId('journal-back').click();
    await page.getByTestId('maintenance-back').click();
    await switchUser(page, { name: CASHIER.name, password: CASHIER.password });
    await openSale(page);
    await expectText(page.getByTestId('sale-line-price').first(), money(189));
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await wedgeScan(page, TEA_LOAF_EAN);
    await expect.poll(() => lineCount(page)).toBe(2);
    await expectText(page.getByTestId('sale-line-price').nth(1), money(199));
    expect((await currentCheck(page)).lines.map((l) => [l.price, l.quantity])).toEqual([
      [189, 1000],
      [199, 1000],
    ]);
    await expectText(page.getByTestId('sale-total'), money(388));
    await shot(page, 'goods-new-price-next-line-only');
    expect(errors).toEqual([]);
  });

  it('the category tiles sell a loaf with no barcode, and a pie at the price the cashier types', async () => {
    const { page, errors } = await tillAt1366();
    await cashierWithOpenShift(page, async () => {
      const bakery = await kassa(page, 'goods.createCategory', { name: 'Пекарня', parentId: null });
      const bread = await kassa(page, 'goods.createCategory', { name: 'Хлеб своей выпечки', parentId: bakery.id });
      await kassa(page, 'goods.create', { ...CARD, code: '8001', name: 'Хлеб Дарницкий', price: 145, categoryId: bread.id });
      await kassa(page, 'goods.create', { ...CARD, code: '8002', name: 'Пирожок', price: 0, freePrice: true, categoryId: bakery.id });
    });
    await openSale(page);
    await page.keyboard.press('F11');
    await visible(page.getByTestId('tiles-dialog'));
    await page.getByTestId('tile-category').filter({ hasText: 'Пекарня' }).click();
    await visible(page.getByTestId('tile-category').filter({ hasText: 'Хлеб своей выпечки' }));
    await shot(page, 'goods-tiles-bakery');
    await page.getByTestId('tile-category').filter({ hasText: 'Хлеб своей выпечки' }).click();
    await page.getByTestId('tile-item').filter({ hasText: 'Хлеб Дарницкий' }).click();
    await expect.poll(() => lineCount(page)).toBe(1);
    await expectText(page.getByTestId('sale-line-name').first(), 'Хлеб Дарницкий');

    await page.getByTestId('sale-tiles').click();
    await page.getByTestId('tile-category').filter({ hasText: 'Пекарня' }).click();
    await page.getByTestId('tile-item').filter({ hasText: 'Пирожок' }).click();
    await visible(page.getByTestId('free-price-dialog'));
    await page.getByTestId('free-price-value').fill('0');
    await expectText(page.getByTestId('free-price-dialog'), /Цена должна быть больше нуля/);
    expect(await page.getByTestId('free-price-submit').isDisabled()).toBe(true);
    await page.getByTestId('free-price-value').fill('0,95');
    await shot(page, 'goods-free-price-dialog');
    await page.getByTestId('free-price-submit').click();
    await expect.poll(() => lineCount(page)).toBe(2);
    expect((await currentCheck(page)).lines.map((l) => [l.name, l.barcode, l.price])).toEqual([
      ['Хлеб Дарницкий', null, 145],
      ['Пирожок', null, 95],
    ]);
    await shot(page, 'goods-tiles-sold');

    await page.keyboard.press('F10');
    await visible(page.getByTestId('payment-dialog'));
    await page.getByTestId('payment-submit').click();
    await visible(page.getByTestId('screen-paid'));
    await expectText(page.getByTestId('paid-total'), money(240));
    expect(errors).toEqual([]);
  });

  it('scrolls 200,000 items: rows read page by page as they come into view, anywhere in the list', { timeout: 400_000 }, async () => {
    const { page, errors, dataDir } = await tillAt1366();
    await cashierWithOpenShift(page);
    // 200,000 goods written beside the running till (its own SQLite file, WAL), as a price list would.
    const db = new Database(join(dataDir, 'kassa.sqlite'));
    db.pragma('busy_timeout = 30000');
    const t0 = performance.now();
    db.exec(`INSERT INTO items (code, name, name_lc, price, unit, section)
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 199999)
      SELECT printf('%06d', 300000 + i), 'Товар №' || i || ' партия ' || (i % 97), 'товар №' || i || ' партия ' || (i % 97), 10 + (i * 7919) % 20000, 'шт', i % 4 FROM n`);
    console.log(`200,000 items written in ${Math.round(performance.now() - t0)} ms`);
    const total = db.prepare('SELECT count(*) FROM items').pluck().get() as number;
    const middle = db.prepare('SELECT code FROM items ORDER BY code LIMIT 1 OFFSET 100000').pluck().get() as string;
    const last = db.prepare('SELECT code FROM items ORDER BY code DESC LIMIT 1').pluck().get() as string;
    db.close();

    await switchUser(page, ADMIN);
    await openGoods(page);
    await expectText(page.getByTestId('goods-total'), `Товаров: ${total.toLocaleString('ru-RU')}`);
    await page.getByTestId('goods-sort').selectOption('code');
    await visible(page.locator('[data-testid="goods-row"][data-code="1001"]'));

    // A fling: 3,000 px a frame for 120 frames; the longest frame is printed (the machine may be loaded).
    const frames = await page.evaluate(async () => {
      const el = document.querySelector('[data-testid="goods-scroll"]')!;
      const gaps: number[] = [];
      let last = performance.now();
      for (let k = 0; k < 120; k++) {
        el.scrollTop += 3000;
        await new Promise((r) => requestAnimationFrame(r));
        const now = performance.now();
        gaps.push(now - last);
        last = now;
      }
      return gaps.sort((a, b) => a - b);
    });
    console.log(`fling over 360,000 px: frame p50 ${frames[60]!.toFixed(1)} ms, p95 ${frames[113]!.toFixed(1)} ms, longest ${frames[119]!.toFixed(1)} ms`);
    await expect.poll(() => page.getByTestId('goods-row').count()).toBeGreaterThan(5);

    // The 100,001st item by code, and the last one: rows far down come in as they are reached.
    await page.evaluate((index) => {
      const el = document.querySelector('[data-testid="goods-scroll"]')!;
      el.scrollTop = index * 46;
    }, 100_000);
    await visible(page.locator(`[data-testid="goods-row"][data-code="${middle}"]`));
    await shot(page, 'goods-200k-middle');
    await page.evaluate(() => {
      const el = document.querySelector('[data-testid="goods-scroll"]')!;
      el.scrollTop = el.scrollHeight;
    });
    await visible(page.locator(`[data-testid="goods-row"][data-code="${last}"]`));
    await page.getByTestId('goods-search').fill('товар №199999');
    await expectText(page.getByTestId('goods-total'), 'Товаров: 1');
    await visible(page.locator('[data-testid="goods-row"][data-code="499999"]'));
    await shot(page, 'goods-200k-search');
    expect(errors).toEqual([]);
  });
});
