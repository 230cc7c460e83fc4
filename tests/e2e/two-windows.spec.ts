/**
 * Two windows on one till (two pages on one web host): each shows the open check as main holds
 * it. A line scanned in one appears in the other by main's event (its speed: bench `two-windows-sync`); a window that missed a change
 * (its event link down) shows main's total when it pays instead of being refused. A serial
 * scanner's code, which every window hears, is taken by the window the cashier used last only.
 */
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { socatMissing } from '../fixtures/serial/socat.js';
import { cashierWithOpenShift, currentCheck, itemsByBarcode, lineCount, openSale, withSerialScanner } from './flows.js';
import { expectText, kassa, money, pieceGoods, scan, shot, useTills, visible, VIEWPORT } from './helpers.js';

const tills = useTills();
const noPty = socatMissing();
if (noPty) console.warn(`two-windows.spec: the serial scanner test skipped — ${noPty}`);

/** Whether this window takes a serial scanner's code now (renderer/app/windowInUse.ts marks it). */
const inUse = (page: Page) => page.evaluate(() => document.documentElement.hasAttribute('data-window-in-use'));

/** When (Date.now(), the same clock in every page of one browser) the check on this page first has `lines` lines. */
function whenLines(page: Page, lines: number): Promise<number> {
  return page.evaluate(
    (n) =>
      new Promise<number>((resolve) => {
        const count = () => document.querySelectorAll('[data-testid="sale-line"]').length;
        const observer = new MutationObserver(() => {
          if (count() < n) return;
          observer.disconnect();
          resolve(Date.now());
        });
        observer.observe(document.body, { childList: true, subtree: true });
      }),
    lines,
  );
}

/** When the cashier pressed Enter on this page (the scanner's last key: the scan is sent). */
function whenEnter(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const onKey = (e: KeyboardEvent) => {
          if (e.key !== 'Enter') return;
          window.removeEventListener('keydown', onKey, true);
          resolve(Date.now());
        };
        window.addEventListener('keydown', onKey, true);
      }),
  );
}

/**
 * A second window whose event link can be made deaf (`window.kassaDeaf = true`): main's events
 * still arrive on its socket but are dropped, as when a link drops them unnoticed. The answers to
 * the window's own calls, which share the socket (`{"id": …}`), still reach it.
 */
