/** Password hashes: scrypt at N ≥ 2^17 in production, its cost carried in the hash. */
import { randomBytes, scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, PASSWORD_COST, verifyPassword } from '../../main/services/password-hash.js';
import { DEFAULT_ADMIN, DEFAULT_ADMIN_HASH } from '../../main/services/users.js';
import { makeTill } from '../fixtures/core.js';

const CHEAP = { N: 2 ** 10, r: 8, p: 1 };

describe('password hashes', () => {
  it('hashes at N ≥ 2^17 by default and stores N, r and p in the hash', () => {
    expect(PASSWORD_COST.N).toBeGreaterThanOrEqual(2 ** 17);
    const stored = hashPassword('258036');
    expect(stored).toMatch(new RegExp(`^scrypt\\$${PASSWORD_COST.N}\\$${PASSWORD_COST.r}\\$${PASSWORD_COST.p}\\$[A-Za-z0-9+/=]+\\$[A-Za-z0-9+/=]+$`));
    expect(verifyPassword('258036', stored)).toBe(true);
    expect(verifyPassword('258037', stored)).toBe(false);
    expect(needsRehash(stored)).toBe(false);
  });

  it('verifies a hash by the cost it carries, and asks for a rehash when that is not the current cost', () => {
    const cheap = hashPassword('5823', CHEAP);
    expect(cheap.startsWith('scrypt$1024$8$1$')).toBe(true);
    expect(verifyPassword('5823', cheap)).toBe(true);
    expect(needsRehash(cheap, CHEAP)).toBe(false);
    expect(needsRehash(cheap)).toBe(true);
  });

  it('still lets in a hash of the older format (scrypt$salt$hash, Node defaults) and marks it for a rehash', () => {
    const salt = randomBytes(16);
    const legacy = `scrypt$${salt.toString('base64')}$${scryptSync('5823', salt, 32).toString('base64')}`;
    expect(verifyPassword('5823', legacy)).toBe(true);
    expect(verifyPassword('5824', legacy)).toBe(false);
    expect(needsRehash(legacy, CHEAP)).toBe(true);
  });

  it('refuses a broken or absurd stored cost without computing it', () => {
    const good = hashPassword('5823', CHEAP).split('$');
    expect(verifyPassword('5823', ['scrypt', String(2 ** 30), ...good.slice(2)].join('$'))).toBe(false);
    expect(verifyPassword('5823', ['scrypt', '1000', ...good.slice(2)].join('$'))).toBe(false);
    expect(verifyPassword('5823', 'bcrypt$x$y')).toBe(false);
  });
});

describe("the default admin's password of a fresh till", () => {
  it('is stored hashed in advance at the current cost: a new cost needs the constant made again', () => {
    // If this fails after PASSWORD_COST changed: hashPassword(DEFAULT_ADMIN.password) → DEFAULT_ADMIN_HASH (main/services/users.ts).
    expect(needsRehash(DEFAULT_ADMIN_HASH)).toBe(false);
    expect(verifyPassword(DEFAULT_ADMIN.password, DEFAULT_ADMIN_HASH)).toBe(true);
    expect(verifyPassword('1112', DEFAULT_ADMIN_HASH)).toBe(false);
  });

  it('a till at the real cost starts with that hash, lets the admin in with it once, and the new password gets its own salt', async () => {
    using till = makeTill({ passwordCost: undefined });
    const stored = () => till.ctx.db.value<string>("SELECT password_hash FROM users WHERE login = 'admin'");
    expect(stored()).toBe(DEFAULT_ADMIN_HASH);
    await till.ok('setup.enterPin', { pin: '1234' });
    const login = (await till.ok('auth.login', { login: DEFAULT_ADMIN.login, password: DEFAULT_ADMIN.password })) as { mustChangePassword?: boolean };
    expect(login).toMatchObject({ mustChangePassword: true });
    await till.ok('auth.changePassword', { oldPassword: DEFAULT_ADMIN.password, newPassword: '258036' });
    expect(stored()).not.toBe(DEFAULT_ADMIN_HASH);
    expect(stored()!.split('$')[4]).not.toBe(DEFAULT_ADMIN_HASH.split('$')[4]);
    expect(verifyPassword('258036', stored()!)).toBe(true);
  });

  it('a till at another cost (tests) hashes it at that cost instead', () => {
    using till = makeTill();
    const stored = till.ctx.db.value<string>("SELECT password_hash FROM users WHERE login = 'admin'")!;
    expect(stored).not.toBe(DEFAULT_ADMIN_HASH);
    expect(stored.startsWith('scrypt$1024$8$1$')).toBe(true);
    expect(verifyPassword(DEFAULT_ADMIN.password, stored)).toBe(true);
  });
});
