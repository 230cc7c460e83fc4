/**
 * The router refuses bad input, the wrong role and the wrong shift state for every method,
 * and a refusal writes nothing to the database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methodNames, methods, type ErrorCode, type MethodName } from '../../preload/contract.js';
import { cashierReady, loginAs, makeTill, type TestTill } from '../fixtures/core.js';

type Need = { roles: 'public' | 'admin' | 'cashier' | 'both'; shift: 'any' | 'open' | 'closed' };

/** Who may do what, written out by hand from DOMAIN.md's access table (not derived from the contract). */
const ACCESS: Record<MethodName, Need> = {
  'app.status': { roles: 'public', shift: 'any' },
  'setup.enterPin': { roles: 'public', shift: 'any' },
  'auth.users': { roles: 'public', shift: 'any' },
  'auth.login': { roles: 'public', shift: 'any' },
  'auth.logout': { roles: 'both', shift: 'any' },
  'auth.changePassword': { roles: 'both', shift: 'any' },
  'users.list': { roles: 'admin', shift: 'any' },
  'users.create': { roles: 'admin', shift: 'any' },
  'users.resetPassword': { roles: 'admin', shift: 'any' },
  'shift.current': { roles: 'both', shift: 'any' },
  'shift.open': { roles: 'cashier', shift: 'closed' },
  'shift.xReport': { roles: 'cashier', shift: 'open' },
  'shift.zReport': { roles: 'cashier', shift: 'open' },
  'catalogue.search': { roles: 'both', shift: 'any' },
  'catalogue.byBarcode': { roles: 'both', shift: 'any' },
  'sale.current': { roles: 'cashier', shift: 'open' },
  'sale.addItem': { roles: 'cashier', shift: 'open' },
  'sale.removeLine': { roles: 'cashier', shift: 'open' },
  'sale.cancel': { roles: 'cashier', shift: 'open' },
  'sale.pay': { roles: 'cashier', shift: 'open' },
  'documents.get': { roles: 'both', shift: 'any' },
};

/** A well-formed input per method, so that only the role or shift can be the reason for a refusal. */
const VALID: Record<MethodName, unknown> = {
  'app.status': {},
  'setup.enterPin': { pin: '1234' },
  'auth.users': {},
  'auth.login': { login: 'admin', password: 'x' },
  'auth.logout': {},
  'auth.changePassword': { oldPassword: 'a', newPassword: 'b' },
  'users.list': {},
  'users.create': { login: 'petrov', name: 'Петров', cashierId: '1', role: 'cashier', password: '4826' },
  'users.resetPassword': { login: 'ivanova', temporaryPassword: '4826' },
  'shift.current': {},
  'shift.open': {},
  'shift.xReport': {},
  'shift.zReport': {},
  'catalogue.search': { query: 'молоко' },
  'catalogue.byBarcode': { barcode: '4810000000000' },
  'sale.current': {},
  'sale.addItem': { barcode: '4810000000000' },
  'sale.removeLine': { lineId: 1 },
  'sale.cancel': {},
  'sale.pay': { payments: [{ form: 'cash', amount: 100 }] },
  'documents.get': { id: 1 },
};

it('the hand-written access table covers exactly the contract methods and agrees with it', () => {
  expect(Object.keys(ACCESS).sort()).toEqual([...methodNames].sort());
  for (const name of methodNames) {
    const access = methods[name].access;
    const need = ACCESS[name];
    if (access.kind === 'public') {
      expect(need.roles, name).toBe('public');
      continue;
    }
    const roles = access.roles.length === 2 ? 'both' : access.roles[0];
    expect({ roles, shift: access.shift }, name).toEqual(need);
  }
});

