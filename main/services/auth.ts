/** Who is at the keyboard: the login screen, log in and out, one's own password. Every change tells the windows. */
import type { Role, User } from '../../preload/contract/index.js';
import { KassaError } from '../domain/errors.js';
import { loginDelayMs } from '../domain/password.js';
import { appStatus } from './app.js';
import { audit } from './audit.js';
import type { Ctx } from './context.js';
import { checkNewPassword, hashPassword, requireUser, rowById, rowByLogin, toUser, verifyPassword } from './users.js';

function sessionChanged(ctx: Ctx): void {
  ctx.emit('session.changed', appStatus(ctx));
}

export function loginChoices(ctx: Ctx): { login: string; name: string; role: Role }[] {
  return ctx.db.all<{ login: string; name: string; role: Role }>('SELECT login, name, role FROM users ORDER BY role, name');
}

/** Wrong passwords make the next attempt wait longer (domain/password.ts). */
export function login(ctx: Ctx, loginName: string, password: string): User {
  const row = rowByLogin(ctx, loginName);
  if (!row) throw new KassaError('WRONG_PASSWORD', 'Пользователь не найден');
  const now = ctx.clock();
  const wait = loginDelayMs(row.failed_logins);
  if (wait > 0 && row.last_failed_at) {
    const left = new Date(row.last_failed_at).getTime() + wait - now.getTime();
    if (left > 0) {
      throw new KassaError('TOO_MANY_ATTEMPTS', `Слишком много неверных попыток. Повторите через ${Math.ceil(left / 1000)} с`, { retryAfterMs: left });
    }
  }
  if (!verifyPassword(password, row.password_hash)) {
    ctx.db.transaction(() => {
      ctx.db.run('UPDATE users SET failed_logins = failed_logins + 1, last_failed_at = ? WHERE id = ?', now.toISOString(), row.id);
      audit(ctx, 'login.failed', { login: row.login, failures: row.failed_logins + 1 });
    })();
    throw new KassaError('WRONG_PASSWORD', 'Неверный пароль');
  }
  ctx.db.transaction(() => {
    ctx.db.run('UPDATE users SET failed_logins = 0, last_failed_at = NULL WHERE id = ?', row.id);
    ctx.session.userId = row.id;
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
  checkNewPassword(newPassword);
  if (oldPassword === newPassword) throw new KassaError('VALIDATION', 'Новый пароль должен отличаться от старого');
  ctx.db.transaction(() => {
    ctx.db.run('UPDATE users SET password_hash = ?, must_change = 0 WHERE id = ?', hashPassword(newPassword), user.id);
    audit(ctx, 'password.changed', { login: user.login });
  })();
  sessionChanged(ctx);
  return { ...user, mustChangePassword: false };
}
