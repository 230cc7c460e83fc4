/** Password rules of DOMAIN.md: at least 4 characters, not one digit repeated, not an ascending run. */

export function passwordProblem(password: string): string | null {
  if (password.length < 4) return 'Пароль должен быть не короче 4 символов';
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
 * Grows from the fourth failure, capped at a minute: slows brute force, never locks out for good.
 */
export function loginDelayMs(failures: number): number {
  if (failures < 3) return 0;
  return Math.min(60_000, 1000 * 2 ** (failures - 3));
}
