/** The cashier's password on the numeric keypad, and how the till slows down guessing. */
import { describe, expect, it } from 'vitest';
import { loginDelayMs, loginGate, passwordProblem } from '../../main/domain/password.js';

describe('password rules', () => {
  it('refuses the factory password 1111 and any one digit repeated', () => {
    expect(passwordProblem('1111')).toMatch(/одной повторяющейся цифры/);
    expect(passwordProblem('0000')).toMatch(/одной повторяющейся цифры/);
    expect(passwordProblem('77777777')).toMatch(/одной повторяющейся цифры/);
  });

  it('refuses an ascending run such as 1234, 3456 or 0123456789', () => {
    expect(passwordProblem('1234')).toMatch(/последовательностью цифр/);
    expect(passwordProblem('3456')).toMatch(/последовательностью цифр/);
    expect(passwordProblem('0123456789')).toMatch(/последовательностью цифр/);
  });

  it('refuses fewer than 4 characters: 123 is too short, and so is nothing', () => {
    expect(passwordProblem('123')).toMatch(/не короче 4 символов/);
    expect(passwordProblem('258')).toMatch(/не короче 4 символов/);
    expect(passwordProblem('')).toMatch(/не короче 4 символов/);
  });

  it('accepts 2580, a column of the keypad, and other digit passwords that are not a run', () => {
    expect(passwordProblem('2580')).toBeNull();
    expect(passwordProblem('4321')).toBeNull();
    expect(passwordProblem('1235')).toBeNull();
    expect(passwordProblem('7890')).toBeNull(); // 9 → 0 wraps, so it is not an ascending run
    expect(passwordProblem('11112')).toBeNull();
  });

  it('accepts passwords with letters, even in alphabetical order', () => {
    expect(passwordProblem('kassa')).toBeNull();
    expect(passwordProblem('abcd')).toBeNull();
    expect(passwordProblem('aaaa')).toBeNull();
    expect(passwordProblem('Касса2026')).toBeNull();
    expect(passwordProblem('12a4')).toBeNull();
  });
});

describe('delay after wrong passwords', () => {
  it('lets a cashier mistype twice without waiting', () => {
    expect(loginDelayMs(0)).toBe(0);
    expect(loginDelayMs(1)).toBe(0);
    expect(loginDelayMs(2)).toBe(0);
  });

  it('waits 1 s after the third wrong password and doubles with each further one', () => {
    expect(loginDelayMs(3)).toBe(1000);
    expect(loginDelayMs(4)).toBe(2000);
    expect(loginDelayMs(5)).toBe(4000);
    expect(loginDelayMs(8)).toBe(32_000);
  });

  it('never makes the admin wait more than a minute, however many attempts', () => {
    expect(loginDelayMs(9)).toBe(60_000);
    expect(loginDelayMs(10)).toBe(60_000);
    expect(loginDelayMs(1000)).toBe(60_000);
    expect(loginDelayMs(1_000_000)).toBe(60_000);
  });

  it('never shortens the wait as failures grow', () => {
    let previous = 0;
    for (let failures = 0; failures <= 50; failures++) {
      const delay = loginDelayMs(failures);
      expect(delay, `after ${failures}`).toBeGreaterThanOrEqual(previous);
      previous = delay;
    }
  });
});

describe('the admin password and the lock after wrong passwords', () => {
  it('asks the admin for a longer password while a cashier PIN keeps 4 characters', () => {
    expect(passwordProblem('2580', 6)).toMatch(/не короче 6 символов/);
    expect(passwordProblem('258036', 6)).toBeNull();
    expect(passwordProblem('2580')).toBeNull();
    expect(passwordProblem('258', 2)).toMatch(/не короче 4 символов/); // never below the manual's 4
  });

  const lock = { maxFailures: 10, lockMinutes: 30 };
  const t0 = Date.parse('2026-11-20T08:00:00Z');

  it('locks after the last allowed failure until the lock time has passed, then counts afresh', () => {
    expect(loginGate(9, t0, t0 + 60_000, lock)).toEqual({ failures: 9, locked: false, waitMs: 0 });
    expect(loginGate(10, t0, t0 + 29 * 60_000, lock)).toEqual({ failures: 10, locked: true, waitMs: 60_000 });
    expect(loginGate(10, t0, t0 + 30 * 60_000, lock)).toEqual({ failures: 0, locked: false, waitMs: 0 });
  });

  it('keeps the lock for good when its time is 0, until an admin lifts it', () => {
    expect(loginGate(3, t0, t0 + 86_400_000, { maxFailures: 3, lockMinutes: 0 })).toEqual({ failures: 3, locked: true, waitMs: null });
  });

  it('makes the growing delay wait before the lock', () => {
    expect(loginGate(4, t0, t0 + 500, lock)).toEqual({ failures: 4, locked: false, waitMs: 1_500 });
    expect(loginGate(0, null, t0, lock)).toEqual({ failures: 0, locked: false, waitMs: 0 });
  });
});
