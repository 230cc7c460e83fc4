/**
 * The receipt printer through the real UI on the web host: the admin checks the built-in
 * emulator's state, prints a test page, sees it in diagnostics without printing anything; points
 * the till at a printer that is off (a TCP address that refuses) and reads the real reason on the
 * devices screen and in red on diagnostics. The cashier then makes a cash in and an X report with
 * that printer off, sees why each did not print, turns the printer on and prints them again.
 * Finally «Открыть денежный ящик»: greyed until the admin allows it, then a click kicks the
 * drawer and the audit log has it. The customer-window setting round-trips and its button opens
 * the customer route in a new window. Screenshots: printer-NN-*.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { PNG } from 'pngjs';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { PrinterEmulator } from '../../main/devices/printer/emulator/server.js';
import { refusingPort } from '../fixtures/printer/till.js';
import { CASHIER, cashierWithOpenShift, itemsByBarcode } from './flows.js';
import { ARTIFACTS, clockAtNoon, expectText, kassa, login, logout, useTills, visible } from './helpers.js';

/** An 8×8 black PNG: a logo as the printer takes it (black and white). */
function blackSquarePng(): Buffer {
  const png = new PNG({ width: 8, height: 8 });
  for (let i = 0; i < png.data.length; i += 4) png.data.set([0, 0, 0, 255], i);
  return PNG.sync.write(png);
}

let shotNumber = 0;
/** tests/e2e/artifacts/printer-<nn>-<name>.png, in the order the screens were seen. */
async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  shotNumber += 1;
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.screenshot({ path: join(ARTIFACTS, `printer-${String(shotNumber).padStart(2, '0')}-${name}.png`) });
}

const tills = useTills();
let printer: PrinterEmulator | null = null;

afterEach(async () => {
  await printer?.close();
  printer = null;
});

/** The printer on the till's network address, switched on (listening) or off (refusing). */
async function switchOn(port: number): Promise<PrinterEmulator> {
  const p = new PrinterEmulator({ printer: { profile: 'epson', paper: 80 } });
  await p.listen(port, '127.0.0.1');
  return p;
}

