/**
 * The СКО as the cashier and the admin see it, against the standalone emulator (its own process,
 * so it can be stopped and brought back): «не передано оператору: N» growing with its age while
 * the СКО is down and draining when it is back; the «СКО» screen's diagnostics; the PIN again
 * after another login took the session; a refused document sent again; «Заполнить из ПК» and
 * the Z wait set by the admin; the СКО side of a check and «Сверить с СКО».
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DB_FILE } from '../../main/core.js';
import { insertDocument, JOURNAL_FILE } from '../../main/fiscal/emulator/journal.js';
import { PATHS } from '../../main/fiscal/protocol.js';
import { startEmulatorProcess, type EmulatorProcess } from '../fixtures/sko-emulator-process.js';
import { startWebHostProcess, type HostProcess } from '../fixtures/web-host-process.js';
import { cashierWithOpenShift, itemsByBarcode, openSale } from './flows.js';
import { expectText, kassa, launchBrowser, login, logout, openTill, scan, shot, text, visible } from './helpers.js';

let browser: Browser;
let till: Till | null = null;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterEach(async () => {
  await till?.dispose();
  till = null;
});
afterAll(async () => {
  await browser?.close();
});

type Till = {
  readonly page: Page;
  readonly errors: string[];
  readonly dir: string;
  emulator: EmulatorProcess;
  stopEmulator(): Promise<void>;
  startEmulator(): Promise<void>;
  dispose(): Promise<void>;
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** The web host pointed at a standalone emulator on a fixed port (so it can come back on it), a cashier with an open shift. */
async function tillWithEmulator(emulatorArgs: readonly string[] = []): Promise<Till> {
  const dir = mkdtempSync(join(tmpdir(), 'kassa-e2e-fiscal-'));
  const port = await freePort();
  const args = ['--port', String(port), ...emulatorArgs];
  const emulator = await startEmulatorProcess(join(dir, 'sko'), args);
  let host: HostProcess;
  try {
    host = await startWebHostProcess(join(dir, 'till'), [
      '--sko-url',
      emulator.url,
      '--sko-public-key',
      emulator.publicKeyFile,
      '--sko-timeout-ms',
      '1000',
      '--sko-retry-ms',
      '100',
    ]);
  } catch (err) {
    await emulator.stop();
    throw err;
  }
  const { page, errors } = await openTill(browser, host.url);
  const t: Till = {
    page,
    errors,
    dir,
    emulator,
    stopEmulator: () => t.emulator.stop(),
    async startEmulator() {
      t.emulator = await startEmulatorProcess(join(dir, 'sko'), args);
    },
    async dispose() {
      await page.context().close();
      await host.stop();
      await t.emulator.stop();
      rmSync(dir, { recursive: true, force: true, maxRetries: 10 });
    },
  };
  await cashierWithOpenShift(page);
  return t;
}

/** A check of one piece paid in cash, through the sale screen as the cashier rings it up. */
async function sellInUi(page: Page, barcode: string): Promise<void> {
  await scan(page, barcode);
  await expect.poll(() => page.getByTestId('sale-line').count()).toBe(1);
  await page.keyboard.press('F10');
  await visible(page.getByTestId('payment-dialog'));
  await page.getByTestId('payment-submit').click();
  await visible(page.getByTestId('screen-paid'));
  await page.getByTestId('sale-new-check').click();
  await visible(page.getByTestId('sale-lines-empty'));
}

