/** Who is at the keyboard: the login screen, log in and out, one's own password. Every change tells the windows. */
import type { Role, User } from '../../preload/contract/index.js';
import { KassaError } from '../domain/errors.js';
import { loginGate } from '../domain/password.js';
import { appStatus } from './app.js';
import { audit } from './audit.js';
import type { Ctx } from './context.js';
import { needsRehash, verifyPassword } from './password-hash.js';
import { getSetting } from './settings.js';
import { checkNewPassword, newHash, requireUser, rowById, rowByLogin, toUser } from './users.js';

export function sessionChanged(ctx: Ctx): void {
  ctx.emit('session.changed', appStatus(ctx));
}

export function loginChoices(ctx: Ctx): { login: string; name: string; role: Role }[] {
  return ctx.db.all<{ login: string; name: string; role: Role }>('SELECT login, name, role FROM users WHERE disabled_at IS NULL ORDER BY role, name');
}

/**
 * Wrong passwords make the next attempt wait longer (domain/password.ts); after `loginLock.maxFailures`
 * the account locks. Every failure is audited: unknown logins and attempts refused while waiting too.
 */
export function login(ctx: Ctx, loginName: string, password: string): User {
  const row = rowByLogin(ctx, loginName);
  if (!row) {
    audit(ctx, 'login.failed', { login: loginName, unknownLogin: true });
    throw new KassaError('WRONG_PASSWORD', 'Пользователь не найден');
  }
  if (row.disabled_at !== null) {
    audit(ctx, 'login.refused', { login: row.login, reason: 'disabled' });
    throw new KassaError('FORBIDDEN', 'Учётная запись отключена администратором');
  }
  const now = ctx.clock();
  const lock = getSetting(ctx, 'loginLock');
  const gate = loginGate(row.failed_logins, row.last_failed_at ? new Date(row.last_failed_at).getTime() : null, now.getTime(), lock);
  if (gate.locked) {
    audit(ctx, 'login.refused', { login: row.login, reason: 'locked', failures: row.failed_logins });
    const when = gate.waitMs === null ? 'Её разблокирует администратор.' : `Обратитесь к администратору или повторите через ${Math.ceil(gate.waitMs / 60_000)} мин.`;
    throw new KassaError('TOO_MANY_ATTEMPTS', `Учётная запись заблокирована после ${lock.maxFailures} неверных попыток. ${when}`, {
      locked: true,
      retryAfterMs: gate.waitMs,
    });
  }
  if (gate.waitMs !== null && gate.waitMs > 0) {
    audit(ctx, 'login.refused', { login: row.login, reason: 'delay', failures: row.failed_logins });
    throw new KassaError('TOO_MANY_ATTEMPTS', `Слишком много неверных попыток. Повторите через ${Math.ceil(gate.waitMs / 1000)} с`, { retryAfterMs: gate.waitMs });
  }
  if (!verifyPassword(password, row.password_hash)) {
    const failures = gate.failures + 1;
    ctx.db.transaction(() => {
      ctx.db.run('UPDATE users SET failed_logins = ?, last_failed_at = ? WHERE id = ?', failures, now.toISOString(), row.id);
      audit(ctx, 'login.failed', { login: row.login, failures, locked: failures >= lock.maxFailures });
    })();
    if (failures >= lock.maxFailures) {
      throw new KassaError('TOO_MANY_ATTEMPTS', `Неверный пароль. Учётная запись заблокирована после ${lock.maxFailures} неверных попыток.`, { locked: true });
    }
    throw new KassaError('WRONG_PASSWORD', 'Неверный пароль');
  }
  // A hash made at an older cost is made again now, while the password is at hand.
  const rehash = needsRehash(row.password_hash, ctx.passwordCost) ? newHash(ctx, password) : null;
  ctx.db.transaction(() => {
    ctx.db.run('UPDATE users SET failed_logins = 0, last_failed_at = NULL WHERE id = ?', row.id);
    if (rehash) ctx.db.run('UPDATE users SET password_hash = ? WHERE id = ?', rehash, row.id);
    ctx.session.userId = row.id;
    ctx.session.lastCallAt = now.getTime();
    audit(ctx, 'login', { login: row.login });
  })();
  sessionChanged(ctx);
  return toUser(row);
}

export function logout(ctx: Ctx): null {
  audit(ctx, 'logout');
  ctx.session.userId = null;
  sessionChanged(ctx);
  return null;
}

export function changePassword(ctx: Ctx, oldPassword: string, newPassword: string): User {
  const user = requireUser(ctx);
  const row = rowById(ctx, user.id)!;
  if (!verifyPassword(oldPassword, row.password_hash)) throw new KassaError('WRONG_PASSWORD', 'Неверный пароль');
  checkNewPassword(ctx, newPassword, user.role);
  if (oldPassword === newPassword) throw new KassaError('VALIDATION', 'Новый пароль должен отличаться от старого');
  ctx.db.transaction(() => {
    ctx.db.run('UPDATE users SET password_hash = ?, must_change = 0 WHERE id = ?', newHash(ctx, newPassword), user.id);
    audit(ctx, 'password.changed', { login: user.login });
  })();
  sessionChanged(ctx);
  return { ...user, mustChangePassword: false };
}
