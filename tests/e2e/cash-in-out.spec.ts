/**
 * Cash in and cash out per currency (BYN by default; USD, EUR, RUB as the settings allow): the
 * drawer's balance follows each document; «Изъять всё» takes a currency out to zero; more than
 * the drawer holds is refused.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Currency } from '../../preload/contract/index.js';
import { cashierWithOpenShift } from './flows.js';
import { expectText, expectValue, kassa, money, shot, text, useTills, visible } from './helpers.js';

const tills = useTills();

async function move(page: Page, direction: 'in' | 'out', currency: Currency, amount: string): Promise<void> {
  await page.getByTestId(`cash-${direction}`).click();
  await page.getByTestId(`cash-currency-${currency}`).click();
  await page.getByTestId('cash-amount').fill(amount);
  await page.getByTestId('cash-submit').click();
}

describe('cash in / cash out', () => {
  it('moves BYN and USD in and out, keeps the drawer balance per currency, refuses taking out more than there is', async () => {
    const { page, errors } = await tills.open();
    await cashierWithOpenShift(page);
    const { currencies } = await kassa(page, 'settings.workflow');
    expect(currencies).toContain('USD');
    const drawer = { BYN: 0, USD: 0 } as Record<'BYN' | 'USD', number>;
    const shows = async () => {
      for (const c of ['BYN', 'USD'] as const) {
        if (drawer[c] !== 0 || c === 'BYN') await expectText(page.getByTestId(`cash-drawer-${c}`), money(drawer[c]));
      }
      const balance = await kassa(page, 'cash.balance');
      for (const c of ['BYN', 'USD'] as const) expect(balance.find((b) => b.currency === c)?.amount ?? 0).toBe(drawer[c]);
    };

    await page.getByTestId('menu-cash').click();
    await visible(page.getByTestId('screen-cash'));
    for (const c of currencies) await visible(page.getByTestId(`cash-currency-${c}`));
    await shows();
    await shot(page, 'cash-empty');

    await move(page, 'in', 'BYN', '100');
    drawer.BYN += 10_000;
    await visible(page.getByTestId('notice-success'));
    await shows();
    expect(await text(page.getByTestId('cash-receipt'))).toMatch(/ВНЕСЕНИЕ/i);
    expect(await text(page.getByTestId('cash-receipt'))).toContain('100.00');

    await move(page, 'in', 'USD', '50');
    drawer.USD += 5_000;
    await shows();
    expect(await text(page.getByTestId('cash-receipt'))).toContain('USD');

    await move(page, 'out', 'BYN', '30.50');
    drawer.BYN -= 3_050;
    await shows();
    expect(await text(page.getByTestId('cash-receipt'))).toMatch(/ИЗЪЯТИЕ/i);
    await shot(page, 'cash-after-moves');

    // More than the drawer holds: main refuses, nothing changes.
    await move(page, 'out', 'BYN', money(drawer.BYN + 1));
    await visible(page.getByTestId('notice-error'));
    await shows();
    await shot(page, 'cash-out-refused');

    // «Изъять всё»: the whole USD balance.
    await page.getByTestId('cash-out').click();
    await page.getByTestId('cash-currency-USD').click();
    await page.getByTestId('cash-all').click();
    await expectValue(page.getByTestId('cash-amount'), money(drawer.USD));
    await page.getByTestId('cash-submit').click();
    drawer.USD = 0;
    await expect.poll(async () => (await kassa(page, 'cash.balance')).find((b) => b.currency === 'USD')?.amount ?? 0).toBe(0);
    await shows();

    const docs = await kassa(page, 'documents.list', {});
    expect(docs.items.filter((d) => d.kind === 'cash_in').map((d) => [d.currency, d.total])).toEqual([
      ['USD', 5_000],
      ['BYN', 10_000],
    ]);
    expect(docs.items.filter((d) => d.kind === 'cash_out').map((d) => [d.currency, d.total])).toEqual([
      ['USD', 5_000],
      ['BYN', 3_050],
    ]);
    await shot(page, 'cash-usd-out-all');
    expect(errors).toEqual([]);
  });
});
