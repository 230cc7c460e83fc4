/**
 * What the admin looks after (issue 10 #13, #16, #19–20): the login security card on the users
 * screen, the terminal operations a crash left unknown (Settings › Терминал) settled with a note,
 * and the status bar's warning when the data folder's disk runs low.
 * Screenshots: NN-admin-*.png.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectText, kassa, nextAnswer, shot, useTills, visible } from './helpers.js';

const tills = useTills();

async function adminOnMenu(page: Page): Promise<void> {
  await visible(page.getByTestId('screen-setup'));
  await kassa(page, 'setup.enterPin', { pin: '1234' });
  await kassa(page, 'auth.login', { login: 'admin', password: '1111' });
  await kassa(page, 'auth.changePassword', { oldPassword: '1111', newPassword: '258036' });
  await page.reload();
  await visible(page.getByTestId('screen-menu'));
}

/** The till's own file, written as another program would (WAL: the running host reads it at once). */
function tillDb(dataDir: string): Database.Database {
  const db = new Database(join(dataDir, 'kassa.sqlite'));
  db.pragma('busy_timeout = 5000');
  return db;
}

async function retype(page: Page, testId: string, value: string): Promise<void> {
  await page.getByTestId(testId).fill(value);
}

describe('the admin looks after the till', () => {
  it('sets the login security on the users screen; a wrong value is refused by name and nothing changes', async () => {
    const { page, errors } = await tills.open();
    await adminOnMenu(page);
    const before = await kassa(page, 'users.security');
    await page.getByTestId('menu-users').click();
    await visible(page.getByTestId('security-form'));
    expect(await page.getByTestId('security-maxFailures').inputValue()).toBe(String(before.loginLock.maxFailures));
    expect(await page.getByTestId('security-idleAdmin').inputValue()).toBe(String(before.idleLogoutMinutes.admin));

    await retype(page, 'security-maxFailures', 'пять');
    await retype(page, 'security-adminPasswordMinLength', '4');
    await page.getByTestId('security-save').click();
    await expectText(page.getByTestId('error-security-maxFailures'), 'Введите целое число');
    await expectText(page.getByTestId('error-security-adminPasswordMinLength'), 'Пароль администратора — не короче 6 символов');
    await expectText(page.getByTestId('security-problem'), /исправьте поля/);
    await shot(page, 'admin-security-refused');
    expect(await kassa(page, 'users.security')).toEqual(before);

    await retype(page, 'security-maxFailures', '3');
    await retype(page, 'security-lockMinutes', '15');
    await retype(page, 'security-adminPasswordMinLength', '8');
    await retype(page, 'security-idleAdmin', '5');
    const saved = nextAnswer(page, 'users.saveSecurity');
    await page.getByTestId('security-save').click();
    expect((await saved).ok).toBe(true);
    await expectText(page.getByTestId('notice-success').locator('.notice-text'), 'Настройки входа сохранены');
    expect(await page.getByTestId('error-security-maxFailures').count()).toBe(0);
    expect(await kassa(page, 'users.security')).toEqual({
      loginLock: { maxFailures: 3, lockMinutes: 15 },
      adminPasswordMinLength: 8,
      idleLogoutMinutes: { cashier: before.idleLogoutMinutes.cashier, admin: 5 },
    });
    await shot(page, 'admin-security-saved');
    expect(errors).toEqual([]);
  });

  it('lists a terminal operation a crash left unknown, refuses to settle it without a note, settles it with one', async () => {
    const { page, errors, host } = await tills.open();
    await adminOnMenu(page);
    // What a stop while the bank answered leaves (the recovery's real path: terminal-journal.test.ts).
    const db = tillDb(host.dataDir);
    const opId = Number(
      db
        .prepare(
          "INSERT INTO terminal_ops (kind, purpose, form, amount, state, message, created_at, updated_at) VALUES ('purchase', 'sale', 'oplati', 1296, 'unknown', ?, ?, ?)",
        )
        .run('Касса остановилась, пока банк отвечал', '2026-12-03T09:15:00.000Z', '2026-12-03T09:16:00.000Z').lastInsertRowid,
    );

    await page.getByTestId('menu-settings').click();
    await page.getByTestId('settings-tab-terminal').click();
    await visible(page.getByTestId(`terminal-unknown-${opId}`));
    await expectText(page.getByTestId(`terminal-unknown-${opId}`), /Оплата через ОПЛАТИ на 12\.96 BYN/);
    await shot(page, 'admin-terminal-unknown');

    await page.getByTestId(`terminal-unknown-cancelled-${opId}`).click();
    await expectText(page.getByTestId('notice-error'), /Укажите причину/);
    expect(db.prepare('SELECT state FROM terminal_ops WHERE id = ?').pluck().get(opId)).toBe('unknown');

    await page.getByTestId(`terminal-unknown-note-${opId}`).fill('отменена на терминале, чек банка 0042');
    await page.getByTestId(`terminal-unknown-cancelled-${opId}`).click();
    await expectText(page.getByTestId('notice-success').locator('.notice-text'), `Операция № ${opId} урегулирована и записана в журнал`);
    await visible(page.getByTestId('terminal-unknown-empty'));
    expect(db.prepare('SELECT state, message FROM terminal_ops WHERE id = ?').get(opId)).toEqual({
      state: 'reversed',
      message: 'отменена на терминале, чек банка 0042',
    });
    expect(db.prepare("SELECT count(*) FROM audit_log WHERE action = 'terminal.settled'").pluck().get()).toBe(1);
    await shot(page, 'admin-terminal-settled');
    db.close();
    expect(errors).toEqual([]);
  });

  it('warns in the status bar when the disk of the data folder runs low', async () => {
    const { page, errors, host } = await tills.open();
    await adminOnMenu(page);
    expect(await page.getByTestId('status-disk-low').count()).toBe(0);
    // The threshold above what this disk has free (there is no setting screen for it: a service value).
    const db = tillDb(host.dataDir);
    db.prepare("INSERT INTO settings (key, value) VALUES ('diskWarnMb', '1000000') ON CONFLICT (key) DO UPDATE SET value = excluded.value").run();
    db.close();
    const status = await kassa(page, 'app.status');
    expect(status.disk?.low).toBe(true);
    await page.reload();
    await expectText(page.getByTestId('status-disk-low'), /^Мало места на диске: [\d\s,]+ (МБ|ГБ)$/);
    expect(await page.getByTestId('status-disk-low').getAttribute('title')).toContain(host.dataDir);
    await shot(page, 'admin-disk-low');
    expect(errors).toEqual([]);
  });
});
