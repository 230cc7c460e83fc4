/**
 * Logins through the UI (issue 10 #19): the admin's first password must be 6 characters or more;
 * a cashier locked after wrong passwords is unlocked by the admin on the users screen.
 */
import { describe, expect, it } from 'vitest';
import { changePassword, expectText, kassa, login, logout, nextAnswer, shot, useTills, visible } from './helpers.js';

const tills = useTills();
const CASHIER = { login: 'petrov', name: 'Петров П.', cashierId: '100083608.95@4ek.by', role: 'cashier' as const, password: '7391' };

describe('logins', () => {
  it('asks the admin for 6 characters, locks a cashier after wrong passwords, and the admin unlocks her', async () => {
    const { page, errors } = await tills.open();
    await visible(page.getByTestId('screen-setup'));
    await kassa(page, 'setup.enterPin', { pin: '1234' });
    await page.reload();

    // The first-run admin: 1111, then a password of at least 6 characters.
    await login(page, 'Администратор', '1111');
    await changePassword(page, '1111', '2580');
    await expectText(page.getByTestId('notice-error'), /Пароль должен быть не короче 6 символов/);
    await visible(page.getByTestId('screen-password'));
    await shot(page, 'admin-password-too-short');
    await changePassword(page, '1111', '258036');
    await visible(page.getByTestId('screen-menu'));

    await kassa(page, 'users.saveSecurity', { loginLock: { maxFailures: 3, lockMinutes: 30 } });
    await kassa(page, 'users.create', CASHIER);
    await logout(page);

    // Three wrong passwords lock the account; then the right one is refused too.
    // Each attempt waits for its own answer: the notice of the one before says the same words.
    const attempt = async (password: string) => {
      const answered = nextAnswer(page, 'auth.login');
      await login(page, CASHIER.name, password);
      expect(await answered).toMatchObject({ ok: false });
    };
    for (let i = 0; i < 2; i++) {
      await attempt('0000');
      await expectText(page.getByTestId('notice-error'), /Неверный пароль/);
    }
    await attempt('0000');
    await expectText(page.getByTestId('notice-error'), /Учётная запись заблокирована после 3 неверных попыток/);
    await attempt(CASHIER.password);
    await expectText(page.getByTestId('notice-error'), /заблокирована после 3 неверных попыток\. Обратитесь к администратору или повторите через 30 мин/);
    await visible(page.getByTestId('screen-login'));
    await shot(page, 'login-locked');

    // The admin sees the lock on the users screen and lifts it.
    await login(page, 'Администратор', '258036');
    await visible(page.getByTestId('screen-menu'));
    await page.getByTestId('menu-users').click();
    await visible(page.getByTestId(`users-locked-${CASHIER.login}`));
    await shot(page, 'users-locked');
    await page.getByTestId(`users-unlock-${CASHIER.login}`).click();
    await expectText(page.getByTestId('notice-success'), new RegExp(`Пользователь «${CASHIER.login}» разблокирован`));
    // The unlock invalidates the users' list: wait for it to be read again without the tag.
    await expect.poll(() => page.getByTestId(`users-locked-${CASHIER.login}`).count()).toBe(0);
    await shot(page, 'users-unlocked');
    await page.getByTestId('users-back').click();
    await logout(page);

    await login(page, CASHIER.name, CASHIER.password);
    await visible(page.getByTestId('screen-password'));
    expect(errors).toEqual([]);
  });
});
