/**
 * A key in the very moment main's answer closes a dialog (issue 17, a full run where
 * sale-scanner's F8 after a line discount opened nothing and the test waited out its time). React
 * commits the render that closes the dialog in a scheduled task and, when the commit took long,
 * runs its passive effects in a later one; Chromium runs input before that later task. A screen
 * that subscribed its keys from a passive effect had, in between, no listener at all.
 *
 * Here that moment happens every time: the commit that removes the dialog is held 12 ms (a loaded
 * till), and the key is queued during it as the next task — where a key the cashier pressed
 * meanwhile lands — and dispatched at the element with the focus, as a real key is.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { blurFields, cashierWithOpenShift, itemsByBarcode, lineCount, openSale, wedgeScan } from './flows.js';
import { useTills, visible } from './helpers.js';

const tills = useTills();

/** As the dialog with this test id leaves the page, its commit is held and `key` is queued behind it. */
async function keyAsClosed(page: Page, testId: string, key: string): Promise<void> {
  await page.evaluate(
    ({ testId, key }) => {
      const w = window as unknown as { __keySent?: string };
      const next = new MessageChannel();
      next.port1.onmessage = () => {
        (document.activeElement ?? document.body).dispatchEvent(new KeyboardEvent('keydown', { key, code: key, bubbles: true, cancelable: true }));
        w.__keySent = key;
      };
      // Called with its node as `this` below, and put back as it was.
      // eslint-disable-next-line @typescript-eslint/unbound-method
      const remove = Node.prototype.removeChild;
      const selector = `[data-testid="${testId}"]`;
      Node.prototype.removeChild = function <T extends Node>(this: Node, child: T): T {
        if (child instanceof Element && (child.matches(selector) || child.querySelector(selector))) {
          Node.prototype.removeChild = remove;
          next.port2.postMessage(null);
          const until = performance.now() + 12;
          while (performance.now() < until) {
            // the commit of a loaded till
          }
        }
        return remove.call(this, child) as T;
      };
    },
    { testId, key },
  );
}

const keySent = (page: Page) => page.evaluate(() => (window as unknown as { __keySent?: string }).__keySent ?? null);

describe('keys pressed as main’s answer closes a dialog', () => {
  it('opens the check discount on an F8 that came while the line discount’s dialog was leaving', async () => {
    const { page, errors } = await tills.open();
    await cashierWithOpenShift(page);
    await openSale(page);
    const [a] = await itemsByBarcode(page, 1);
    if (!a) throw new Error('a piece item needed');
    await blurFields(page);
    await wedgeScan(page, a.barcodes[0]!);
    await expect.poll(() => lineCount(page)).toBe(1);

    await page.getByTestId('sale-line').nth(0).click();
    await page.keyboard.press('F7');
    await visible(page.getByTestId('discount-dialog'));
    await page.getByTestId('discount-value').fill('10');
    await keyAsClosed(page, 'discount-dialog', 'F8');
    await page.getByTestId('discount-apply').click();
    await expect.poll(() => keySent(page)).toBe('F8');
    // The dialog F8 opens is the check's: it takes a discount card.
    await visible(page.getByTestId('discount-card'));
    expect(errors).toEqual([]);
  });
});
