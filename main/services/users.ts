/** Users: their records and passwords, who is logged in, the admin's tools. Logging in: auth.ts. */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { Role, User } from '../../preload/contract/index.js';
import { KassaError } from '../domain/errors.js';
import { passwordProblem } from '../domain/password.js';
import { audit } from './audit.js';
import type { Ctx } from './context.js';

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

export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, 32);
  return `scrypt$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export function verifyPassword(password: string, stored: string): boolean {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = scryptSync(password, Buffer.from(salt, 'base64'), expected.length);
  return timingSafeEqual(actual, expected);
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

export function checkNewPassword(password: string): void {
  const problem = passwordProblem(password);
  if (problem) throw new KassaError('VALIDATION', problem);
}

export function listUsers(ctx: Ctx): User[] {
  return ctx.db.all<UserRow>('SELECT * FROM users ORDER BY id').map(toUser);
}

export type NewUser = { login: string; name: string; cashierId: string; role: Role; password: string };

/** Creates a user with a temporary password that must be changed at the first login. */
export function createUser(ctx: Ctx, u: NewUser): User {
  checkNewPassword(u.password);
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
        hashPassword(u.password),
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
  checkNewPassword(temporaryPassword);
  ctx.db.transaction(() => {
    ctx.db.run(
      'UPDATE users SET password_hash = ?, must_change = 1, failed_logins = 0, last_failed_at = NULL WHERE id = ?',
      hashPassword(temporaryPassword),
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
    hashPassword(DEFAULT_ADMIN.password),
    ctx.clock().toISOString(),
  );
}