describe('bad input', () => {
  let till: TestTill;
  beforeAll(async () => {
    till = makeTill();
    await cashierReady(till);
    await till.ok('shift.open');
  });
  afterAll(() => till.dispose());

  const BAD: readonly unknown[] = [42, 'text', [], { unexpected: true }, null];

  it.each(methodNames)('%s answers VALIDATION to malformed input and writes nothing', async (name) => {
    await till.outbox.kick();
    const before = till.fingerprint();
    for (const input of BAD) {
      if (input === null && methods[name].input.safeParse({}).success) continue; // null means "no input"
      const res = await till.router.call(name, input, true);
      expect(res.ok, `${name} accepted ${JSON.stringify(input)}`).toBe(false);
      if (!res.ok) {
        expect(res.error.code).toBe('VALIDATION');
        expect(res.error.message).toMatch(/[а-яё]/i);
      }
    }
    expect(till.fingerprint()).toBe(before);
  });

  it('gives the cashier a Russian message for a wrong barcode, a bad PIN and an empty payment', async () => {
    const cases: [MethodName, unknown, RegExp][] = [
      ['sale.addItem', { barcode: '12ab' }, /Штрихкод/],
      ['setup.enterPin', { pin: '12' }, /PIN/],
      ['sale.pay', { payments: [] }, /оплату/],
      ['users.create', { login: 'a b', name: 'x', cashierId: '', role: 'cashier', password: '4826' }, /Логин/],
    ];
    for (const [name, input, message] of cases) {
      const res = await till.router.call(name, input, true);
      expect(res.ok).toBe(false);
      if (!res.ok) expect(res.error.message).toMatch(message);
    }
  });

  it('refuses a call from an untrusted sender before reading its input', async () => {
    const res = await till.router.call('sale.cancel', {}, false);
    expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('answers NOT_FOUND for a method the contract does not have', async () => {
    const res = await till.router.call('db.dropEverything', {}, true);
    expect(res).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('authorization: role × shift state', () => {
  let till: TestTill;
  beforeAll(async () => {
    till = makeTill();
    await cashierReady(till);
  });
  afterAll(() => till.dispose());

  function expectedRefusal(need: Need, role: 'admin' | 'cashier', shiftOpen: boolean): ErrorCode | null {
    if (need.roles === 'public') return null;
    if (need.roles !== 'both' && need.roles !== role) return 'FORBIDDEN';
    if (need.shift === 'open' && !shiftOpen) return 'SHIFT_CLOSED';
    if (need.shift === 'closed' && shiftOpen) return 'SHIFT_OPEN';
    return null;
  }

  for (const shiftOpen of [false, true]) {
    for (const role of ['admin', 'cashier'] as const) {
      it(`refuses what a${role === 'admin' ? 'n admin' : ' cashier'} may not do with the shift ${shiftOpen ? 'open' : 'closed'}, writing nothing`, async () => {
        await loginAs(till, 'cashier');
        const open = (await till.ok('shift.current')) !== null;
        if (open !== shiftOpen) {
          if (shiftOpen) await till.ok('shift.open');
          else await till.ok('shift.zReport');
        }
        await loginAs(till, role);
        await till.outbox.kick();
        let refused = 0;
        for (const name of methodNames) {
          const code = expectedRefusal(ACCESS[name], role, shiftOpen);
          if (code === null) continue;
          const before = till.fingerprint();
          const res = await till.call(name, VALID[name] as never);
          expect(res, `${name} as ${role}`).toMatchObject({ ok: false, error: { code } });
          expect(till.fingerprint(), `${name} wrote to the database`).toBe(before);
          refused++;
        }
        expect(refused).toBeGreaterThan(0);
      });
    }
  }

  it('refuses every non-public method to nobody logged in', async () => {
    await till.call('auth.logout');
    const before = till.fingerprint();
    for (const name of methodNames) {
      if (ACCESS[name].roles === 'public') continue;
      const res = await till.call(name, VALID[name] as never);
      expect(res, name).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    }
    expect(till.fingerprint()).toBe(before);
  });
});

describe('before set-up and before the password change', () => {
  it('allows only the status and the PIN before the СКО PIN is entered', async () => {
    const till = makeTill();
    try {
      const before = till.fingerprint();
      for (const name of methodNames) {
        if (name === 'app.status' || name === 'setup.enterPin') continue;
        const res = await till.call(name, VALID[name] as never);
        expect(res, name).toMatchObject({ ok: false, error: { code: 'SETUP_REQUIRED' } });
      }
      expect(till.fingerprint()).toBe(before);
    } finally {
      till.dispose();
    }
  });

  it('lets a user with a temporary password do nothing but change it or log out', async () => {
    const till = makeTill();
    try {
      await till.ok('setup.enterPin', { pin: '1234' });
      await till.ok('auth.login', { login: 'admin', password: '1111' });
      const res = await till.call('users.list');
      expect(res).toMatchObject({ ok: false, error: { code: 'PASSWORD_CHANGE_REQUIRED' } });
      const status = await till.ok('app.status');
      expect(status.user?.mustChangePassword).toBe(true);
    } finally {
      till.dispose();
    }
  });
});