/** A document of someone else holds this number at the СКО: written into the running emulator's journal. */
function strayAt(t: Till, numberInShift: number): () => void {
  const tillDb = new Database(join(t.dir, 'till', DB_FILE), { readonly: true });
  const tillId = tillDb.prepare('SELECT till_id FROM sko_session').pluck().get() as string;
  tillDb.close();
  const journal = new Database(join(t.emulator.dataDir, JOURNAL_FILE));
  journal.pragma('busy_timeout = 5000');
  const key = `stray-e2e-${numberInShift}`;
  insertDocument(journal, {
    sko_doc_id: 'T-STRAYE2E0001',
    till_id: tillId,
    idempotency_key: key,
    kind: 'sale',
    shift_number: 1,
    number_in_shift: numberInShift,
    created_at: '2026-01-01T00:00:00.000Z',
    cashier_id: 'stray',
    total: 1,
    request: '{}',
    request_hash: 'x',
    accepted_at: '2026-01-01T00:00:00.000Z',
    verify_url: 'https://sko.training.local/check?id=stray',
    key_id: 'x',
    signature: 'x',
    answer: '{}',
  });
  journal.close();
  return () => {
    const j = new Database(join(t.emulator.dataDir, JOURNAL_FILE));
    j.pragma('busy_timeout = 5000');
    j.prepare('DELETE FROM documents WHERE idempotency_key = ?').run(key);
    j.close();
  };
}

