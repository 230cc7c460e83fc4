/**
 * «Прайс-лист» and «Хранилища» through the real UI on the web host (1366×768): a Windows-1251 CSV
 * with three bad rows shows them in the preview and nothing is written until it is clean; an XLSX
 * export read back changes nothing; price lists imported from a real FTP server (pyftpdlib) and a
 * real WebDAV server (rclone) on loopback, the targets added and checked on the storage screen.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, startFtp, startWebdav, USER, type StorageServer } from '../fixtures/storage-servers.js';
import { expectText, kassa, shot, useTills, visible } from './helpers.js';

const tills = useTills();
const HEADER = 'Код;Наименование;Штрихкоды;Цена;НДС;Единица;Секция;Категория';

async function adminOnPriceList(page: Page, withMenuShot = false): Promise<void> {
  await page.setViewportSize({ width: 1366, height: 768 });
  await visible(page.getByTestId('screen-setup'));
  await kassa(page, 'setup.enterPin', { pin: '1234' });
  await kassa(page, 'auth.login', { login: 'admin', password: '1111' });
  await kassa(page, 'auth.changePassword', { oldPassword: '1111', newPassword: '258036' });
  await page.reload();
  await visible(page.getByTestId('menu-price-list'));
  if (withMenuShot) await shot(page, 'menu-admin-price-list');
  await page.getByTestId('menu-price-list').click();
  await visible(page.getByTestId('screen-price-list'));
}

const codeExists = async (page: Page, code: string) => (await kassa(page, 'catalogue.search', { query: code, limit: 5 })).some((i) => i.code === code);

describe('price list', () => {
  it('shows the three bad rows of a Windows-1251 CSV and writes nothing until confirmed', async () => {
    const { page, errors } = await tills.open();
    await adminOnPriceList(page, true);
    const csv = iconv.encode(
      [
        HEADER,
        '5001;Батон «Нарочанский» нарезной 400 г;4810000000018;1,89;10;шт;1;Хлеб/Батоны',
        '5002;Кефир 1 л;4810000000025;-1,20;10;шт;1;Молочные',
        '5003;Сок яблочный 1 л;4810000000032;2,49;18;шт;1;Соки',
        '5004;Вода 0,5 л;4810000000041;0,99;20;шт;1;Вода',
        '5005;Хлеб «Дарницкий» 700 г;4810000000056;2,15;10;шт;1;Хлеб',
      ].join('\r\n'),
      'win1251',
    );
    // Our Russian button opens the file picker (the browser's own field would say «Choose File», «No file chosen»).
    await expectText(page.getByTestId('price-list-file-input-pick'), 'Выбрать файл…');
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('price-list-file-input-pick').click();
    await (await chooser).setFiles({ name: 'prajs.csv', mimeType: 'text/csv', buffer: csv });
    await expectText(page.getByTestId('price-list-file-info'), /«prajs\.csv».*CSV, Windows-1251, разделитель «;»/);
    await page.getByTestId('price-list-check').click();
    await expectText(page.getByTestId('price-list-counts'), /Строк: 5\. Новых: 2.*с ошибками: 3/);
    const bad = page.getByTestId('price-list-error');
    expect(await bad.count()).toBe(3);
    expect(await bad.evaluateAll((rows) => rows.map((r) => r.textContent))).toEqual([
      '3Цена (D)отрицательная цена -1,20',
      '4НДС (E)неизвестная ставка НДС «18» (бывают 20, 10, 0, 25 или «без НДС»)',
      '5Штрихкоды (C)штрихкод «4810000000041» — неверная контрольная цифра',
    ]);
    expect(await page.getByTestId('price-list-apply').isDisabled()).toBe(true);
    // The rows' rates: the unknown «18» is not shown as «без НДС».
    expect(await page.getByTestId('price-list-row-vat').allInnerTexts()).toEqual(['10 %', '10 %', '', '20 %', '10 %']);
    await shot(page, 'price-list-errors');
    expect(await codeExists(page, '5001')).toBe(false);

    // The clean file: checked, then written only on «Загрузить».
    const clean = iconv.encode([HEADER, '5001;Батон «Нарочанский» нарезной 400 г;4810000000018;1,89;10;шт;1;Хлеб/Батоны'].join('\r\n'), 'win1251');
    await page.getByTestId('price-list-file-input').setInputFiles({ name: 'prajs-ok.csv', mimeType: 'text/csv', buffer: clean });
    await expectText(page.getByTestId('price-list-file-info'), /prajs-ok\.csv/);
    await page.getByTestId('price-list-check').click();
    await expectText(page.getByTestId('price-list-counts'), /Новых: 1.*Ничего ещё не записано/);
    expect(await codeExists(page, '5001')).toBe(false);
    await page.getByTestId('price-list-apply').click();
    await expectText(page.getByTestId('notice-success').locator('.notice-text'), 'Прайс-лист загружен: добавлено 1, изменено 0');
    expect(await codeExists(page, '5001')).toBe(true);
    expect(errors).toEqual([]);
  });

  it('reads its own XLSX export back as the same catalogue', async () => {
    const { page, errors, host } = await tills.open();
    await adminOnPriceList(page);
    await page.getByTestId('price-list-export-format').selectOption('xlsx');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('price-list-export-button').click()]);
    const file = join(host.dataDir, 'export.xlsx');
    await download.saveAs(file);
    expect(readFileSync(file).subarray(0, 2).toString('latin1')).toBe('PK');
    await page.getByTestId('price-list-file-input').setInputFiles(file);
    await expectText(page.getByTestId('price-list-file-info'), /XLSX; столбцов: 12/);
    await page.getByTestId('price-list-mode').selectOption('replace');
    await page.getByTestId('price-list-check').click();
    await expectText(
      page.getByTestId('price-list-counts'),
      'Строк: 56. Новых: 0, изменится: 0, без изменений: 56, пропущено: 0, с ошибками: 0. Ничего ещё не записано: нажмите «Загрузить».',
    );
    await shot(page, 'price-list-xlsx-round-trip');
    expect(errors).toEqual([]);
  });
});

describe('price lists from storage targets', () => {
  let ftp: StorageServer;
  let webdav: StorageServer;
  beforeAll(async () => {
    [ftp, webdav] = await Promise.all([startFtp(), startWebdav()]);
  });
  afterAll(async () => {
    await ftp?.close();
    await webdav?.close();
  });

  async function addTarget(page: Page, name: string, fill: () => Promise<void>): Promise<void> {
    await page.getByTestId('price-list-storage').click();
    await visible(page.getByTestId('screen-storage'));
    await expectText(page.getByTestId('storage-secrets-at'), /0600/);
    await page.getByTestId('storage-name').fill(name);
    await fill();
    await page.getByTestId('storage-password').fill(PASSWORD);
    await page.getByTestId('storage-root').fill('kassa');
    await page.getByTestId('storage-test').click();
    await expectText(page.getByTestId('storage-verdict'), /Подключение работает/);
    await shot(page, `storage-${name}`);
    await page.getByTestId('storage-save').click();
    await visible(page.locator(`[data-testid="storage-target"][data-name="${name}"]`));
    await page.getByTestId('storage-price-list').click();
    await visible(page.getByTestId('screen-price-list'));
  }

  async function importFrom(page: Page, name: string, code: string): Promise<void> {
    await page.getByTestId('source-target').click();
    const target = (await kassa(page, 'storage.targets')).targets.find((t) => t.name === name)!;
    await page.getByTestId('price-list-target').selectOption(target.id);
    await page.getByTestId('price-list-list-remote').click();
    await page.locator('[data-testid="remote-file"][data-path="prajs.csv"]').click();
    await expectText(page.getByTestId('price-list-file-info'), /«prajs\.csv»/);
    await page.getByTestId('price-list-check').click();
    await expectText(page.getByTestId('price-list-counts'), /Новых: 1/);
    expect(await codeExists(page, code)).toBe(false);
    await page.getByTestId('price-list-apply').click();
    await expectText(page.getByTestId('notice-success').locator('.notice-text'), /Прайс-лист загружен: добавлено 1/);
    expect(await codeExists(page, code)).toBe(true);
  }

  it('imports a price list from FTP and from WebDAV', async () => {
    writeFileSync(join(ftp.dir, 'kassa', 'prajs.csv'), iconv.encode(`${HEADER}\r\n7101;Печенье с FTP;;3,10;20;шт;0;Печенье`, 'win1251'));
    writeFileSync(join(webdav.dir, 'kassa', 'prajs.csv'), Buffer.from(`\ufeff${HEADER}\n7102;Пряники с WebDAV;;4,20;20;шт;0;Пряники`, 'utf8'));
    const { page, errors } = await tills.open();
    await adminOnPriceList(page);
    await addTarget(page, 'FTP', async () => {
      await page.getByTestId('storage-kind').selectOption('ftp');
      await page.getByTestId('storage-host').fill('127.0.0.1');
      await page.getByTestId('storage-port').fill(String(ftp.port));
      await page.getByTestId('storage-user').fill(USER);
    });
    await importFrom(page, 'FTP', '7101');
    await addTarget(page, 'WebDAV', async () => {
      await page.getByTestId('storage-kind').selectOption('webdav');
      await page.getByTestId('storage-url').fill(`http://127.0.0.1:${webdav.port}`);
      await page.getByTestId('storage-user').fill(USER);
    });
    await importFrom(page, 'WebDAV', '7102');
    await shot(page, 'price-list-from-webdav');
    expect(errors).toEqual([]);
  });
});
