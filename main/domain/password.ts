/**
 * Password rules of DOMAIN.md: at least 4 characters (a cashier's PIN), not one digit repeated,
 * not an ascending run. The admin's password is longer (a setting, default 6): it opens everything.
 */

export const PIN_MIN_LENGTH = 4;

export function passwordProblem(password: string, minLength: number = PIN_MIN_LENGTH): string | null {
  if (password.length < Math.max(PIN_MIN_LENGTH, minLength)) return `Пароль должен быть не короче ${Math.max(PIN_MIN_LENGTH, minLength)} символов`;
  if (/^(\d)\1+$/.test(password)) return 'Пароль не может состоять из одной повторяющейся цифры';
  if (/^\d+$/.test(password) && isAscendingRun(password)) return 'Пароль не может быть последовательностью цифр (1234, 3456…)';
  return null;
}

function isAscendingRun(digits: string): boolean {
  for (let i = 1; i < digits.length; i++) {
    if (digits.charCodeAt(i) !== digits.charCodeAt(i - 1) + 1) return false;
  }
  return true;
}

/**
 * How long to wait before the next login attempt after `failures` wrong passwords in a row.
 * Grows from the fourth failure, capped at a minute: slows brute force before the lock.
 */
export function loginDelayMs(failures: number): number {
  if (failures < 3) return 0;
  return Math.min(60_000, 1000 * 2 ** (failures - 3));
}

/** The lock after too many wrong passwords (settings `loginLock`). `lockMinutes` 0: only an admin unlocks. */
export type LoginLock = { readonly maxFailures: number; readonly lockMinutes: number };

/**
 * What the next login attempt meets: locked (`waitMs` null: until an admin unlocks), a delay to wait
 * out, or nothing (`waitMs` 0). `failures` is the count that goes on: a lock that ran out starts a fresh one.
 */
export function loginGate(
  failures: number,
  lastFailedAtMs: number | null,
  nowMs: number,
  lock: LoginLock,
): { readonly failures: number; readonly locked: boolean; readonly waitMs: number | null } {
  if (lastFailedAtMs === null) return { failures, locked: false, waitMs: 0 };
  if (failures >= lock.maxFailures) {
    if (lock.lockMinutes === 0) return { failures, locked: true, waitMs: null };
    const left = lastFailedAtMs + lock.lockMinutes * 60_000 - nowMs;
    if (left > 0) return { failures, locked: true, waitMs: left };
    return { failures: 0, locked: false, waitMs: 0 };
  }
  return { failures, locked: false, waitMs: Math.max(0, lastFailedAtMs + loginDelayMs(failures) - nowMs) };
}