describe('the СКО queue on screen', () => {
  it('counts «не передано оператору: N» up with the age of the oldest while the СКО is down, and down to zero when it is back', async () => {
    till = await tillWithEmulator();
    const { page, errors } = till;
    const [item] = await itemsByBarcode(page, 1);
    await expect.poll(() => page.getByTestId('status-fiscal-queue').count()).toBe(0);

    await till.stopEmulator();
    await openSale(page);
    for (let n = 1; n <= 3; n++) {
      await sellInUi(page, item!.barcodes[0]!);
      await expectText(page.getByTestId('status-fiscal-queue'), new RegExp(`^не передано оператору: ${n} · старейший ждёт \\d+ мин$`));
    }
    // Seven minutes later, without waiting them out: the page's clock, installed before it loads, runs on and jumps.
    await page.clock.install();
    await page.reload();
    const waiting = /^не передано оператору: 3 · старейший ждёт (\d+) мин$/;
    await expectText(page.getByTestId('status-fiscal-queue'), waiting);
    // A loaded machine may take over a minute for the three sales: the count starts where it is.
    const before = Number(waiting.exec(await text(page.getByTestId('status-fiscal-queue')))![1]);
    expect(before).toBeLessThan(5);
    await page.clock.fastForward('07:00');
    await expectText(page.getByTestId('status-fiscal-queue'), new RegExp(`^не передано оператору: 3 · старейший ждёт (${before + 7}|${before + 8}) мин$`));
    await shot(page, 'fiscal-offline-counter');

    // The badge opens the «СКО» screen: what is wrong, in red.
    await page.getByTestId('status-fiscal-queue').click();
    await visible(page.getByTestId('screen-fiscal'));
    await expect.poll(() => page.getByTestId('fiscal-endpoint').getAttribute('data-state')).toBe('error');
    expect(await text(page.getByTestId('fiscal-endpoint'))).toMatch(/нет связи — СКО недоступен/);
    expect(await text(page.getByTestId('fiscal-queue'))).toMatch(/не передано оператору: 3 · старейший ждёт/);
    expect(await text(page.getByTestId('fiscal-last-error'))).toContain('ECONNREFUSED');
    expect(await text(page.getByTestId('fiscal-token'))).toMatch(/действует/);
    await shot(page, 'fiscal-offline-diagnostics');

    await till.startEmulator();
    await expect.poll(() => page.getByTestId('status-fiscal-queue').count()).toBe(0);
    await page.getByTestId('fiscal-check').click();
    await expect.poll(() => page.getByTestId('fiscal-endpoint').getAttribute('data-state')).toBe('ok');
    await expectText(page.getByTestId('fiscal-queue'), /все документы переданы оператору/);
    expect((await kassa(page, 'app.status')).fiscalQueue).toBe(0);
    await shot(page, 'fiscal-back-online');
    expect(errors).toEqual([]);
  });

  it('asks for the PIN again after another login took the СКО session, and the stuck queue drains', async () => {
    till = await tillWithEmulator();
    const { page, errors } = till;
    const [item] = await itemsByBarcode(page, 1);
    const tillDb = new Database(join(till.dir, 'till', DB_FILE), { readonly: true });
    const installation = tillDb.prepare('SELECT installation_id FROM sko_session').pluck().get() as string;
    tillDb.close();
    // A second PC with a copy of this till's contract logs in.
    const bind = await fetch(`${till.emulator.url}${PATHS.bind}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ deviceCode: `TRAINING-${installation}`, installationId: 'second-pc-installation' }),
    });
    expect(bind.status).toBe(200);

    await openSale(page);
    await sellInUi(page, item!.barcodes[0]!);
    await visible(page.getByTestId('status-fiscal-pin'));
    await expectText(page.getByTestId('status-fiscal-queue'), /^не передано оператору: 1/);
    await page.getByTestId('status-fiscal-pin').click();
    await visible(page.getByTestId('fiscal-pin-form'));
    await expect.poll(() => page.getByTestId('fiscal-pin').getAttribute('data-state')).toBe('error');
    expect(await text(page.getByTestId('fiscal-token'))).toMatch(/вход выполнен с другого устройства/);
    await shot(page, 'fiscal-pin-again');

    await page.getByTestId('fiscal-pin-input').fill('1234');
    await page.getByTestId('fiscal-pin-submit').click();
    await expectText(page.getByTestId('notice-success'), /принял PIN/);
    await expect.poll(() => page.getByTestId('status-fiscal-pin').count()).toBe(0);
    await expect.poll(() => page.getByTestId('status-fiscal-queue').count()).toBe(0);
    await expect.poll(() => page.getByTestId('fiscal-pin-form').count()).toBe(0);
    await expectText(page.getByTestId('fiscal-pin'), /^PIN СКО\s*введён$/);
    await expect.poll(() => page.getByTestId('fiscal-token').getAttribute('data-state')).toBe('ok');
    await shot(page, 'fiscal-pin-accepted');
    expect(errors).toEqual([]);
  });

  it('lists a document the СКО refused with its reason, and sends it again once the cause is fixed', async () => {
    till = await tillWithEmulator();
    const { page, errors } = till;
    const [item] = await itemsByBarcode(page, 1);
    const fix = strayAt(till, 2);
    await openSale(page);
    await sellInUi(page, item!.barcodes[0]!);
    await visible(page.getByTestId('status-fiscal-rejected'));
    await expectText(page.getByTestId('status-fiscal-rejected'), 'отклонено СКО: 1');
    await page.getByTestId('status-fiscal-rejected').click();
    await visible(page.getByTestId('fiscal-refused-row'));
    const row = await text(page.getByTestId('fiscal-refused-row'));
    expect(row).toContain('№ 2, смена 1');
    expect(row).toMatch(/NUMBER_TAKEN: Документ № 2 смены 1 уже принят под другим ключом/);
    await expect.poll(() => page.getByTestId('fiscal-rejected').getAttribute('data-state')).toBe('error');
    await shot(page, 'fiscal-refused');

    fix(); // the operator's support took the stray document out
    await page.getByTestId('fiscal-resend').click();
    await expectText(page.getByTestId('notice-success'), /СКО принял документ/);
    await expect.poll(() => page.getByTestId('fiscal-refused-row').count()).toBe(0);
    await expect.poll(() => page.getByTestId('status-fiscal-rejected').count()).toBe(0);
    expect(await text(page.getByTestId('fiscal-refused'))).toContain('СКО не отклонил ни одного документа');
    await shot(page, 'fiscal-resent');
    expect(errors).toEqual([]);
  });
});

describe('the admin on the «СКО» screen', () => {
  it('fills the requisites from the СКО and sets how long the Z waits; the cashier sees it, cannot change it', async () => {
    till = await tillWithEmulator(['--organization', 'ЧУП «Гастроном у Немиги»', '--unp', '100582333', '--registration-number', '219000555']);
    const { page, errors } = till;
    await logout(page);
    await login(page, 'Администратор', '258036');
    await visible(page.getByTestId('screen-menu'));
    await page.getByTestId('menu-fiscal').click();
    await visible(page.getByTestId('screen-fiscal'));
    await expect.poll(() => page.getByTestId('fiscal-setting-zWaitSeconds').inputValue()).toBe('15');

    await page.getByTestId('fiscal-fill-requisites').click();
    await expectText(page.getByTestId('fiscal-filled'), 'Реквизиты получены от СКО и сохранены: ЧУП «Гастроном у Немиги», УНП 100582333, Рег. номер ПК 219000555');
    const field = page.getByTestId('fiscal-setting-zWaitSeconds');
    await field.fill('45');
    await page.getByTestId('fiscal-settings-save').click();
    await expectText(page.getByTestId('notice-success').locator('.notice-text'), 'Настройки передачи сохранены');
    expect(await kassa(page, 'fiscal.getSettings')).toEqual({ maxQueuedDocuments: 500, maxUnsentAgeHours: 24, zWaitSeconds: 45 });
    await shot(page, 'fiscal-admin-settings');

    await page.getByTestId('fiscal-back').click();
    await logout(page);
    await login(page, 'Иванова А.', '5823');
    await visible(page.getByTestId('screen-menu'));
    await page.getByTestId('menu-fiscal').click();
    await expect.poll(() => page.getByTestId('fiscal-setting-zWaitSeconds').inputValue()).toBe('45');
    expect(await page.getByTestId('fiscal-setting-zWaitSeconds').isDisabled()).toBe(true);
    expect(await page.getByTestId('fiscal-fill-requisites').count()).toBe(0);
    expect(await page.getByTestId('fiscal-settings-save').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});

describe('the СКО side of a check', () => {
  it('shows the СКО id, acceptance time, verification URL and the verified signature, and matches the СКО’s copy', async () => {
    till = await tillWithEmulator();
    const { page, errors } = till;
    const [item] = await itemsByBarcode(page, 1);
    await openSale(page);
    await sellInUi(page, item!.barcodes[0]!);
    await page.getByTestId('sale-back').click();
    const { items } = await kassa(page, 'documents.list', { kind: 'sale', limit: 10, offset: 0 });
    const sale = await kassa(page, 'documents.get', { id: items[0]!.id });
    expect(sale.fiscal).not.toBeNull();

    await page.getByTestId('menu-documents').click();
    await visible(page.getByTestId('screen-documents'));
    await page.locator(`[data-testid="doc-row"][data-document-id="${sale.id}"]`).click();
    await visible(page.getByTestId('doc-fiscal'));
    await expectText(page.getByTestId('doc-fiscal-state'), 'принят');
    await expectText(page.getByTestId('doc-fiscal-id'), sale.fiscal!.skoDocId);
    await expectText(page.getByTestId('doc-fiscal-url'), sale.fiscal!.verifyUrl);
    expect(await text(page.getByTestId('doc-fiscal-accepted'))).toMatch(/^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}/);
    expect(await page.getByTestId('doc-fiscal-signature').getAttribute('data-verified')).toBe('true');
    expect(await text(page.getByTestId('doc-fiscal-signature'))).toMatch(/^проверена \(ключ [0-9a-f]{16}\)$/);

    await page.getByTestId('doc-compare').click();
    await visible(page.getByTestId('doc-compare-result'));
    expect(await page.getByTestId('doc-compare-result').getAttribute('data-matches')).toBe('true');
    expect(await text(page.getByTestId('doc-compare-result'))).toMatch(/^Совпадает с копией СКО/);
    await shot(page, 'fiscal-check-detail');
    expect(errors).toEqual([]);
  });
});
