/**
 * Who may call a method: one verdict for main, which refuses the call, and for the renderer, which
 * greys the button out and says why. Pure.
 */

/** Who may call a method; the contract's `Access` is this type (common imports nothing, the contract imports common). */
export type RoleKey = 'admin' | 'cashier';

export type AccessRule =
  | { readonly kind: 'public'; readonly beforeSetup?: boolean }
  | {
      readonly kind: 'user';
      readonly roles: readonly RoleKey[];
      readonly shift: 'any' | 'open' | 'closed';
      readonly sale?: boolean;
      readonly duringPasswordChange?: boolean;
    };

/**
 * What the verdict looks at. It reads each field at most once and only when the rule needs it, in
 * this order, so main can hand in getters and query the database no more than the call needs.
 */
export type AccessState = {
  /** The СКО PIN has been entered on this till. */
  readonly setupDone: boolean;
  readonly user: { readonly role: RoleKey; readonly mustChangePassword: boolean } | null;
  /** The open shift; null when none is open. */
  readonly shift: { readonly tooLong: boolean } | null;
  /** The longest shift the settings allow, for the words of the refusal; null when not known. */
  readonly maxShiftHours: number | null;
};

export type RefusalCode = 'SETUP_REQUIRED' | 'UNAUTHENTICATED' | 'PASSWORD_CHANGE_REQUIRED' | 'FORBIDDEN' | 'SHIFT_CLOSED' | 'SHIFT_OPEN' | 'SHIFT_TOO_LONG';

export type AccessVerdict =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      readonly code: RefusalCode;
      /** The API error's message, for the cashier. */
      readonly message: string;
      /** The same refusal in a few words, under a greyed-out button. */
      readonly hint: string;
    };

const ALLOWED: AccessVerdict = { allowed: true };

function refused(code: RefusalCode, message: string, hint = message): AccessVerdict {
  return { allowed: false, code, message, hint };
}

const ROLE_ONLY: Readonly<Record<RoleKey, { readonly message: string; readonly hint: string }>> = {
  cashier: { message: 'Операция доступна только кассиру', hint: 'Только для кассира' },
  admin: { message: 'Операция доступна только администратору', hint: 'Только для администратора' },
};

/**
 * The checks in the order the router makes them: PIN entered, logged in, temporary password
 * changed (unless `duringPasswordChange`), role, shift state; `sale` methods are also refused when
 * the shift has run too long.
 */
export function accessVerdict(access: AccessRule, state: AccessState): AccessVerdict {
  const setupDone = state.setupDone;
  if (access.kind === 'public') {
    return setupDone || access.beforeSetup ? ALLOWED : refused('SETUP_REQUIRED', 'Сначала введите PIN СКО');
  }
  if (!setupDone) return refused('SETUP_REQUIRED', 'Сначала введите PIN СКО');
  const user = state.user;
  if (!user) return refused('UNAUTHENTICATED', 'Войдите в систему', 'Войдите в кассу');
  if (user.mustChangePassword && !access.duringPasswordChange) return refused('PASSWORD_CHANGE_REQUIRED', 'Смените временный пароль');
  if (!access.roles.includes(user.role)) {
    const only = access.roles.length === 1 ? ROLE_ONLY[access.roles[0]!] : undefined;
    return only ? refused('FORBIDDEN', only.message, only.hint) : refused('FORBIDDEN', 'Операция недоступна');
  }
  if (access.shift === 'any') return ALLOWED;
  const shift = state.shift;
  if (access.shift === 'open' && !shift) return refused('SHIFT_CLOSED', 'Смена не открыта. Откройте смену.', 'Смена закрыта — сначала откройте смену');
  if (access.shift === 'closed' && shift) return refused('SHIFT_OPEN', 'Смена уже открыта');
  if (access.sale && shift?.tooLong) {
    const hours = state.maxShiftHours;
    const hint = 'Смена длиннее допустимого — снимите Z-отчёт';
    return refused('SHIFT_TOO_LONG', hours === null ? hint : `Смена длится дольше ${hours} ч. Закройте её Z-отчётом.`, hint);
  }
  return ALLOWED;
}
