/**
 * Server data on a screen: «Загрузка…» while main has not answered, and main's (or the
 * transport's) message with «Повторить» when the read failed — never an empty screen. The till's
 * own program is paused (SIGSTOP) and then stopped for real, so the reads fail the way they do
 * when the program hangs or dies.
 */
import { describe, expect, it } from 'vitest';
import { cashierWithOpenShift } from './flows.js';
import { noPosixSignals } from '../fixtures/platform.js';
import { callCount, expectText, kassa, shot, useTills, visible } from './helpers.js';

const tills = useTills();

const noSignals = noPosixSignals();
if (noSignals) console.warn(`loading-errors.spec: skipped — ${noSignals} (the program is paused with SIGSTOP)`);

describe('loading and read errors', () => {
  it.skipIf(noSignals !== null)('shows «Загрузка…» while main is silent, then the data; main gone: its message and «Повторить», which reads again', async () => {
    const { host, page } = await tills.open();
    await cashierWithOpenShift(page);
    await kassa(page, 'cash.in', { amount: 5000, currency: 'BYN' });
    await kassa(page, 'cash.in', { amount: 7000, currency: 'BYN' });

    // The documents screen once, so its code is in the page and the list in the cache.
    await page.getByTestId('menu-documents').click();
    await visible(page.getByTestId('doc-table'));
    const rows = page.getByTestId('doc-row');
    await expect.poll(() => rows.count()).toBe(3); // shift opened, two cash in

    // The program hangs: the document picked waits, and says so.
    process.kill(host.pid, 'SIGSTOP');
    try {
      await rows.nth(0).click();
      await expectText(page.getByTestId('doc-detail-loading'), 'Загрузка…');
      await shot(page, 'read-loading');
    } finally {
      process.kill(host.pid, 'SIGCONT');
    }
    await visible(page.getByTestId('doc-detail'));
    expect(await page.getByTestId('doc-detail-loading').count()).toBe(0);

    // The program is gone: the next document cannot be read; the screen says why and offers a retry.
    process.kill(host.pid, 'SIGKILL');
    await rows.nth(1).click();
    const error = page.getByTestId('doc-detail-error');
    await expectText(error, /^Не удалось загрузить данные: Нет связи с программой кассы\. Проверьте, что она запущена, и повторите\.\s*Повторить$/);
    expect(await page.getByTestId('doc-detail').count()).toBe(0);
    await shot(page, 'read-error');

    // «Повторить» asks main again (still gone: the same words come back).
    const before = callCount(page, 'documents.get');
    await error.getByRole('button', { name: 'Повторить' }).click();
    await expect.poll(() => callCount(page, 'documents.get')).toBe(before + 1);
    await expectText(page.getByTestId('doc-detail-error'), /Нет связи с программой кассы/);
  });
});
