/** Users: their records and passwords, who is logged in, the admin's tools. Logging in: auth.ts. */
import type { LoginSecurity, Role, User } from '../../preload/contract/index.js';
import { KassaError } from '../domain/errors.js';
import { loginGate, passwordProblem } from '../domain/password.js';
import { audit } from './audit.js';
import type { Ctx } from './context.js';
import { hashPassword, needsRehash } from './password-hash.js';
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
  /** Set: the admin disabled the account (migration 013); it cannot log in, its documents keep its name. */
  disabled_at: string | null;
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
    disabled: r.disabled_at !== null,
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

function existing(ctx: Ctx, loginName: string): UserRow {
  const row = rowByLogin(ctx, loginName);
  if (!row) throw new KassaError('NOT_FOUND', `Пользователь «${loginName}» не найден`);
  return row;
}

/** The till must keep an admin who can log in: the last one is neither disabled nor made a cashier. */
function keepsAnAdmin(ctx: Ctx, row: UserRow, what: string): void {
  const others = ctx.db.value<number>("SELECT count(*) FROM users WHERE role = 'admin' AND disabled_at IS NULL AND id <> ?", row.id)!;
  if (row.role === 'admin' && row.disabled_at === null && others === 0) {
    throw new KassaError('CONFLICT', `Нельзя ${what} последнего администратора: сначала создайте или включите другого`);
  }
}

export type UserChange = { name?: string | undefined; role?: Role | undefined; cashierId?: string | undefined };

/**
 * Name, role, cashier id. A cashier made admin must choose a new password at the next login: a
 * cashier's 4-digit PIN is shorter than an admin's password may be.
 */
export function updateUser(ctx: Ctx, loginName: string, change: UserChange): User {
  return ctx.db.transaction(() => {
    const row = existing(ctx, loginName);
    const role = change.role ?? row.role;
    const cashierId = change.cashierId ?? row.cashier_id;
    if (row.role === 'admin' && role === 'cashier') keepsAnAdmin(ctx, row, 'сделать кассиром');
    if (role === 'cashier' && !cashierId) throw new KassaError('VALIDATION', 'Укажите идентификатор кассира (из кабинета оператора)');
    const promoted = row.role === 'cashier' && role === 'admin';
    ctx.db.run(
      'UPDATE users SET name = ?, role = ?, cashier_id = ?, must_change = ? WHERE id = ?',
      change.name ?? row.name,
      role,
      cashierId,
      promoted ? 1 : row.must_change,
      row.id,
    );
    audit(ctx, 'user.changed', {
      login: row.login,
      ...(change.name !== undefined && change.name !== row.name && { name: { from: row.name, to: change.name } }),
      ...(role !== row.role && { role: { from: row.role, to: role } }),
      ...(cashierId !== row.cashier_id && { cashierId: { from: row.cashier_id, to: cashierId } }),
    });
    return toUser(rowById(ctx, row.id)!);
  })();
}

/** A disabled user cannot log in; the documents he made keep his name. Not oneself, not the last admin. */
export function setUserDisabled(ctx: Ctx, loginName: string, disabled: boolean): User {
  return ctx.db.transaction(() => {
    const row = existing(ctx, loginName);
    if (disabled && row.id === ctx.session.userId) throw new KassaError('CONFLICT', 'Нельзя отключить самого себя');
    if (disabled) keepsAnAdmin(ctx, row, 'отключить');
    if (disabled === (row.disabled_at !== null)) return toUser(row);
    ctx.db.run('UPDATE users SET disabled_at = ? WHERE id = ?', disabled ? ctx.clock().toISOString() : null, row.id);
    audit(ctx, disabled ? 'user.disabled' : 'user.enabled', { login: row.login });
    return toUser(rowById(ctx, row.id)!);
  })();
}

export function resetPassword(ctx: Ctx, loginName: string, temporaryPassword: string): User {
  const row = existing(ctx, loginName);
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

/**
 * DEFAULT_ADMIN's password hashed once, here, at PASSWORD_COST: scrypt at that cost is some 0.5 s,
 * most of a new till's first start (bench `web-host-cold-start-fresh`). Its salt is the same on every
 * till, which weakens nothing: the password is public (README, the first-run screen) and must be
 * changed at the first login, and the new one is hashed with a salt of its own. A test holds it to
 * the password and to PASSWORD_COST (a new cost: make it again, as that test says).
 */
export const DEFAULT_ADMIN_HASH = 'scrypt$131072$8$1$PkdLhx9qTw7oIZqKoPxQWQ==$pLby1JeXE1IXD+WEFtiXOs3otyouB8+he8FvCQlt8t8=';

/** The default admin of a fresh till: "Администратор" / 1111, to be changed at first login. */
export function ensureDefaultAdmin(ctx: Ctx): void {
  const count = ctx.db.value<number>('SELECT count(*) FROM users')!;
  if (count > 0) return;
  ctx.db.run(
    "INSERT INTO users (login, name, cashier_id, role, password_hash, must_change, created_at) VALUES (?, ?, '', 'admin', ?, 1, ?)",
    DEFAULT_ADMIN.login,
    DEFAULT_ADMIN.name,
    needsRehash(DEFAULT_ADMIN_HASH, ctx.passwordCost) ? newHash(ctx, DEFAULT_ADMIN.password) : DEFAULT_ADMIN_HASH,
    ctx.clock().toISOString(),
  );
}

/** Lifts the lock of wrong passwords (auth.ts) before its time runs out. */
export function unlockUser(ctx: Ctx, loginName: string): User {
  const row = existing(ctx, loginName);
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
