/**
 * Idle logout (issue 10 #20): the admin's session ends after 10 minutes without a call (setting
 * `idleLogoutMinutes`), a cashier's never by default. Main enforces it with the injected clock:
 * the next call is UNAUTHENTICATED and the windows hear `session.changed`.
 */
import { describe, expect, it } from 'vitest';
import { cashierReady, loginAs, makeTill } from '../fixtures/core.js';

describe('idle logout', () => {
  it('ends the admin’s session after 10 idle minutes: the next call is refused and the windows are told', async () => {
    let now = Date.parse('2026-11-20T08:00:00Z');
    const till = makeTill({ clock: () => new Date(now) });
    try {
      await cashierReady(till);
      await loginAs(till, 'admin');
      now += 9 * 60_000;
      await till.ok('users.list'); // a call keeps the session alive
      now += 9 * 60_000;
      await till.ok('users.list');

      const events: { event: string; user: unknown }[] = [];
      const off = till.onEvent((event, payload) => {
        if (event === 'session.changed') events.push({ event, user: (payload as { user: unknown }).user });
      });
      now += 10 * 60_000;
      expect(await till.call('users.list')).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
      off();
      expect(events).toEqual([{ event: 'session.changed', user: null }]);
      expect((await till.ok('app.status')).user).toBeNull();
      const audit = till.ctx.db.prepare("SELECT details FROM audit_log WHERE action = 'logout.idle'").pluck().all() as string[];
      expect(audit.map((d) => JSON.parse(d) as unknown)).toEqual([{ login: 'admin', minutes: 10 }]);
    } finally {
      till.dispose();
    }
  });

  it('keeps a cashier logged in however long the pause, by default', async () => {
    let now = Date.parse('2026-11-20T08:00:00Z');
    const till = makeTill({ clock: () => new Date(now) });
    try {
      await cashierReady(till);
      now += 3 * 3_600_000;
      expect((await till.ok('app.status')).user?.role).toBe('cashier');
      await till.ok('shift.open');
    } finally {
      till.dispose();
    }
  });
});
