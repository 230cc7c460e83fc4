/**
 * «Диагностика» with storage (issue 13), as the admin sees it: the database's size, the free disk,
 * the age of the last export — red while there is none, green after one — and the storage targets,
 * checked only when asked (a folder that works, an FTP server nobody listens on). Then the cleanup's
 * confirmation on «Обслуживание» after a day of selling: what goes and why an export comes first.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cashierWithOpenShift } from './flows.js';
import { clockAtNoon, expectText, kassa, pieceGoods, shot, useTills, visible } from './helpers.js';

const tills = useTills();

/** A loopback port nobody listens on: taken, then let go. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

describe('diagnostics: storage', () => {
  it('shows the database, the disk and the last export, checks the targets on demand, and confirms a cleanup', async () => {
    const clock = clockAtNoon();
    const { page, errors } = await tills.open(clock);
    const flash = join(mkdtempSync(join(tmpdir(), 'kassa-e2e-diag-')), 'flash');
    mkdirSync(flash);
    const port = await closedPort();
    await cashierWithOpenShift(page, async () => {
      await kassa(page, 'storage.saveTarget', { name: 'Флешка', connection: { kind: 'folder', path: flash } });
      await kassa(page, 'storage.saveTarget', {
        name: 'Сервер офиса',
        connection: { kind: 'ftp', host: '127.0.0.1', port, secure: 'none', user: 'kassa', root: '' },
        password: 'secret',
      });
    });
    // A day of selling: one check, the Z, every document accepted by the СКО.
    const { total } = await kassa(page, 'sale.addItem', { barcode: pieceGoods()[0]!.barcodes[0]! });
    await kassa(page, 'sale.pay', { payments: [{ form: 'cash', amount: total }] });
    await kassa(page, 'shift.zReport', { cashOutAll: true });
    await expect.poll(async () => (await kassa(page, 'fiscal.status')).queue.pending, { timeout: 20_000 }).toBe(0);
    await kassa(page, 'auth.logout');
    await kassa(page, 'auth.login', { login: 'admin', password: '258036' });
    await page.reload();
    await visible(page.getByTestId('screen-menu'));

    await page.getByTestId('menu-diagnostics').click();
    await visible(page.getByTestId('diag-storage'));
    await expectText(page.getByTestId('diag-db-size'), /Размер базы данных\s*[\d\s,]+ (КБ|МБ)/);
    await expectText(page.getByTestId('diag-free'), /Свободно на диске\s*[\d\s,]+ (МБ|ГБ)/);
    await expectText(page.getByTestId('diag-last-export'), /ни разу — сделайте экспорт в «Обслуживании»/);
    await expect.poll(() => page.getByTestId('diag-last-export').getAttribute('data-state')).toBe('error');
    // Not checked until asked: a poll never connects to a server.
    await expectText(page.getByTestId('diag-target-Флешка'), /не проверено/);
    await expectText(page.getByTestId('diag-target-Сервер офиса'), /не проверено/);

    await page.getByTestId('diag-targets-check').click();
    await expect.poll(() => page.getByTestId('diag-target-Флешка').getAttribute('data-state'), { timeout: 20_000 }).toBe('ok');
    await expect.poll(() => page.getByTestId('diag-target-Сервер офиса').getAttribute('data-state'), { timeout: 20_000 }).toBe('error');
    await expectText(page.getByTestId('diag-target-Флешка'), /доступно \(\d+ мс\)/);
    await expectText(page.getByTestId('diag-target-Сервер офиса'), /недоступно/);
    expect(await page.getByTestId('diag-target-Сервер офиса-message').textContent()).not.toBe('');
    await shot(page, 'diagnostics-storage');

    // An export makes the row green.
    await page.getByTestId('diagnostics-back').click();
    await page.getByTestId('menu-maintenance').click();
    await visible(page.getByTestId('screen-maintenance'));
    await page.getByTestId('maintenance-export-run').click();
    await expectText(page.getByTestId('notice-success'), /записан \(Флешка\)/);
    await page.getByTestId('maintenance-back').click();
    await page.getByTestId('menu-diagnostics').click();
    await expect.poll(() => page.getByTestId('diag-last-export').getAttribute('data-state')).toBe('ok');
    await expectText(page.getByTestId('diag-last-export'), /сегодня\), Флешка — порог 7 дн\./);
    await shot(page, 'diagnostics-storage-exported');

    // The cleanup's confirmation: today's closed shift, fully accepted, would go.
    await page.getByTestId('diagnostics-back').click();
    await page.getByTestId('menu-maintenance').click();
    const today = new Date(clock.args[1]!);
    const date = `${String(today.getDate()).padStart(2, '0')}.${String(today.getMonth() + 1).padStart(2, '0')}.${today.getFullYear()}`;
    await page.getByTestId('maintenance-cleanup-date').fill(date);
    await page.getByTestId('maintenance-cleanup-date').press('Tab');
    await page.getByTestId('maintenance-cleanup-preview').click();
    await expectText(page.getByTestId('maintenance-cleanup-result'), /Смен: 1, документов: \d+/);
    await page.getByTestId('maintenance-cleanup-run').click();
    await visible(page.getByTestId('maintenance-cleanup-confirm'));
    await expectText(page.getByTestId('maintenance-cleanup-confirm'), /Удалить эти смены навсегда\?.*Смен: 1.*Экспорт перед очисткой сохранит их в архиве/s);
    await shot(page, 'maintenance-cleanup-confirm');
    // A destructive confirmation opens on «Отмена»: Enter at once closes it and deletes nothing.
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
    expect(await focused()).toBe('maintenance-cleanup-confirm-cancel');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('maintenance-cleanup-confirm').count()).toBe(0);
    // Nothing ran: a cleanup forgets its preview, and the same shift is still offered for removal.
    await expectText(page.getByTestId('maintenance-cleanup-result'), /Смен: 1, документов: \d+/);
    await page.getByTestId('maintenance-cleanup-run').click();
    await visible(page.getByTestId('maintenance-cleanup-confirm'));
    await page.getByTestId('maintenance-cleanup-confirm-cancel').click();
    await expect.poll(() => page.getByTestId('maintenance-cleanup-confirm').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
