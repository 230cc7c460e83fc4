/**
 * A code whose second key comes late (a busy main thread, a person who paused): the first key was
 * typed by hand, so the entry line takes it and the focus — and every key after it, in order. The
 * late key itself used to wait for the scanner's timer and land after the keys typed next.
 */
import type { CDPSession } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { blurFields, cashierWithOpenShift, itemsByBarcode, lineCount, openSale } from './flows.js';
import { expectText, shot, useTills } from './helpers.js';

const tills = useTills();

describe('a late key on the sale screen', () => {
  it('keeps the keys in the order typed when the second one comes after a pause', async () => {
    const { page, errors } = await tills.open();
    await cashierWithOpenShift(page);
    await openSale(page);
    const [a] = await itemsByBarcode(page, 1);
    const code = a!.barcodes[0]!;
    await blurFields(page);

    // Keys stamped as the OS would: the second 90 ms after the first (past the scanner's 80 ms
    // gap, before its 100 ms hand-over timer), the rest 10 ms apart; all sent at once.
    const cdp: CDPSession = await page.context().newCDPSession(page);
    const start = Date.now() / 1000;
    const at = (i: number) => start + (i === 0 ? 0 : 0.09 + (i - 1) * 0.01);
    await Promise.all(
      [...code].flatMap((ch, i) => {
        const base = { key: ch, code: `Digit${ch}`, windowsVirtualKeyCode: ch.charCodeAt(0), timestamp: at(i) };
        return [
          cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', ...base, text: ch, unmodifiedText: ch }),
          cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...base }),
        ];
      }),
    );
    await cdp.detach();

    const entry = page.getByTestId('sale-barcode');
    await expect.poll(() => entry.inputValue(), { timeout: 5_000 }).toBe(code);
    // The scanner's hand-over timer has long run out: nothing more lands in the line.
    await page.waitForTimeout(300);
    expect(await entry.inputValue()).toBe(code);
    await shot(page, 'sale-late-key-in-entry');

    await entry.press('Enter');
    await expect.poll(() => lineCount(page)).toBe(1);
    await expectText(page.getByTestId('sale-line-name').nth(0), a!.name);
    expect(errors).toEqual([]);
  });
});
