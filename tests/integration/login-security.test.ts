/**
 * Logins (issue 10 #19): the lock after wrong passwords, the audit of every failure, the admin's
 * longer password, and hashes made again at the current cost. A real core on a real SQLite file.
 */
import { randomBytes, scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, CASHIER, cashierReady, loginAs, makeTill, TEST_PASSWORD_COST, type TestTill } from '../fixtures/core.js';

function auditOf(till: TestTill, action: string): Record<string, unknown>[] {
  const rows = till.ctx.db.prepare('SELECT details FROM audit_log WHERE action = ? ORDER BY id').pluck().all(action) as string[];
  return rows.map((d) => JSON.parse(d) as Record<string, unknown>);
}

/** Wrong passwords for the cashier, each after the growing delay has passed. */
async function failLogins(till: TestTill, count: number, advance: (ms: number) => void): Promise<void> {
  for (let i = 0; i < count; i++) {
    const res = await till.call('auth.login', { login: CASHIER.login, password: '0000' });
    expect(res.ok).toBe(false);
    advance(61_000);
  }
}

describe('logins', () => {
  it('locks an account after 10 wrong passwords, even for the right one, until the admin unlocks it', async () => {
    let now = Date.parse('2026-11-20T08:00:00Z');
    const till = makeTill({ clock: () => new Date(now) });
    try {
      await cashierReady(till);
      await till.ok('auth.logout');
      await failLogins(till, 10, (ms) => (now += ms));
      const locked = await till.call('auth.login', { login: CASHIER.login, password: '5823' });
      expect(locked).toMatchObject({ ok: false, error: { code: 'TOO_MANY_ATTEMPTS', details: { locked: true } } });
      if (!locked.ok) expect(locked.error.message).toMatch(/заблокирована после 10 неверных попыток/);
      expect(auditOf(till, 'login.failed')).toHaveLength(10);
      expect(auditOf(till, 'login.refused')).toEqual([{ login: CASHIER.login, reason: 'locked', failures: 10 }]);

      // Only an admin lifts it; a cashier may not.
      await till.ok('auth.login', { login: 'admin', password: ADMIN_PASSWORD });
      const lockedOf = async () => Object.fromEntries((await till.ok('users.list')).map((u) => [u.login, u.locked]));
      expect(await lockedOf()).toEqual({ admin: false, [CASHIER.login]: true });
      await till.ok('users.unlock', { login: CASHIER.login });
      expect(await lockedOf()).toEqual({ admin: false, [CASHIER.login]: false });
      expect(auditOf(till, 'user.unlocked')).toEqual([{ login: CASHIER.login, failures: 10 }]);
      await loginAs(till, 'cashier');
      expect(await till.call('users.unlock', { login: CASHIER.login })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    } finally {
      till.dispose();
    }
  });

  it('takes the lock and the admin password length from the admin’s settings (idle logout beside them)', async () => {
    let now = Date.parse('2026-11-20T08:00:00Z');
    const till = makeTill({ clock: () => new Date(now) });
    try {
      await cashierReady(till);
      expect(await till.call('users.security')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      await loginAs(till, 'admin');
      expect(await till.ok('users.security')).toEqual({
        loginLock: { maxFailures: 10, lockMinutes: 30 },
        adminPasswordMinLength: 6,
        idleLogoutMinutes: { cashier: 0, admin: 10 },
      });
      const short = await till.call('users.saveSecurity', { adminPasswordMinLength: 4 });
      expect(short).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: 'Пароль администратора — не короче 6 символов' } });
      const saved = await till.ok('users.saveSecurity', { loginLock: { maxFailures: 3, lockMinutes: 0 }, adminPasswordMinLength: 8 });
      expect(saved).toMatchObject({ loginLock: { maxFailures: 3, lockMinutes: 0 }, adminPasswordMinLength: 8, idleLogoutMinutes: { cashier: 0, admin: 10 } });
      expect(await till.call('auth.changePassword', { oldPassword: ADMIN_PASSWORD, newPassword: '2580369' })).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION' },
      });
      await till.ok('auth.logout');
      await failLogins(till, 3, (ms) => (now += ms));
      now += 86_400_000; // lock time 0: only an admin lifts it
      expect(await till.call('auth.login', { login: CASHIER.login, password: '5823' })).toMatchObject({
        ok: false,
        error: { code: 'TOO_MANY_ATTEMPTS', details: { locked: true } },
      });
    } finally {
      till.dispose();
    }
  });

  it('lifts the lock by itself once the lock time of the settings has passed', async () => {
    let now = Date.parse('2026-11-20T08:00:00Z');
    const till = makeTill({ clock: () => new Date(now) });
    try {
      await cashierReady(till);
      await till.ok('auth.logout');
      await failLogins(till, 10, (ms) => (now += ms));
      now += 28 * 60_000; // 29 min after the 10th failure
      expect(await till.call('auth.login', { login: CASHIER.login, password: '5823' })).toMatchObject({ ok: false, error: { code: 'TOO_MANY_ATTEMPTS' } });
      now += 60_000;
      await till.ok('auth.login', { login: CASHIER.login, password: '5823' });
    } finally {
      till.dispose();
    }
  });

  it('audits unknown logins and the attempts refused during the delay', async () => {
    const now = Date.parse('2026-11-20T08:00:00Z');
    const till = makeTill({ clock: () => new Date(now) });
    try {
      await till.ok('setup.enterPin', { pin: '1234' });
      expect(await till.call('auth.login', { login: 'nobody', password: '5823' })).toMatchObject({ ok: false, error: { code: 'WRONG_PASSWORD' } });
      for (let i = 0; i < 3; i++) await till.call('auth.login', { login: 'admin', password: '9999' });
      expect(await till.call('auth.login', { login: 'admin', password: '1111' })).toMatchObject({ ok: false, error: { code: 'TOO_MANY_ATTEMPTS' } });
      expect(auditOf(till, 'login.failed')).toEqual([
        { login: 'nobody', unknownLogin: true },
        { login: 'admin', failures: 1, locked: false },
        { login: 'admin', failures: 2, locked: false },
        { login: 'admin', failures: 3, locked: false },
      ]);
      expect(auditOf(till, 'login.refused')).toEqual([{ login: 'admin', reason: 'delay', failures: 3 }]);
    } finally {
      till.dispose();
    }
  });

  it('asks the admin for at least 6 characters at the first-run change, and a cashier PIN for 4', async () => {
    const till = makeTill();
    try {
      await till.ok('setup.enterPin', { pin: '1234' });
      await till.ok('auth.login', { login: 'admin', password: '1111' });
      const short = await till.call('auth.changePassword', { oldPassword: '1111', newPassword: '2580' });
      expect(short).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: 'Пароль должен быть не короче 6 символов' } });
      await till.ok('auth.changePassword', { oldPassword: '1111', newPassword: ADMIN_PASSWORD });
      await till.ok('users.create', { ...CASHIER, password: '7391' });
      expect(await till.call('users.create', { ...CASHIER, login: 'admin2', role: 'admin', password: '7391' })).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION' },
      });
    } finally {
      till.dispose();
    }
  });

  it('makes a hash of an older format again at the next successful login', async () => {
    const till = makeTill();
    try {
      await cashierReady(till);
      await till.ok('auth.logout');
      const salt = randomBytes(16);
      // What a till of the previous release stored: Node's default scrypt, no cost in the hash.
      const legacy = `scrypt$${salt.toString('base64')}$${scryptSync('5823', salt, 32).toString('base64')}`;
      till.ctx.db.prepare('UPDATE users SET password_hash = ? WHERE login = ?').run(legacy, CASHIER.login);
      await till.ok('auth.login', { login: CASHIER.login, password: '5823' });
      const stored = till.ctx.db.prepare('SELECT password_hash FROM users WHERE login = ?').pluck().get(CASHIER.login) as string;
      expect(stored.startsWith(`scrypt$${TEST_PASSWORD_COST.N}$${TEST_PASSWORD_COST.r}$${TEST_PASSWORD_COST.p}$`)).toBe(true);
      await loginAs(till, 'cashier');
    } finally {
      till.dispose();
    }
  });

  it('hashes the first-run admin at the production cost when the core is given none', async () => {
    const till = makeTill({ passwordCost: undefined });
    try {
      const stored = till.ctx.db.prepare("SELECT password_hash FROM users WHERE login = 'admin'").pluck().get() as string;
      const [, N, r, p] = stored.split('$').map(Number);
      expect(N).toBeGreaterThanOrEqual(2 ** 17);
      expect([r, p]).toEqual([8, 1]);
    } finally {
      till.dispose();
    }
  });
});
