/**
 * «Обслуживание» and «Журнал» through the UI (issue 13): export to a folder with progress, the
 * archives and a manifest, cleanup preview, the schedule, support bundle, the journal with a filter
 * and CSV, and an import that restarts the core — the page reconnects by itself to the login.
 */
import { mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { changePassword, expectText, kassa, login, shot, useTills, visible } from './helpers.js';

const tills = useTills();

describe('maintenance screens', () => {
  it('exports, checks an archive, previews a cleanup, saves the schedule, saves for support, reads the journal and imports', async () => {
    const { page, errors } = await tills.open();
    await visible(page.getByTestId('screen-setup'));
    await kassa(page, 'setup.enterPin', { pin: '1234' });
    await page.reload();
    await login(page, 'Администратор', '1111');
    await changePassword(page, '1111', '258036');
    await visible(page.getByTestId('screen-menu'));
    const dir = join(mkdtempSync(join(tmpdir(), 'kassa-e2e-maint-')), 'flash');
    mkdirSync(dir);
    await kassa(page, 'storage.saveTarget', { name: 'Флешка', connection: { kind: 'folder', path: dir } });

    await page.getByTestId('menu-maintenance').click();
    await visible(page.getByTestId('screen-maintenance'));
    await expectText(page.getByTestId('maintenance-last-export'), /ни разу/);
    // Never is not «давно»: the tag asks for the first export.
    await expectText(page.getByTestId('maintenance-export-overdue'), 'сделайте первый экспорт');
    await shot(page, 'maintenance');

    await page.getByTestId('maintenance-export-run').click();
    await expectText(page.getByTestId('notice-success'), /Архив kassa-archives\/kassa-training-.*\.zip записан \(Флешка\)/);
    await expectText(page.getByTestId('maintenance-last-export'), /сегодня/);
    expect(await page.getByTestId('maintenance-export-overdue').count()).toBe(0);
    expect(readdirSync(join(dir, 'kassa-archives'))).toHaveLength(1);

    await page.getByTestId('maintenance-archives').click();
    await visible(page.getByTestId('maintenance-archive'));
    await page.getByTestId('maintenance-inspect').click();
    await visible(page.getByTestId('maintenance-manifest'));
    await expectText(page.getByTestId('maintenance-manifest'), /Архив проверен/);
    await shot(page, 'maintenance-manifest');

    await page.getByTestId('maintenance-cleanup-date').fill('01.01.2026');
    await page.getByTestId('maintenance-cleanup-date').press('Tab');
    await page.getByTestId('maintenance-cleanup-preview').click();
    await expectText(page.getByTestId('maintenance-cleanup-result'), /Удалять нечего/);

    await page.getByTestId('maintenance-schedule-afterz').check();
    await page.getByTestId('maintenance-schedule-save').click();
    await expectText(page.getByTestId('notice-success'), /Расписание сохранено/);

    await page.getByTestId('maintenance-support-run').click();
    await expectText(page.getByTestId('notice-success'), /Файл для поддержки kassa-support\/support-.*\.zip записан/);
    expect(readdirSync(join(dir, 'kassa-support'))).toHaveLength(1);
    await shot(page, 'maintenance-done');

    // The journal: everything above, filtered to the maintenance actions, and as CSV.
    await page.getByTestId('maintenance-journal').click();
    await visible(page.getByTestId('screen-journal'));
    await visible(page.getByTestId('journal-row').first());
    // Offered and shown by name, filtered by the code.
    await expectText(page.getByTestId('journal-action').locator('option[value="maintenance.export"]'), 'Экспорт базы данных');
    await page.getByTestId('journal-action').selectOption('maintenance.export');
    await expect.poll(() => page.getByTestId('journal-row').count()).toBe(1);
    await expectText(page.getByTestId('journal-row-action'), 'Экспорт базы данных');
    await expectText(page.getByTestId('journal-row-details'), /^файл: kassa-archives\/kassa-training-.*\.zip · где: Флешка · размер: \d+ КБ · /);
    await shot(page, 'journal');
    const download = page.waitForEvent('download');
    await page.getByTestId('journal-csv').click();
    expect((await download).suggestedFilename()).toMatch(/^journal-\d{4}-\d{2}-\d{2}\.csv$/);
    await page.getByTestId('journal-back').click();

    // Import the archive back: the core restarts, the page shows the login by itself.
    await page.getByTestId('maintenance-archives').click();
    await page.getByTestId('maintenance-inspect').click();
    await visible(page.getByTestId('maintenance-import-run'));
    await page.getByTestId('maintenance-import-run').click();
    await visible(page.getByTestId('maintenance-import-confirm'));
    await shot(page, 'maintenance-import-confirm');
    await page.getByTestId('maintenance-import-ok').click();
    await visible(page.getByTestId('screen-login'));
    await login(page, 'Администратор', '258036');
    await visible(page.getByTestId('screen-menu'));
    expect(errors).toEqual([]);
  });
});
