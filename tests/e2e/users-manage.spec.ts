/**
 * The admin manages users on the users screen (issue 13): edit name and role, a temporary password,
 * disable (the login no longer offers the user) and enable again; the last admin stays.
 */
import { describe, expect, it } from 'vitest';
import { changePassword, expectText, kassa, login, logout, shot, useTills, visible } from './helpers.js';

const tills = useTills();
const CASHIER = { login: 'petrov', name: 'Петров П.', cashierId: '100083608.95@4ek.by', role: 'cashier' as const, password: '7391' };

describe('users management', () => {
  it('edits, resets the password, disables and enables a cashier; refuses to disable oneself', async () => {
    const { page, errors } = await tills.open();
    await visible(page.getByTestId('screen-setup'));
    await kassa(page, 'setup.enterPin', { pin: '1234' });
    await page.reload();
    await login(page, 'Администратор', '1111');
    await changePassword(page, '1111', '258036');
    await visible(page.getByTestId('screen-menu'));
    await kassa(page, 'users.create', CASHIER);
    await page.getByTestId('menu-users').click();
    await visible(page.getByTestId(`users-row-${CASHIER.login}`));

    // Rename.
    await page.getByTestId(`users-edit-${CASHIER.login}`).click();
    await visible(page.getByTestId('users-edit'));
    await page.getByTestId('users-edit-name').fill('Петров Пётр');
    await shot(page, 'users-edit');
    await page.getByTestId('users-edit-save').click();
    await expectText(page.getByTestId('notice-success'), /Пользователь «petrov» сохранён/);
    await expectText(page.getByTestId(`users-row-${CASHIER.login}`), /Петров Пётр/);

    // A temporary password: too short is refused with the rule, then a good one.
    await page.getByTestId(`users-reset-${CASHIER.login}`).click();
    await page.getByTestId('users-reset-password').fill('12');
    await page.getByTestId('users-reset-save').click();
    await expectText(page.getByTestId('notice-error'), /не короче/);
    await page.getByTestId('users-reset-password').fill('4826');
    await shot(page, 'users-reset-password');
    await page.getByTestId('users-reset-save').click();
    await expectText(page.getByTestId('notice-success'), /Временный пароль для «petrov» задан/);

    // Oneself cannot be disabled.
    await page.getByTestId('users-disable-admin').click();
    await page.getByTestId('users-disable-ok').click();
    await expectText(page.getByTestId('notice-error'), /Нельзя отключить самого себя/);

    // Disable the cashier: tagged, and the login screen no longer offers him.
    await page.getByTestId(`users-disable-${CASHIER.login}`).click();
    await visible(page.getByTestId('users-disable'));
    await shot(page, 'users-disable-confirm');
    await page.getByTestId('users-disable-ok').click();
    await visible(page.getByTestId(`users-disabled-${CASHIER.login}`));
    await shot(page, 'users-disabled');
    await page.getByTestId('users-back').click();
    await logout(page);
    await expect.poll(() => page.locator('[data-user-name="Петров Пётр"]').count()).toBe(0);
    await login(page, 'Администратор', '258036');
    await page.getByTestId('menu-users').click();
    await page.getByTestId(`users-enable-${CASHIER.login}`).click();
    await expectText(page.getByTestId('notice-success'), /«petrov» снова может войти/);
    await expect.poll(() => page.getByTestId(`users-disabled-${CASHIER.login}`).count()).toBe(0);
    await page.getByTestId('users-back').click();
    await logout(page);
    await login(page, 'Петров Пётр', '4826');
    await visible(page.getByTestId('screen-password'));
    expect(errors).toEqual([]);
  });
});
