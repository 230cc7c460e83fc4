/**
 * Going live in the real UI against the standalone СКО emulator playing the operator's working
 * СКО (`npm run sko:emulator -- --working`, its own process): a training day first, then the admin
 * enters the СКО address, device code, PIN and the operator's public key, the till binds and takes
 * its requisites from the СКО; the cashier's first working shift is № 1 and its first check № 1,
 * without «УЧЕБНЫЙ РЕЖИМ»; the working СКО's journal holds no training document.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { DB_FILE } from '../../main/core.js';
import { JOURNAL_FILE } from '../../main/fiscal/emulator/journal.js';
import { startEmulatorProcess, type EmulatorProcess } from '../fixtures/sko-emulator-process.js';
import { CASHIER, cashierWithOpenShift, itemsByBarcode, openSale } from './flows.js';
import { expectText, kassa, login, logout, money, scan, shot, text, useTills, visible } from './helpers.js';

const tills = useTills();
let sko: EmulatorProcess | null = null;
let skoDir: string | null = null;
afterEach(async () => {
  await sko?.stop();
  if (skoDir) rmSync(skoDir, { recursive: true, force: true, maxRetries: 10 });
  sko = null;
  skoDir = null;
});

function keysOf(file: string, sql: string): string[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).pluck().all() as string[];
  } finally {
    db.close();
  }
}

it('switches a training till to working mode against the operator’s СКО, and the first working check is № 1', async () => {
  skoDir = mkdtempSync(join(tmpdir(), 'kassa-e2e-working-sko-'));
  sko = await startEmulatorProcess(skoDir, ['--working', '--organization', 'ООО «Ромашка»', '--registration-number', '119000999']);
  const { host, page, errors } = await tills.open();
  await page.setViewportSize({ width: 1366, height: 768 });

  // ── A training day: one sale, closed by Z ──
  await cashierWithOpenShift(page);
  const [item] = await itemsByBarcode(page, 1);
  await kassa(page, 'sale.addItem', { barcode: item!.barcodes[0]! });
  await kassa(page, 'sale.pay', { payments: [{ form: 'cash', amount: item!.price }] });
  await kassa(page, 'shift.zReport', { cashOutAll: true });
  await expect.poll(async () => (await kassa(page, 'app.status')).fiscalQueue).toBe(0);
  await page.reload();
  await visible(page.getByTestId('screen-menu'));
  await logout(page);
  await login(page, 'Администратор', '258036');
  await visible(page.getByTestId('screen-menu'));
  await visible(page.getByTestId('training-badge'));

  // ── «Рабочий режим»: the form and the checklist of a training till ──
  await page.getByTestId('menu-golive').click();
  await visible(page.getByTestId('screen-golive'));
  await visible(page.getByTestId('golive-form'));
  await visible(page.getByTestId('golive-item-terminal'));
  expect(await page.getByTestId('golive-item-backup').getAttribute('data-state')).toBe('fail');
  await page.getByTestId('golive-url').fill(sko.url);
  await page.getByTestId('golive-device-code').fill('DEV-119000999');
  await page.getByTestId('golive-pin').fill('4826');
  await page.getByTestId('golive-public-key').fill(sko.publicKeyPem);
  await shot(page, 'golive-form');
  await page.getByTestId('golive-submit').click();
  await visible(page.getByTestId('golive-confirm'));
  expect(await text(page.getByTestId('golive-confirm'))).toMatch(/Первая рабочая смена будет № 1/);
  await shot(page, 'golive-confirm');
  await page.getByTestId('golive-confirm-ok').click();

  // ── Working mode: the badge, the СКО, the requisites from it ──
  await visible(page.getByTestId('working-badge'));
  await visible(page.getByTestId('golive-working'));
  expect(await page.getByTestId('training-badge').count()).toBe(0);
  await expectText(page.getByTestId('golive-sko'), `СКО: ${sko.url}`);
  await expect.poll(async () => page.getByTestId('golive-item-sko').getAttribute('data-state')).toBe('ok');
  // The requisites come from the working СКО after the switch: wait for them, not the training ones still shown.
  await expectText(page.getByTestId('golive-item-requisites'), /ООО «Ромашка», УНП 192608414 \(контрольная цифра верна\), ПК № 119000999/);
  await shot(page, 'golive-working');

  // ── The cashier's first working shift and check ──
  await page.getByTestId('golive-back').click();
  await logout(page);
  await login(page, CASHIER.name, CASHIER.password);
  await visible(page.getByTestId('screen-menu'));
  await page.getByTestId('menu-open-shift').click();
  await expectText(page.getByTestId('status-shift'), /Смена № 1\b/);
  await openSale(page);
  await scan(page, item!.barcodes[0]!);
  await expectText(page.getByTestId('sale-total'), money(item!.price));
  await page.keyboard.press('F10');
  await visible(page.getByTestId('payment-dialog'));
  await page.getByTestId('payment-submit').click();
  await visible(page.getByTestId('screen-paid'));
  const receipt = await text(page.getByTestId('receipt'));
  expect(receipt).toMatch(/Чек № 1 \(док\. 2\)/);
  expect(receipt).toContain('ООО «Ромашка»');
  expect(receipt).not.toContain('УЧЕБНЫЙ РЕЖИМ');
  await visible(page.getByTestId('working-badge'));
  await shot(page, 'golive-first-check');

  // ── The working СКО holds the working documents, and not one training document ──
  await expect.poll(async () => (await kassa(page, 'app.status')).fiscalQueue).toBe(0);
  const tillDb = join(host.dataDir, DB_FILE);
  const training = keysOf(tillDb, 'SELECT idempotency_key FROM documents WHERE training = 1');
  const working = keysOf(tillDb, 'SELECT idempotency_key FROM documents WHERE training = 0 ORDER BY id');
  const journal = keysOf(join(skoDir, JOURNAL_FILE), 'SELECT idempotency_key FROM documents ORDER BY seq');
  expect(training.length).toBeGreaterThanOrEqual(4);
  expect(working).toHaveLength(2); // the opening of shift 1 and check № 1
  expect(journal).toEqual(working);
  expect(journal.filter((k) => training.includes(k))).toEqual([]);
  expect(keysOf(join(skoDir, JOURNAL_FILE), 'SELECT DISTINCT shift_number FROM documents')).toEqual([1]);
  expect(errors).toEqual([]);
});

it('the first-run wizard: data folder, printer with a test print, scale with «прочитать вес», port permissions; reopened from «Настройки»', async () => {
  const { page, errors } = await tills.open();
  await page.setViewportSize({ width: 1366, height: 768 });
  await cashierWithOpenShift(page);
  await logout(page);
  await login(page, 'Администратор', '258036');
  // In a browser the wizard does not open by itself (the desktop app opens it once): «Настройки».
  await visible(page.getByTestId('screen-menu'));
  await page.getByTestId('menu-settings').click();
  await page.getByTestId('settings-wizard').click();
  await visible(page.getByTestId('screen-wizard'));

  expect(await text(page.getByTestId('wizard-folder-path'))).toMatch(/kassa-e2e-/);
  await shot(page, 'wizard-folder');

  await page.getByTestId('wizard-next').click();
  await visible(page.getByTestId('devices-printer'));
  await visible(page.getByTestId('wizard-ports'));
  await page.getByTestId('wizard-test-print').click();
  await visible(page.getByTestId('print-preview'));
  await shot(page, 'wizard-printer');

  await page.getByTestId('wizard-next').click();
  await visible(page.getByTestId('devices-scale'));
  await kassa(page, 'scale.simulate', { grams: 1250 });
  // The simulated scale settles like a real one: «не успокоился» first, then the stable weight.
  await expect
    .poll(
      async () => {
        await page.getByTestId('wizard-read-weight').click();
        return text(page.getByTestId('wizard-weight'));
      },
      { interval: 300 },
    )
    .toMatch(/^1[.,]250 кг$/);
  await shot(page, 'wizard-scale');

  await page.getByTestId('wizard-next').click();
  await visible(page.getByTestId('wizard-access'));
  if (process.platform === 'linux') expect(await text(page.getByTestId('wizard-access'))).toMatch(/группа dialout/);
  await shot(page, 'wizard-ports');

  await page.getByTestId('wizard-finish').click();
  await visible(page.getByTestId('screen-menu'));
  expect((await kassa(page, 'golive.hardware')).wizardDone).toBe(true);
  expect(errors).toEqual([]);
});
