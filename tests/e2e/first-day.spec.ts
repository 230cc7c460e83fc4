/**
 * A till's first day through the real UI on the web host: first start, users, a shift with one
 * cash sale, X and Z; then the cashier's early mistakes (a wrong password, an unknown barcode) and
 * an open check kept over a reload. Each test has its own data folder; every screen is kept as a
 * screenshot.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  changePassword,
  chooseUser,
  createUser,
  enterPin,
  expectText,
  expectValue,
  kassa,
  login,
  logout,
  money,
  pieceGoods,
  sampleCatalogue,
  scan,
  shot,
  text,
  useTills,
  visible,
} from './helpers.js';

const tills = useTills();

const lineCount = (page: Page) => page.getByTestId('sale-line').count();

describe("a till's first day through the UI", () => {
  it('runs the first day: PIN, users, open shift, a cash sale, X and Z', async () => {
    const { page, errors } = await tills.open();

    // ── First start: the СКО PIN (training mode) ──
    await visible(page.getByTestId('screen-setup'));
    expect(page.url()).not.toContain('token=');
    await shot(page, 'setup');
    await enterPin(page, '1234');
    await visible(page.getByTestId('screen-setup-done'));
    await expectText(page.getByTestId('setup-message'), /учебн/i);
    await visible(page.getByTestId('training-badge'));
    await shot(page, 'setup-done');
    await page.getByTestId('setup-continue').click();

    // ── The default admin logs in and must change the password ──
    await visible(page.getByTestId('screen-login'));
    await chooseUser(page, 'Администратор');
    await shot(page, 'login');
    await login(page, 'Администратор', '1111');
    await visible(page.getByTestId('screen-password'));
    await shot(page, 'password-admin');
    await changePassword(page, '1111', '258036');

    // ── The admin's menu: no cash operations ──
    await visible(page.getByTestId('screen-menu'));
    await expectText(page.getByTestId('till-shift'), 'Смена закрыта');
    await expectText(page.getByTestId('till-role'), 'Администратор');
    expect(await page.getByTestId('menu-open-shift').isDisabled()).toBe(true);
    expect(await page.getByTestId('menu-sale').isDisabled()).toBe(true);
    expect(await page.getByTestId('menu-x-report').isDisabled()).toBe(true);
    expect(await page.getByTestId('menu-users').isEnabled()).toBe(true);
    expect(await text(page.getByTestId('menu-open-shift'))).toContain('Только для кассира');
    await shot(page, 'menu-admin');

    // ── Users: a cashier with a temporary password ──
    await page.getByTestId('menu-users').click();
    await visible(page.getByTestId('screen-users'));
    await visible(page.getByTestId('users-row-admin'));
    await shot(page, 'users');
    await createUser(page, { login: 'ivanova', name: 'Иванова А.', cashierId: '100083608.94@4ek.by', role: 'cashier', password: '7391' });
    const row = page.getByTestId('users-row-ivanova');
    await visible(row);
    expect(await text(row)).toContain('Иванова А.');
    expect(await text(row)).toContain('100083608.94@4ek.by');
    expect(await text(row)).toContain('Кассир');
    expect(await text(row)).toContain('сменит пароль при входе');
    await visible(page.getByTestId('notice-success').filter({ hasText: 'ivanova' }));
    await shot(page, 'users-created');
    await page.getByTestId('users-back').click();
    await logout(page);

    // ── The cashier's first login: forced password change ──
    await login(page, 'Иванова А.', '7391');
    await visible(page.getByTestId('screen-password'));
    await shot(page, 'password-cashier');
    await changePassword(page, '7391', '5823');
    await visible(page.getByTestId('screen-menu'));
    await expectText(page.getByTestId('status-user'), 'Иванова А. · Кассир');
    expect(await page.getByTestId('menu-users').isDisabled()).toBe(true);
    expect(await page.getByTestId('menu-sale').isDisabled()).toBe(true);
    expect(await page.getByTestId('menu-open-shift').isEnabled()).toBe(true);
    await shot(page, 'menu-cashier');

    // ── Open the shift ──
    await page.getByTestId('menu-open-shift').click();
    await expectText(page.getByTestId('till-shift'), /^Смена № 1 открыта/);
    expect(await page.getByTestId('menu-sale').isEnabled()).toBe(true);
    expect(await page.getByTestId('menu-open-shift').isDisabled()).toBe(true);
    await shot(page, 'menu-shift-open');

    // ── The sale: two scans and one item found by name ──
    const goods = pieceGoods();
    const [first, second] = goods;
    if (!first || !second) throw new Error('the sample catalogue needs two piece goods with barcodes');
    const firstWord = (name: string) => (name.split(/[\s«»"]+/).find((w) => w.length >= 4) ?? name).toLowerCase();
    const third = goods.slice(2).find((g) => ![first, second].some((o) => o.name.toLowerCase().includes(firstWord(g.name))));
    if (!third) throw new Error('the sample catalogue needs a third piece item with a distinct name');
    const query = firstWord(third.name);

    await page.getByTestId('menu-sale').click();
    await visible(page.getByTestId('screen-sale'));
    await visible(page.getByTestId('sale-lines-empty'));
    await shot(page, 'sale-empty');

    const byBarcode1 = await kassa(page, 'catalogue.byBarcode', { barcode: first.barcodes[0]! });
    const byBarcode2 = await kassa(page, 'catalogue.byBarcode', { barcode: second.barcodes[0]! });
    const found = (await kassa(page, 'catalogue.search', { query, limit: 100 })).find((i) => i.name === third.name);
    if (!found) throw new Error(`catalogue.search("${query}") does not find «${third.name}»`);

    await scan(page, first.barcodes[0]!);
    await expect.poll(() => lineCount(page)).toBe(1);
    await scan(page, second.barcodes[0]!);
    await expect.poll(() => lineCount(page)).toBe(2);
    await expectText(page.getByTestId('sale-total'), money(byBarcode1.price + byBarcode2.price));

    await page.getByTestId('sale-search').pressSequentially(query);
    const result = page.getByTestId('sale-search-result').and(page.locator(`[data-item-id="${found.id}"]`));
    await visible(result);
    expect(await text(result)).toContain(money(found.price));
    await shot(page, 'sale-search');
    await result.click();
    await expect.poll(() => lineCount(page)).toBe(3);

    const total = byBarcode1.price + byBarcode2.price + found.price;
    await expectText(page.getByTestId('sale-total'), money(total));
    const names = await page.getByTestId('sale-line-name').allTextContents();
    expect(names).toEqual([byBarcode1.name, byBarcode2.name, found.name]);
    const amounts = await page.getByTestId('sale-line-amount').allTextContents();
    expect(amounts).toEqual([byBarcode1.price, byBarcode2.price, found.price].map(money));
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('sale-barcode');
    await shot(page, 'sale-lines');

    // ── Payment in cash, more than the total ──
    await page.keyboard.press('F10');
    await visible(page.getByTestId('payment-dialog'));
    await expectText(page.getByTestId('payment-total'), money(total));
    await expectValue(page.getByTestId('payment-tendered'), money(total));
    const tendered = (Math.floor(total / 1000) + 1) * 1000; // the next 10 BYN note
    const change = tendered - total;
    await page.getByTestId('payment-tendered').fill(money(tendered));
    await expectText(page.getByTestId('payment-change'), money(change));
    await shot(page, 'payment');
    await page.getByTestId('payment-submit').click();

    // ── The receipt ──
    await visible(page.getByTestId('screen-paid'));
    await expectText(page.getByTestId('paid-total'), money(total));
    await expectText(page.getByTestId('paid-change'), money(change));
    const receipt = await text(page.getByTestId('receipt'));
    expect(receipt).toMatch(new RegExp(`ИТОГО\\s+${money(total).replace('.', '\\.')}`));
    expect(receipt).toMatch(new RegExp(`Сдача\\s+${money(change).replace('.', '\\.')}`));
    expect(receipt).toContain('УЧЕБНЫЙ РЕЖИМ');
    for (const item of [byBarcode1, byBarcode2, found]) expect(receipt).toContain(item.name.slice(0, 20));
    await shot(page, 'receipt');
    await page.getByTestId('sale-new-check').click();
    await visible(page.getByTestId('sale-lines-empty'));
    await expectText(page.getByTestId('sale-total'), '0.00');
    await page.getByTestId('sale-back').click();

    // ── X-report ──
    await visible(page.getByTestId('screen-menu'));
    await page.getByTestId('menu-x-report').click();
    await visible(page.locator('[data-testid="screen-report"][data-kind="x_report"]'));
    await expectText(page.getByTestId('report-sales-count'), '1');
    await expectText(page.getByTestId('report-sales-total'), money(total));
    await expectText(page.getByTestId('report-cash'), money(total));
    expect(await text(page.getByTestId('report-by-form'))).toContain(`Наличные${money(total)}`);
    expect(await text(page.getByTestId('report-receipt'))).toContain('X-ОТЧЁТ');
    await shot(page, 'x-report');
    await page.getByTestId('report-back').click();

    // ── Z-report closes the shift ──
    await visible(page.getByTestId('screen-menu'));
    await page.getByTestId('menu-z-report').click();
    await visible(page.getByTestId('z-confirm'));
    await shot(page, 'z-confirm');
    await page.getByTestId('z-confirm-ok').click();
    await visible(page.locator('[data-testid="screen-report"][data-kind="z_report"]'));
    await expectText(page.getByTestId('report-sales-total'), money(total));
    expect(await text(page.getByTestId('report-receipt'))).toContain('Z-ОТЧЁТ');
    await shot(page, 'z-report');
    await page.getByTestId('report-back').click();

    await visible(page.getByTestId('screen-menu'));
    await expectText(page.getByTestId('till-shift'), 'Смена закрыта');
    await expectText(page.getByTestId('status-shift'), 'Смена закрыта');
    expect(await page.getByTestId('menu-sale').isDisabled()).toBe(true);
    expect(await page.getByTestId('menu-open-shift').isEnabled()).toBe(true);
    await shot(page, 'menu-shift-closed');

    expect(errors).toEqual([]);
  });

  it('says "Неверный пароль", refuses an unknown barcode without adding a line, keeps the check over a reload', async () => {
    const { page, errors } = await tills.open();

    await enterPin(page, '1234');
    await visible(page.getByTestId('screen-setup-done'));
    await page.getByTestId('setup-continue').click();

    // Wrong password, typed on the on-screen keypad.
    await chooseUser(page, 'Администратор');
    for (const d of '0000') await page.getByTestId(`login-keypad-${d}`).click();
    await page.getByTestId('login-submit').click();
    await expectText(page.getByTestId('notice-error'), /Неверный пароль/);
    await visible(page.getByTestId('screen-login'));
    await expectValue(page.getByTestId('login-password'), '');
    await shot(page, 'wrong-password');

    // Back on track: the admin creates a cashier.
    await page.reload();
    await visible(page.getByTestId('screen-login'));
    await login(page, 'Администратор', '1111');
    await changePassword(page, '1111', '258036');
    await visible(page.getByTestId('screen-menu'));
    await page.getByTestId('menu-users').click();
    await createUser(page, { login: 'petrov', name: 'Петров П.', cashierId: '100083608.95@4ek.by', role: 'cashier', password: '7391' });
    await visible(page.getByTestId('users-row-petrov'));
    await page.getByTestId('users-back').click();
    await logout(page);

    // The repeat of the new password is checked before anything is sent.
    await login(page, 'Петров П.', '7391');
    await visible(page.getByTestId('screen-password'));
    await page.getByTestId('password-oldPassword').fill('7391');
    await page.getByTestId('password-newPassword').fill('5823');
    await page.getByTestId('password-repeat').fill('5832');
    await page.getByTestId('password-submit').click();
    await expectText(page.getByTestId('notice-error'), /Новый пароль и повтор не совпадают/);
    await shot(page, 'password-mismatch');
    // The server's rules: an ascending run is refused with its own message.
    await page.getByTestId('password-newPassword').fill('1234');
    await page.getByTestId('password-repeat').fill('1234');
    await page.getByTestId('password-submit').click();
    await expectText(page.getByTestId('notice-error'), /последовательност/);
    await visible(page.getByTestId('screen-password'));
    await shot(page, 'password-rules');
    await changePassword(page, '7391', '5823');
    await visible(page.getByTestId('screen-menu'));
    // Main's events reach the page over the WebSocket.
    const shiftEvent = page.evaluate(
      () =>
        new Promise<unknown>((resolve) => {
          const off = window.kassa.on('shift.changed', (shift) => {
            off();
            resolve(shift);
          });
        }),
    );
    await page.getByTestId('menu-open-shift').click();
    await expectText(page.getByTestId('till-shift'), /^Смена № 1 открыта/);
    expect(await shiftEvent).toMatchObject({ number: 1, closedAt: null });
    await page.getByTestId('menu-sale').click();
    await visible(page.getByTestId('screen-sale'));

    // An unknown barcode: a clear message, no line.
    const known = new Set(sampleCatalogue().flatMap((i) => i.barcodes));
    const unknown = ['4819999999991', '4819999999984', '4819999999977'].find((b) => !known.has(b))!;
    await scan(page, unknown);
    await expectText(page.getByTestId('notice-error'), new RegExp(`${unknown}.*не найден`));
    await visible(page.getByTestId('sale-lines-empty'));
    expect(await lineCount(page)).toBe(0);
    await expectText(page.getByTestId('sale-total'), '0.00');
    await expectValue(page.getByTestId('sale-barcode'), '');
    await shot(page, 'unknown-barcode');

    // The open check lives in main: a reload of the page loses nothing.
    const item = pieceGoods()[0]!;
    await scan(page, item.barcodes[0]!);
    await expect.poll(() => lineCount(page)).toBe(1);
    await page.reload();
    await visible(page.getByTestId('screen-menu'));
    await page.getByTestId('menu-sale').click();
    await expect.poll(() => lineCount(page)).toBe(1);
    await expectText(page.getByTestId('sale-line-name'), item.name);
    await expectText(page.getByTestId('sale-total'), money(item.price));
    await shot(page, 'sale-after-reload');

    // Removing the line empties the check again.
    const lineId = await page.getByTestId('sale-line').getAttribute('data-line-id');
    await page.getByTestId(`sale-line-remove-${lineId}`).click();
    await page.getByTestId('storno-ok').click();
    await visible(page.getByTestId('sale-lines-empty'));
    await expectText(page.getByTestId('sale-total'), '0.00');

    expect(errors).toEqual([]);
  });
});
