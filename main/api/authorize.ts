/** Authorization in main: role × shift state, from the contract's access of each method. */
import type { Access } from '../../preload/contract/index.js';
import { KassaError } from '../domain/errors.js';
import type { Ctx } from '../services/context.js';
import { getSetting } from '../services/settings.js';
import { currentShift } from '../services/shift.js';
import { currentUser } from '../services/users.js';

const ROLE_ONLY: Readonly<Record<string, string>> = {
  cashier: 'Операция доступна только кассиру',
  admin: 'Операция доступна только администратору',
};

/** Throws the refusal the cashier should see; returns when the call may run. Reads only. */
export function authorize(ctx: Ctx, access: Access): void {
  const setupDone = getSetting(ctx, 'skoUnlocked');
  if (access.kind === 'public') {
    if (!setupDone && !access.beforeSetup) throw new KassaError('SETUP_REQUIRED', 'Сначала введите PIN СКО');
    return;
  }
  if (!setupDone) throw new KassaError('SETUP_REQUIRED', 'Сначала введите PIN СКО');
  const user = currentUser(ctx);
  if (!user) throw new KassaError('UNAUTHENTICATED', 'Войдите в систему');
  if (user.mustChangePassword && !access.duringPasswordChange) {
    throw new KassaError('PASSWORD_CHANGE_REQUIRED', 'Смените временный пароль');
  }
  if (!access.roles.includes(user.role)) {
    throw new KassaError('FORBIDDEN', access.roles.length === 1 ? ROLE_ONLY[access.roles[0]!]! : 'Операция недоступна');
  }
  if (access.shift === 'any') return;
  const shift = currentShift(ctx);
  if (access.shift === 'open' && !shift) throw new KassaError('SHIFT_CLOSED', 'Смена не открыта. Откройте смену.');
  if (access.shift === 'closed' && shift) throw new KassaError('SHIFT_OPEN', 'Смена уже открыта');
  if (access.sale && shift?.tooLong) {
    throw new KassaError('SHIFT_TOO_LONG', `Смена длится дольше ${getSetting(ctx, 'maxShiftHours')} ч. Закройте её Z-отчётом.`);
  }
}
