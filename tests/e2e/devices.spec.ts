/**
 * Devices through the real UI on the web host: the admin sets the scale and the customer display
 * on real pseudo-terminals (socat) with a Масса-К simulator and a display reader on the far ends;
 * the diagnostics screen shows a scale whose port vanished in red and green again once it is back;
 * the cashier sees the live weight on the sale screen, sells a weighed item at the stable weight,
 * and the customer window and pole display follow the check. Screenshots: devices-NN-*.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scaleOnPty, type ScaleOnPty } from '../fixtures/serial/scale-on-pty.js';
import { fileSink, ptyPair, socatMissing, type FileSink, type PtyPair } from '../fixtures/serial/socat.js';
import { ARTIFACTS, changePassword, enterPin, expectText, kassa, login, logout, money, sampleCatalogue, text, useTills, visible } from './helpers.js';

const missing = socatMissing();
if (missing) console.warn(`devices.spec: skipped — ${missing}`);

let shotNumber = 0;
/** tests/e2e/artifacts/devices-<nn>-<name>.png, in the order the screens were seen. */
async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  shotNumber += 1;
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.screenshot({ path: join(ARTIFACTS, `devices-${String(shotNumber).padStart(2, '0')}-${name}.png`) });
}

const CP866_ITOGO = Buffer.from([0x88, 0x92, 0x8e, 0x83, 0x8e]); // «ИТОГО»

