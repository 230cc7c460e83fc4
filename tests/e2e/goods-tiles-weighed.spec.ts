/**
 * A weighed good sold from the category tiles (F11) on the sale screen, at the weight of a real
 * serial scale: a Масса-К simulator on the far end of a socat pty pair, the till polling the near
 * end as it would a scale on a COM port. The line shows the weight in kilograms to the gram and
 * the price per kilogram times that weight. Screenshots: goods-tiles-weighed-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GoodsInput } from '../../preload/contract/index.js';
import { scaleOnPty, type ScaleOnPty } from '../fixtures/serial/scale-on-pty.js';
import { ptyPair, socatMissing, type PtyPair } from '../fixtures/serial/socat.js';
import { cashierWithOpenShift, currentCheck, lineAmount, lineCount, openSale } from './flows.js';
import { expectText, kassa, money, shot, useTills, visible } from './helpers.js';

const missing = socatMissing();
if (missing) console.warn(`goods-tiles-weighed.spec: skipped — ${missing}`);

/** Potatoes by the kilogram: no barcode, found on the tiles. */
const POTATOES: GoodsInput = {
  code: '7001',
  name: 'Картофель молодой',
  barcodes: [],
  unit: 'кг',
  price: 189, // per kilogram
  vatRate: 1000,
  section: 0,
  categoryId: null,
  weighted: true,
  marked: false,
  freePrice: false,
  hidden: false,
};
/** Three digits after the point, none of them 0: a line that dropped grams or rounded to 10 g shows it. */
const GRAMS = 1_367;

describe.skipIf(missing !== null)('the category tiles sell a weighed good at the serial scale’s weight', () => {
  const tills = useTills();
  let pair: PtyPair;
  let scale: ScaleOnPty;

  beforeAll(async () => {
    pair = await ptyPair();
    scale = scaleOnPty(pair.b, 'massa-k');
  });

  afterAll(async () => {
    await scale?.stop();
    await pair?.close();
  });

  it('F11 → «Овощи на развес» → the potatoes: one line of 1.367 кг at 1.89 a kilogram', async () => {
    const { page, errors } = await tills.open();
    await page.setViewportSize({ width: 1366, height: 768 });
    scale.put({ grams: 500, stable: false });
    await cashierWithOpenShift(page, async () => {
      const { scale: settings } = await kassa(page, 'devices.getSettings');
      await kassa(page, 'devices.saveSettings', { scale: { ...settings, profile: 'massa-k', path: pair.a, baudRate: 9600 } });
      const vegetables = await kassa(page, 'goods.createCategory', { name: 'Овощи на развес', parentId: null });
      await kassa(page, 'goods.create', { ...POTATOES, categoryId: vegetables.id });
    });
    await openSale(page);

    // The weight still moves: the indicator says so; then it settles on the scale's figure.
    const indicator = page.getByTestId('weight-indicator');
    await expect.poll(() => indicator.getAttribute('data-state')).toBe('unstable');
    scale.put({ grams: GRAMS, stable: true });
    await expect.poll(() => indicator.getAttribute('data-state')).toBe('stable');
    await expectText(page.getByTestId('weight-value'), '1.367 кг');

    await page.keyboard.press('F11');
    await visible(page.getByTestId('tiles-dialog'));
    await page.getByTestId('tile-category').filter({ hasText: 'Овощи на развес' }).click();
    await visible(page.getByTestId('tile-item').filter({ hasText: POTATOES.name }));
    await shot(page, 'goods-tiles-weighed-vegetables');
    await page.getByTestId('tile-item').filter({ hasText: POTATOES.name }).click();

    await expect.poll(() => lineCount(page)).toBe(1);
    const amount = lineAmount(POTATOES.price, GRAMS); // 1.89 × 1.367 = 2.58363 → 2.58
    expect(amount).toBe(258);
    await expectText(page.getByTestId('sale-line-name').first(), POTATOES.name);
    await expectText(page.getByTestId('sale-line-qty').first(), '1.367 кг');
    await expectText(page.getByTestId('sale-line-amount').first(), money(amount));
    await expectText(page.getByTestId('sale-total'), money(amount));
    const check = await currentCheck(page);
    expect(check.lines.map((l) => [l.name, l.barcode, l.quantity, l.price, l.amount])).toEqual([[POTATOES.name, null, GRAMS, POTATOES.price, amount]]);
    expect(check.total).toBe(amount);
    await shot(page, 'goods-tiles-weighed-line');
    expect(errors).toEqual([]);
  });
});
