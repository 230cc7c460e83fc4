/** Users: their records and passwords, who is logged in, the admin's tools. Logging in: auth.ts. */
import type { LoginSecurity, Role, User } from '../../preload/contract/index.js';
import { KassaError } from '../domain/errors.js';
import { loginGate, passwordProblem } from '../domain/password.js';
import { audit } from './audit.js';
import type { Ctx } from './context.js';
import { hashPassword } from './password-hash.js';
import { getSetting, setSetting } from './settings.js';

export type UserRow = {
  id: number;
  login: string;
  name: string;
  cashier_id: string;
  role: Role;
  password_hash: string;
  must_change: number;
  failed_logins: number;
  last_failed_at: string | null;
};

export const DEFAULT_ADMIN = { login: 'admin', name: 'Администратор', password: '1111' } as const;

export const toUser = (r: UserRow): User => ({
  id: r.id,
  login: r.login,
  name: r.name,
  cashierId: r.cashier_id,
  role: r.role,
  mustChangePassword: r.must_change === 1,
});

/** A new hash at the till's cost (the core's `passwordCost`). */
export function newHash(ctx: Ctx, password: string): string {
  return hashPassword(password, ctx.passwordCost);
}

export function rowByLogin(ctx: Ctx, login: string): UserRow | undefined {
  return ctx.db.one<UserRow>('SELECT * FROM users WHERE login = ?', login);
}

export function rowById(ctx: Ctx, id: number): UserRow | undefined {
  return ctx.db.one<UserRow>('SELECT * FROM users WHERE id = ?', id);
}

export function currentUser(ctx: Ctx): User | null {
  if (ctx.session.userId === null) return null;
  const row = rowById(ctx, ctx.session.userId);
  return row ? toUser(row) : null;
}

export function requireUser(ctx: Ctx): User {
  const user = currentUser(ctx);
  if (!user) throw new KassaError('UNAUTHENTICATED', 'Войдите в систему');
  return user;
}

/** A cashier's PIN keeps the 4-character rule; the admin's password is longer (setting `adminPasswordMinLength`). */
export function checkNewPassword(ctx: Ctx, password: string, role: Role): void {
  const problem = passwordProblem(password, role === 'admin' ? getSetting(ctx, 'adminPasswordMinLength') : undefined);
  if (problem) throw new KassaError('VALIDATION', problem);
}

export function listUsers(ctx: Ctx): User[] {
  const lock = getSetting(ctx, 'loginLock');
  const now = ctx.clock().getTime();
  return ctx.db.all<UserRow>('SELECT * FROM users ORDER BY id').map((r) => ({
    ...toUser(r),
    locked: loginGate(r.failed_logins, r.last_failed_at ? new Date(r.last_failed_at).getTime() : null, now, lock).locked,
  }));
}

export type NewUser = { login: string; name: string; cashierId: string; role: Role; password: string };

/** Creates a user with a temporary password that must be changed at the first login. */
export function createUser(ctx: Ctx, u: NewUser): User {
  checkNewPassword(ctx, u.password, u.role);
  if (rowByLogin(ctx, u.login)) throw new KassaError('CONFLICT', `Пользователь с логином «${u.login}» уже есть`);
  if (u.role === 'cashier' && !u.cashierId) throw new KassaError('VALIDATION', 'Укажите идентификатор кассира (из кабинета оператора)');
  return ctx.db.transaction(() => {
    const id = Number(
      ctx.db.run(
        'INSERT INTO users (login, name, cashier_id, role, password_hash, must_change, created_at) VALUES (?, ?, ?, ?, ?, 1, ?)',
        u.login,
        u.name,
        u.cashierId,
        u.role,
        newHash(ctx, u.password),
        ctx.clock().toISOString(),
      ).lastInsertRowid,
    );
    audit(ctx, 'user.created', { login: u.login, role: u.role });
    return toUser(rowById(ctx, id)!);
  })();
}

export function resetPassword(ctx: Ctx, loginName: string, temporaryPassword: string): User {
  const row = rowByLogin(ctx, loginName);
  if (!row) throw new KassaError('NOT_FOUND', 'Пользователь не найден');
  checkNewPassword(ctx, temporaryPassword, row.role);
  ctx.db.transaction(() => {
    ctx.db.run(
      'UPDATE users SET password_hash = ?, must_change = 1, failed_logins = 0, last_failed_at = NULL WHERE id = ?',
      newHash(ctx, temporaryPassword),
      row.id,
    );
    audit(ctx, 'password.reset', { login: row.login });
  })();
  return toUser(rowById(ctx, row.id)!);
}

/** The default admin of a fresh till: "Администратор" / 1111, to be changed at first login. */
export function ensureDefaultAdmin(ctx: Ctx): void {
  const count = ctx.db.value<number>('SELECT count(*) FROM users')!;
  if (count > 0) return;
  ctx.db.run(
    "INSERT INTO users (login, name, cashier_id, role, password_hash, must_change, created_at) VALUES (?, ?, '', 'admin', ?, 1, ?)",
    DEFAULT_ADMIN.login,
    DEFAULT_ADMIN.name,
    newHash(ctx, DEFAULT_ADMIN.password),
    ctx.clock().toISOString(),
  );
}

/** Lifts the lock of wrong passwords (auth.ts) before its time runs out. */
export function unlockUser(ctx: Ctx, loginName: string): User {
  const row = rowByLogin(ctx, loginName);
  if (!row) throw new KassaError('NOT_FOUND', 'Пользователь не найден');
  ctx.db.transaction(() => {
    ctx.db.run('UPDATE users SET failed_logins = 0, last_failed_at = NULL WHERE id = ?', row.id);
    audit(ctx, 'user.unlocked', { login: row.login, failures: row.failed_logins });
  })();
  return toUser(rowById(ctx, row.id)!);
}

export function loginSecurity(ctx: Ctx): LoginSecurity {
  return {
    loginLock: getSetting(ctx, 'loginLock'),
    adminPasswordMinLength: getSetting(ctx, 'adminPasswordMinLength'),
    idleLogoutMinutes: getSetting(ctx, 'idleLogoutMinutes'),
  };
}

/** The admin changes who may log in and how; audited. Passwords already set stay until changed. */
export function saveLoginSecurity(ctx: Ctx, patch: Partial<LoginSecurity>): LoginSecurity {
  ctx.db.transaction(() => {
    if (patch.loginLock) setSetting(ctx, 'loginLock', patch.loginLock);
    if (patch.adminPasswordMinLength !== undefined) setSetting(ctx, 'adminPasswordMinLength', patch.adminPasswordMinLength);
    if (patch.idleLogoutMinutes) setSetting(ctx, 'idleLogoutMinutes', patch.idleLogoutMinutes);
    audit(ctx, 'settings.security.saved', patch);
  })();
  return loginSecurity(ctx);
}
