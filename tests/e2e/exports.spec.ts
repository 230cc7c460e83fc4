/**
 * «Выгрузки» through the UI (issues 12 and 13) at 1366×768: the admin sets the export at shift
 * close to a real FTP server on loopback and the archive after each Z to a NAS that is down; the
 * cashier's Z answers at once, the reports land on the FTP server, the menu says the archive failed
 * and will be tried again, and the journal shows every attempt — «Повторить сейчас» adds one.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, PASSWORD, startFtp, type StorageServer } from '../fixtures/storage-servers.js';
import { CASHIER, cashierWithOpenShift } from './flows.js';
import { expectText, kassa, login, logout, pieceGoods, shot, useTills, visible } from './helpers.js';

const tills = useTills();
let ftp: StorageServer;
beforeAll(async () => {
  ftp = await startFtp();
});
afterAll(async () => {
  await ftp?.close();
});

describe('exports at shift close', () => {
  it('sets the export up, closes a shift, shows the failed archive on the menu and every attempt in the journal', async () => {
    const { page, errors } = await tills.open();
    await page.setViewportSize({ width: 1366, height: 768 });
    const nasPort = await closedPort();
    let nasId = '';
    await cashierWithOpenShift(page, async () => {
      await kassa(page, 'storage.saveTarget', { name: 'FTP офиса', connection: ftp.connection, password: PASSWORD });
      nasId = (
        await kassa(page, 'storage.saveTarget', {
          name: 'NAS склада',
          connection: { kind: 'webdav', url: `http://127.0.0.1:${nasPort}`, user: 'kassa', root: 'kassa' },
          password: 'x',
        })
      ).id;
      await kassa(page, 'maintenance.saveSchedule', { targetId: nasId, daily: false, at: '21:00', afterZ: true, keepLast: 5, warnAfterDays: 7 });
    });

    // The admin sets the export at shift close on «Выгрузки».
    await logout(page);
    await login(page, 'Администратор', '258036');
    await page.getByTestId('menu-exports').click();
    await visible(page.getByTestId('screen-exports'));
    await expectText(page.getByTestId('exports-archive-summary'), /NAS склада: после каждой смены; в хранилище остаются последние 5/);
    await page.getByTestId('exports-z-enabled').check();
    await page.getByTestId('exports-z-target').selectOption({ label: 'FTP офиса' });
    await page.getByTestId('exports-z-report-cashiers').check();
    await page.getByTestId('exports-z-report-sections').check();
    await page.getByTestId('exports-z-format-csv').click();
    await page.getByTestId('exports-z-save').click();
    await expectText(page.getByTestId('notice-success'), /Настройки выгрузки сохранены/);
    await shot(page, 'exports-settings');
    expect(await kassa(page, 'exports.settings')).toMatchObject({
      zExport: { enabled: true, reports: ['goods', 'payments', 'cashiers', 'sections'], format: 'csv' },
    });
    await page.getByTestId('exports-back').click();

    // The cashier sells and closes the shift: the Z does not wait for either target.
    await logout(page);
    await login(page, CASHIER.name, CASHIER.password);
    const item = pieceGoods()[0]!;
    const { total } = await kassa(page, 'sale.addItem', { barcode: item.barcodes[0]! });
    await kassa(page, 'sale.pay', { payments: [{ form: 'cash', amount: total }] });
    const started = Date.now();
    await kassa(page, 'shift.zReport', { cashOutAll: true });
    expect(Date.now() - started).toBeLessThan(5_000);
    await page.reload();
    await visible(page.getByTestId('screen-menu'));
    await expectText(page.getByTestId('export-notice'), /Выгрузка архива базы после смены № 1 не удалась — повторим в \d{2}:\d{2}/);
    await expectText(page.getByTestId('export-notice'), /не принимает подключение/);
    await shot(page, 'exports-menu-notice');

    // The reports are on the FTP server; the journal shows both exports and the attempts.
    const folder = join(ftp.dir, 'kassa', 'kassa-reports');
    await expect.poll(() => (existsSync(folder) ? readdirSync(folder).length : 0)).toBe(1);
    expect(readdirSync(join(folder, readdirSync(folder)[0]!)).sort()).toEqual(['cashiers.csv', 'goods.csv', 'payments.csv', 'sections.csv']);
    await logout(page);
    await login(page, 'Администратор', '258036');
    await page.getByTestId('menu-exports').click();
    await page.getByTestId('exports-tab-journal').click();
    await expect.poll(() => page.getByTestId('exports-row').count()).toBe(2);
    const rows = page.getByTestId('exports-row');
    await expectText(rows.filter({ hasText: 'Выгрузка отчётов после смены № 1' }).getByTestId('exports-row-state'), /Выгружено/);
    const archive = rows.filter({ hasText: 'Выгрузка архива базы после смены № 1' });
    await expectText(archive.getByTestId('exports-row-state'), /Не удалось — повторим в/);
    await visible(archive.locator('.exports-attempts li').first());
    const tried = await archive.locator('.exports-attempts li').count();
    await archive.getByTestId('exports-retry').click();
    await expectText(page.getByTestId('notice-info'), /будет повторена сейчас/);
    await expect.poll(() => archive.locator('.exports-attempts li').count()).toBe(tried + 1);
    await expectText(archive.locator('.exports-attempts li').last(), /✗ .*не принимает подключение/);
    await shot(page, 'exports-journal');
    expect(errors).toEqual([]);
  });
});