/** The till's audit log, read from its database file as an auditor would. */
function auditLog(dataDir: string, prefix: string): { action: string; user: string | null; details: Record<string, unknown> }[] {
  const db = new Database(join(dataDir, 'kassa.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare('SELECT a.action, u.login AS user, a.details FROM audit_log a LEFT JOIN users u ON u.id = a.user_id WHERE a.action LIKE ? ORDER BY a.id')
      .all(`${prefix}%`) as { action: string; user: string | null; details: string }[];
    return rows.map((r) => ({ ...r, details: JSON.parse(r.details) as Record<string, unknown> }));
  } finally {
    db.close();
  }
}

describe('the receipt printer through the UI', () => {
  it('tests, diagnoses, survives a printer that is off, reprints, and opens the drawer for the cashier', async () => {
    const { host, page, errors } = await tills.open();
    await visible(page.getByTestId('screen-setup'));
    await kassa(page, 'setup.enterPin', { pin: '1234' });
    await kassa(page, 'auth.login', { login: 'admin', password: '1111' });
    await kassa(page, 'auth.changePassword', { oldPassword: '1111', newPassword: '258036' });
    await kassa(page, 'users.create', { login: CASHIER.login, name: CASHIER.name, cashierId: CASHIER.cashierId, role: 'cashier', password: '7391' });
    await kassa(page, 'auth.logout');
    await kassa(page, 'auth.login', { login: CASHIER.login, password: '7391' });
    await kassa(page, 'auth.changePassword', { oldPassword: '7391', newPassword: CASHIER.password });
    await kassa(page, 'auth.logout');
    await kassa(page, 'auth.login', { login: 'admin', password: '258036' });
    await page.reload();
    await visible(page.getByTestId('screen-menu'));

    // ── Diagnostics asks the built-in emulator: green before anything printed ──
    await page.getByTestId('menu-diagnostics').click();
    await visible(page.getByTestId('screen-diagnostics'));
    const printerRow = page.getByTestId('diag-printer');
    await expect.poll(() => printerRow.getAttribute('data-state')).toBe('ok');
    await expectText(page.getByTestId('diag-printer-message'), '');
    await shot(page, 'diagnostics-emulator-ok');
    await page.getByTestId('diagnostics-back').click();

    // ── Devices: the printer's state, a test page ──
    await page.getByTestId('menu-devices').click();
    await visible(page.getByTestId('screen-devices'));
    await page.getByTestId('devices-printer').scrollIntoViewIfNeeded();
    await page.getByTestId('printer-check-status').click();
    await expectText(page.getByTestId('printer-status'), /^встроенный эмулятор \(экранный чек\): Принтер готов \(состояние читается\)$/);
    await page.getByTestId('devices-test-print').click();
    await expectText(page.getByTestId('notice-success'), /Пробный чек напечатан/);
    expect((await kassa(page, 'printer.preview'))?.text).toContain('ПРОВЕРКА ПРИНТЕРА');
    // «Пробный чек» shows its picture on the screen, under the printer's buttons.
    await visible(page.getByTestId('print-preview-image'));
    expect(await page.getByTestId('print-preview-image').getAttribute('alt')).toContain('ПРОВЕРКА ПРИНТЕРА');
    expect(await page.getByTestId('print-preview-image').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    await page.getByTestId('print-preview-image').scrollIntoViewIfNeeded();
    await shot(page, 'devices-test-print');

    // The logo: our Russian button opens the file picker (the browser's own would say «Choose file»).
    await expectText(page.getByTestId('printer-logo-pick'), 'Выбрать файл…');
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('printer-logo-pick').click();
    await (await chooser).setFiles({ name: 'logo.png', mimeType: 'image/png', buffer: blackSquarePng() });
    await visible(page.getByTestId('printer-logo-remove'));
    await page.getByTestId('printer-logo-remove').scrollIntoViewIfNeeded();
    await shot(page, 'devices-logo-picked');
    await page.getByTestId('printer-logo-remove').click();
    expect(await page.getByTestId('printer-logo-remove').count()).toBe(0);

    // ── The customer window: the setting is kept, and the button opens the customer route ──
    await page.getByTestId('display-customer-window').check();
    await page.getByTestId('devices-save-display').click();
    await expectText(page.getByTestId('notice-success'), /Настройки сохранены/);
    expect((await kassa(page, 'devices.getSettings')).display.customerWindow).toBe(true);
    const popup = page.context().waitForEvent('page');
    await page.getByTestId('devices-customer-window').click();
    const customer = await popup;
    await visible(customer.getByTestId('customer-window'));
    expect(new URL(customer.url()).searchParams.get('view')).toBe('customer');
    await expectText(customer.locator('.customer-greeting'), 'Добро пожаловать!');
    await customer.close();
    await page.reload(); // the form reads the settings afresh
    await page.getByTestId('menu-devices').click();
    await visible(page.getByTestId('screen-devices'));
    await expect.poll(() => page.getByTestId('display-customer-window').isChecked()).toBe(true);
    await page.getByTestId('devices-printer').scrollIntoViewIfNeeded();

    // ── The printer on the network, switched off ──
    const port = await refusingPort();
    await page.getByTestId('printer-connection').selectOption('tcp');
    await page.getByTestId('printer-host').fill('127.0.0.1');
    await page.getByTestId('printer-port').fill(String(port));
    await page.getByTestId('devices-save-printer').click();
    await expectText(page.getByTestId('notice-success'), /Настройки сохранены/);
    await page.getByTestId('devices-test-print').click();
    // The real reason, not «напечатан».
    await expectText(page.getByTestId('notice-error').locator('.notice-text'), /^Чек не напечатан: .*не принимает подключение/);
    await page.getByTestId('printer-check-status').click();
    await expectText(page.getByTestId('printer-status'), new RegExp(`^TCP 127\\.0\\.0\\.1:${port}: .*не принимает подключение`));
    expect(await page.getByTestId('printer-status').getAttribute('class')).toBe('till-warn');
    await page.getByTestId('printer-status').scrollIntoViewIfNeeded();
    await shot(page, 'devices-printer-off');
    await page.getByTestId('devices-to-diagnostics').click();
    await expect.poll(() => printerRow.getAttribute('data-state')).toBe('error');
    await expectText(page.getByTestId('diag-printer-message'), /не принимает подключение/);
    await shot(page, 'diagnostics-printer-off');
    await page.getByTestId('diagnostics-back').click();

    // ── The cashier: the drawer button is greyed, with the reason ──
    await logout(page);
    await login(page, CASHIER.name, CASHIER.password);
    await visible(page.getByTestId('screen-menu'));
    const drawer = page.getByTestId('open-drawer');
    await expect.poll(() => drawer.isDisabled()).toBe(true);
    await expectText(drawer.locator('.btn-hint'), /Администратор не разрешил/);
    await page.getByTestId('menu-open-shift').click();
    await expectText(page.getByTestId('till-shift'), /^Смена № 1 открыта/);
    await shot(page, 'menu-drawer-greyed');

    // ── Cash in with the printer off: stored, the reason shown, printed again once it is on ──
    await page.getByTestId('menu-cash').click();
    await visible(page.getByTestId('screen-cash'));
    await page.getByTestId('cash-in').click();
    await page.getByTestId('cash-amount').fill('100');
    await page.getByTestId('cash-submit').click();
    await expectText(page.getByTestId('cash-print'), /^Чек не напечатан: .*не принимает подключение/);
    await expectText(page.getByTestId('reprint-original'), 'Напечатать ещё раз');
    await shot(page, 'cash-in-not-printed');
    printer = await switchOn(port);
    await page.getByTestId('reprint-original').click();
    await expectText(page.getByTestId('notice-success').locator('.notice-text'), 'Чек напечатан');
    await expect.poll(() => page.getByTestId('print-outcome').count()).toBe(0);
    const cashJob = await printer.nextJob(0);
    expect(cashJob.decoded.text.join('\n')).toMatch(/ВНЕСЕНИЕ/);
    expect(cashJob.decoded.text.join('\n')).not.toMatch(/КОПИЯ/);
    await shot(page, 'cash-in-reprinted');
    await page.getByTestId('cash-back').click();

    // ── X report with the printer off again ──
    await printer.close();
    printer = null;
    await page.getByTestId('menu-x-report').click();
    await visible(page.getByTestId('screen-report'));
    await expectText(page.getByTestId('report-print'), /^Чек не напечатан: .*не принимает подключение/);
    await visible(page.getByTestId('reprint-original'));
    await shot(page, 'x-report-not-printed');
    printer = await switchOn(port);
    await page.getByTestId('reprint-original').click();
    await expectText(page.getByTestId('notice-success').locator('.notice-text'), 'Чек напечатан');
    const xJob = await printer.nextJob(0);
    expect(xJob.decoded.text.some((l) => l.trim() === 'X-ОТЧЁТ')).toBe(true);
    await expect.poll(() => page.getByTestId('print-outcome').count()).toBe(0);
    await shot(page, 'x-report-reprinted');
    await page.getByTestId('report-back').click();

    // ── The admin lets cashiers open the drawer; the cashier opens it from the menu ──
    await logout(page);
    await login(page, 'Администратор', '258036');
    await page.getByTestId('menu-devices').click();
    await visible(page.getByTestId('screen-devices'));
    await page.getByTestId('printer-cashier-drawer').check();
    await page.getByTestId('devices-save-printer').click();
    await expectText(page.getByTestId('notice-success'), /Настройки сохранены/);
    await page.getByTestId('devices-back').click();
    await logout(page);
    await login(page, CASHIER.name, CASHIER.password);
    await visible(page.getByTestId('screen-menu'));
    await expect.poll(() => drawer.isDisabled()).toBe(false);
    const before = printer.lastJob()?.id ?? 0;
    await drawer.click();
    await expectText(page.getByTestId('notice-success').locator('.notice-text'), 'Ящик открыт');
    const pulse = await printer.nextJob(before);
    expect(pulse.decoded.pulses).toEqual([{ pin: 2, onMs: 50, offMs: 500 }]);
    expect(pulse.decoded.text).toEqual([]);
    await shot(page, 'menu-drawer-opened');
    const opened = auditLog(host.dataDir, 'drawer.').filter((e) => e.details.why === 'manual');
    expect(opened).toEqual([{ action: 'drawer.opened', user: CASHIER.login, details: { why: 'manual', how: 'pulse', documentId: null } }]);
    // The cash in's own drawer pulse failed while the printer was off: logged as failed, not opened.
    expect(
      auditLog(host.dataDir, 'drawer.')
        .filter((e) => e.details.why === 'auto')
        .map((e) => e.action),
    ).toEqual(['drawer.failed']);

    expect(errors).toEqual([]);
  });

  it('a return and an annulment with the printer off: each says why it did not print, and prints again once it is on', async () => {
    // Annulment is allowed only on the document's own day: the till's clock keeps clear of midnight.
    const { page, errors } = await tills.open(clockAtNoon());
    const port = await refusingPort();
    await cashierWithOpenShift(page, async () => {
      const { printer: p } = await kassa(page, 'devices.getSettings');
      await kassa(page, 'devices.saveSettings', { printer: { ...p, connection: { kind: 'tcp', host: '127.0.0.1', port } } });
    });
    const [item] = await itemsByBarcode(page, 1);
    await kassa(page, 'sale.addItem', { barcode: item!.barcodes[0]! });
    const sale = await kassa(page, 'sale.pay', { payments: [{ form: 'cash', amount: item!.price }] });
    expect(sale.print.printed).toBe(false);

    // ── A return without a check, in cash ──
    await page.getByTestId('menu-returns').click();
    await page.getByTestId('returns-tab-free').click();
    await visible(page.getByTestId('return-free'));
    await page.getByTestId('return-free-amount').fill('1.00');
    await page.getByTestId('return-reason').fill('чек утерян покупателем');
    await page.getByTestId('return-form-cash').click();
    await page.getByTestId('return-free-submit').click();
    await visible(page.getByTestId('screen-return-done'));
    await expectText(page.getByTestId('return-print'), /^Чек не напечатан: .*не принимает подключение/);
    await shot(page, 'return-not-printed');
    printer = await switchOn(port);
    await page.getByTestId('reprint-original').click();
    await expectText(page.getByTestId('notice-success').locator('.notice-text'), 'Чек напечатан');
    expect((await printer.nextJob(0)).decoded.text.join('\n')).toMatch(/ВОЗВРАТ/);
    await expect.poll(() => page.getByTestId('print-outcome').count()).toBe(0);
    await page.getByTestId('return-next').click();
    await printer.close();
    printer = null;

    // ── The annulment of that return, from the documents ──
    const returned = (await kassa(page, 'documents.list', {})).items.find((d) => d.kind === 'return');
    if (!returned) throw new Error('the return is not in the list');
    await page.keyboard.press('Escape');
    await visible(page.getByTestId('screen-menu'));
    await page.getByTestId('menu-documents').click();
    await visible(page.getByTestId('screen-documents'));
    await page.locator(`[data-testid="doc-row"][data-document-id="${returned.id}"]`).click();
    await page.getByTestId('doc-annul').click();
    await page.getByTestId('annul-reason').fill('возврат оформлен по ошибке');
    await page.getByTestId('annul-ok').click();
    await visible(page.getByTestId('doc-annulled-by'));
    await expectText(page.getByTestId('annul-print'), /^Аннулирование № \d+, смена 1: Чек не напечатан: .*не принимает подключение/);
    expect(await page.getByTestId('reprint-copy').count()).toBe(0); // «Напечатать копию» of the pane is the annulled check's
    await shot(page, 'annulment-not-printed');
    printer = await switchOn(port);
    await page.getByTestId('reprint-original').click();
    await expectText(page.getByTestId('notice-success').locator('.notice-text'), 'Чек напечатан');
    expect((await printer.nextJob(0)).decoded.text.join('\n')).toMatch(/АННУЛИРОВАНИЕ/);
    await expect.poll(() => page.getByTestId('print-outcome').count()).toBe(0);
    await shot(page, 'annulment-reprinted');
    expect(errors).toEqual([]);
  });
});