describe.skipIf(missing !== null)('devices through the UI', () => {
  const tills = useTills();
  let scalePair: PtyPair;
  let displayPair: PtyPair;
  let scale: ScaleOnPty;
  let display: FileSink;

  beforeAll(async () => {
    scalePair = await ptyPair();
    displayPair = await ptyPair({ sink: 'file' });
    scale = scaleOnPty(scalePair.b, 'massa-k');
    display = fileSink(displayPair.b);
  });

  afterAll(async () => {
    await scale?.stop();
    await scalePair?.close();
    await displayPair?.close();
  });

  it('sets up the scale and display, diagnoses a lost port, and sells a weighed item', async () => {
    const { page, errors } = await tills.open();
    scale.put({ grams: 1234, stable: true });

    // ── The admin: first start, then the devices screen ──
    await enterPin(page, '1234');
    await page.getByTestId('setup-continue').click();
    await login(page, 'Администратор', '1111');
    await changePassword(page, '1111', '258036');
    await visible(page.getByTestId('screen-menu'));
    await page.getByTestId('menu-devices').click();
    await visible(page.getByTestId('screen-devices'));
    expect(await page.getByTestId('scale-profile').inputValue()).toBe('simulated'); // the training default
    await shot(page, 'devices-default');

    await page.getByTestId('scale-profile').selectOption('massa-k');
    await page.getByTestId('scale-path').fill(scalePair.a);
    await page.getByTestId('scale-baud').selectOption('9600');
    await page.getByTestId('devices-save-scale').click();
    // Its own words: the toast of the password change may still be up.
    await visible(page.getByTestId('notice-success').filter({ hasText: 'Настройки сохранены' }));

    await page.getByTestId('display-profile').selectOption('cd5220');
    await page.getByTestId('display-path').fill(displayPair.a);
    await page.getByTestId('display-code-table').fill('1B 74 11');
    await page.getByTestId('devices-save-display').click();
    await expect.poll(() => display.received().includes(Buffer.from([0x1b, 0x40, 0x1b, 0x74, 0x11, 0x0c]))).toBe(true);

    await page.getByTestId('devices-read-weight').click();
    await visible(page.getByTestId('notice-info').filter({ hasText: '1.234 кг' }));
    display.clear();
    await page.getByTestId('devices-test-display').click();
    await visible(page.getByTestId('notice-info').filter({ hasText: 'Проверка дисплея' }));
    // «Пр» in CP866 right after the CD5220 upper-line command.
    await expect.poll(() => display.received().includes(Buffer.from([0x1b, 0x51, 0x41, 0x8f, 0xe0]))).toBe(true);
    await page.getByTestId('devices-scale').scrollIntoViewIfNeeded();
    await shot(page, 'devices-configured');

    // ── Diagnostics: all well, then the scale's port vanishes, then it is back ──
    await page.getByTestId('devices-to-diagnostics').click();
    await visible(page.getByTestId('screen-diagnostics'));
    await expect.poll(() => page.getByTestId('diag-scale').getAttribute('data-state')).toBe('ok');
    await expect.poll(() => page.getByTestId('diag-display').getAttribute('data-state')).toBe('ok');
    await shot(page, 'diagnostics-ok');

    await scalePair.kill();
    const row = page.getByTestId('diag-scale');
    await expect.poll(() => row.getAttribute('data-state')).toBe('error');
    await expectText(page.getByTestId('diag-scale-message'), new RegExp(scalePair.a.replace(/[/.]/g, '\\$&')));
    const colours = await row.evaluate((el) => ({ bg: getComputedStyle(el).backgroundColor, ink: getComputedStyle(el).color }));
    expect(colours).toEqual({ bg: 'rgb(253, 236, 234)', ink: 'rgb(180, 35, 24)' }); // --danger-bg / --danger
    expect(await page.getByTestId('diag-display').getAttribute('data-state')).toBe('ok');
    await shot(page, 'diagnostics-scale-lost');

    await scalePair.start();
    await scale.reopen();
    await expect.poll(() => row.getAttribute('data-state')).toBe('ok');
    await shot(page, 'diagnostics-scale-back');

    // ── A cashier for the sale ──
    await kassa(page, 'users.create', { login: 'ivanova', name: 'Иванова А.', cashierId: '1', role: 'cashier', password: '7391' });
    await page.getByTestId('diagnostics-back').click();
    await logout(page);
    await login(page, 'Иванова А.', '7391');
    await changePassword(page, '7391', '5823');
    await visible(page.getByTestId('screen-menu'));
    await page.getByTestId('menu-open-shift').click();
    await expectText(page.getByTestId('till-shift'), /^Смена № 1 открыта/);

    // The customer window on a second monitor: opened from the till window, it only listens.
    const popup = page.context().waitForEvent('page');
    await page.evaluate(() => void window.open('./?view=customer', 'kassa-customer'));
    const customer = await popup;
    await customer.setViewportSize({ width: 1024, height: 600 });
    await visible(customer.getByTestId('customer-window'));

    // ── The sale screen: the live weight ──
    await page.getByTestId('menu-sale').click();
    await visible(page.getByTestId('screen-sale'));
    const indicator = page.getByTestId('weight-indicator');
    await expect.poll(() => indicator.getAttribute('data-state')).toBe('stable');
    await expectText(page.getByTestId('weight-value'), '1.234 кг');

    scale.put({ grams: 640, stable: false });
    await expect.poll(() => indicator.getAttribute('data-state')).toBe('unstable');
    await expectText(page.getByTestId('weight-message'), /не успокоился/);
    await shot(page, 'sale-weight-unstable');

    scale.put({ grams: 50_000, stable: true });
    await expect.poll(() => indicator.getAttribute('data-state')).toBe('overload');
    await expectText(page.getByTestId('weight-message'), /Перегрузка/);

    scale.put({ grams: 1234, stable: true });
    await expect.poll(() => indicator.getAttribute('data-state')).toBe('stable');
    await expectText(page.getByTestId('weight-value'), '1.234 кг');
    await shot(page, 'sale-weight-stable');

    // ── A weighed item at the stable weight ──
    const bananas = sampleCatalogue().find((i) => i.unit === 'кг' && i.name === 'Бананы');
    if (!bananas) throw new Error('the sample catalogue needs «Бананы» sold by weight');
    await page.getByTestId('sale-search').pressSequentially('бананы');
    await page.getByTestId('sale-search-result').filter({ hasText: 'Бананы' }).first().click();
    await expect.poll(() => page.getByTestId('sale-line').count()).toBe(1);
    await expectText(page.getByTestId('sale-line-qty'), /1[.,]234/);
    const amount = Math.round((bananas.price * 1234) / 1000); // 4.49 × 1.234 = 5.54066 → 5.54
    await expectText(page.getByTestId('sale-total'), money(amount));
    await expect.poll(() => display.received().includes(Buffer.concat([Buffer.from([0x1b, 0x51, 0x42]), CP866_ITOGO]))).toBe(true);
    await expectText(customer.getByTestId('customer-total'), money(amount));
    expect(await text(customer.getByTestId('customer-line'))).toContain('Бананы');
    await shot(page, 'sale-weighed-line');
    await customer.screenshot({ path: join(ARTIFACTS, `devices-${String(++shotNumber).padStart(2, '0')}-customer-window.png`) });

    // ── The scale unplugged mid-sale: a clear message, the sale goes on, the scale comes back ──
    await scalePair.kill();
    await expect.poll(() => indicator.getAttribute('data-state')).toBe('disconnected');
    await expectText(page.getByTestId('weight-message'), /пропал|не найден/);
    await shot(page, 'sale-scale-unplugged');
    await page.keyboard.press('F10');
    await visible(page.getByTestId('payment-dialog'));
    await page.getByTestId('payment-tendered').fill(money(1000));
    await page.getByTestId('payment-submit').click();
    await visible(page.getByTestId('screen-paid'));
    await expectText(customer.getByTestId('customer-change'), money(1000 - amount));
    await customer.screenshot({ path: join(ARTIFACTS, `devices-${String(++shotNumber).padStart(2, '0')}-customer-change.png`) });
    await scalePair.start();
    await scale.reopen();
    await page.getByTestId('sale-new-check').click();
    await expect.poll(() => indicator.getAttribute('data-state')).toBe('stable');
    await shot(page, 'sale-scale-back');

    expect(errors).toEqual([]);
  });

  it('weighs on the simulated scale of training mode, out of the box', async () => {
    const { page, errors } = await tills.open();
    await enterPin(page, '1234');
    await page.getByTestId('setup-continue').click();
    await login(page, 'Администратор', '1111');
    await changePassword(page, '1111', '258036');
    await visible(page.getByTestId('screen-menu'));
    await kassa(page, 'users.create', { login: 'petrova', name: 'Петрова В.', cashierId: '2', role: 'cashier', password: '7391' });
    await logout(page);
    await login(page, 'Петрова В.', '7391');
    await changePassword(page, '7391', '5823');
    await page.getByTestId('menu-open-shift').click();
    await expectText(page.getByTestId('till-shift'), /^Смена № 1 открыта/);
    await page.getByTestId('menu-sale').click();

    const indicator = page.getByTestId('weight-indicator');
    await expect.poll(() => indicator.getAttribute('data-state')).toBe('stable');
    await expectText(page.getByTestId('weight-value'), '0.000 кг');
    await page.getByTestId('weight-put-485').click();
    await expect.poll(() => indicator.getAttribute('data-state')).toBe('unstable'); // it swings first
    await expect.poll(() => indicator.getAttribute('data-state')).toBe('stable');
    await expectText(page.getByTestId('weight-value'), '0.485 кг');
    await page.getByTestId('sale-search').pressSequentially('бананы');
    await page.getByTestId('sale-search-result').filter({ hasText: 'Бананы' }).first().click();
    await expectText(page.getByTestId('sale-line-qty'), /0[.,]485/);
    await shot(page, 'training-scale');
    expect(errors).toEqual([]);
  });
});