async function secondWindow(browser: Browser, url: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'ru-RU' });
  await context.addInitScript(() => {
    const Native = window.WebSocket;
    window.WebSocket = class extends Native {
      constructor(...args: ConstructorParameters<typeof WebSocket>) {
        super(...args);
        // Registered before the page's own handler, so it can stop the event reaching it.
        this.addEventListener('message', (e) => {
          const w = window as unknown as { kassaDeaf?: boolean; kassaDropped?: string[] };
          if (!w.kassaDeaf || String(e.data).startsWith('{"id":')) return;
          e.stopImmediatePropagation();
          (w.kassaDropped ??= []).push((JSON.parse(String(e.data)) as { event: string }).event);
        });
      }
    };
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  await page.goto(url);
  return { page, errors };
}

const deaf = (page: Page, on: boolean) => page.evaluate((d) => void ((window as unknown as { kassaDeaf?: boolean }).kassaDeaf = d), on);
/** The events a deaf window dropped so far. */
const dropped = (page: Page) => page.evaluate(() => (window as unknown as { kassaDropped?: string[] }).kassaDropped ?? []);

describe('two windows on one till', () => {
  it('shows a line scanned in one window in the other by main’s event, and the other window pays main’s total', async () => {
    const { host, page: first, errors } = await tills.open();
    await cashierWithOpenShift(first);
    const browser = first.context().browser();
    if (!browser) throw new Error('no browser behind the page');
    const { page: second, errors: secondErrors } = await secondWindow(browser, host.url);
    await visible(second.getByTestId('screen-menu'));
    await openSale(first);
    await openSale(second);
    await visible(first.getByTestId('sale-lines-empty'));
    await visible(second.getByTestId('sale-lines-empty'));

    const [a, b] = pieceGoods();
    // Armed before the scan, so the moment the line arrives is not missed.
    const arrived = whenLines(second, 1);
    const entered = whenEnter(first);
    await expect.poll(() => lineCount(second)).toBe(0);
    await scan(first, a!.barcodes[0]!);
    const [sent, seen] = await Promise.all([entered, arrived]);
    expect(await lineCount(first)).toBe(1);
    // It came by main's event: the second window was not touched. How fast (goal 200 ms) is the
    // bench's `two-windows-sync`, where a loaded machine does not fail a test.
    expect(seen).toBeGreaterThanOrEqual(sent);
    await expectText(second.getByTestId('sale-total'), money(a!.price));
    await shot(second, 'two-windows-other');

    // The second window misses the next scan and still shows one line.
    await deaf(second, true);
    await scan(first, b!.barcodes[0]!);
    await expect.poll(() => lineCount(first)).toBe(2);
    // The second window's copy of the event comes on its own socket, maybe later than the first's:
    // it hears again only once it has dropped it (a repeated run let it through, and saw 2 lines).
    await expect.poll(() => dropped(second)).toContain('sale.changed');
    await deaf(second, false);
    expect(await lineCount(second)).toBe(1);

    // It pays: before paying it reads the check again, shows main's total and asks once more.
    await second.getByTestId('sale-pay').click();
    await visible(second.getByTestId('payment-dialog'));
    await expectText(second.getByTestId('payment-total'), money(a!.price));
    await second.getByTestId('payment-submit').click();
    const total = a!.price + b!.price;
    await expectText(second.getByTestId('payment-declined'), `Чек изменился (в другом окне кассы): к оплате ${money(total)}. Проверьте сумму и оплатите снова.`);
    await expectText(second.getByTestId('payment-total'), money(total));
    expect(await lineCount(second)).toBe(2);
    await shot(second, 'two-windows-total-changed');
    await second.getByTestId('payment-submit').click();
    await visible(second.getByTestId('screen-paid'));
    expect((await kassa(first, 'sale.current')).lines).toHaveLength(0);
    expect([...errors, ...secondErrors]).toEqual([]);
  });

  it.skipIf(noPty !== null)("a serial scanner's code goes to the window the cashier used last: one line, not one in each window", async () => {
    await withSerialScanner(tills, async ({ host, page: first, errors }, scanner) => {
      await openSale(first);
      const [a, b] = await itemsByBarcode(first, 2);
      if (!a || !b) throw new Error('two piece goods needed');
      // A second window of the same till (one browser context: as Electron's windows, they hear each other).
      const second = await first.context().newPage();
      const secondErrors: string[] = [];
      second.on('pageerror', (e) => secondErrors.push(`pageerror: ${e.message}`));
      await second.goto(host.url);
      await openSale(second);
      // The window opened last is the one in use.
      await expect.poll(async () => [await inUse(first), await inUse(second)]).toEqual([false, true]);

      await scanner.write(Buffer.from(`${a.barcodes[0]!}\r\n`, 'latin1'));
      await expect.poll(() => lineCount(first)).toBe(1);
      await expect.poll(() => lineCount(second)).toBe(1);

      // The cashier touches the first window: it takes the next code.
      await first.getByTestId('sale-total').click();
      await expect.poll(async () => [await inUse(first), await inUse(second)]).toEqual([true, false]);
      await scanner.write(Buffer.from(`${b.barcodes[0]!}\r\n`, 'latin1'));
      await expect.poll(() => lineCount(second)).toBe(2);
      await shot(second, 'two-windows-serial-scan');
      // Each code once (before, each window added it: two of each).
      expect((await currentCheck(first)).lines.map((l) => [l.itemId, l.quantity])).toEqual([
        [a.id, 1000],
        [b.id, 1000],
      ]);

      // The window in use closes: the one left takes the codes again.
      await first.close();
      await expect.poll(() => inUse(second)).toBe(true);
      await scanner.write(Buffer.from(`${a.barcodes[0]!}\r\n`, 'latin1'));
      await expect.poll(async () => (await currentCheck(second)).lines.find((l) => l.itemId === a.id)?.quantity).toBe(2000);
      expect([...errors, ...secondErrors]).toEqual([]);
    });
  });
});
