/**
 * Whether a button may be pressed, read from the contract's `access` of the method it calls.
 * Convenience only: main authorizes every call again.
 */
import { methods, type Access, type AppStatus, type MethodName } from '../../preload/contract/index.js';
import { ru } from '../i18n/ru.js';

export type Verdict = { readonly allowed: true } | { readonly allowed: false; readonly reason: string };

const ALLOWED: Verdict = { allowed: true };

export function isShiftOpen(status: AppStatus | null): boolean {
  return status?.shift != null && status.shift.closedAt === null;
}

export function canCall(method: MethodName, status: AppStatus | null): Verdict {
  const access = methods[method].access as Access;
  if (access.kind === 'public') return ALLOWED;
  const user = status?.user;
  if (!user) return { allowed: false, reason: ru.access.notLoggedIn };
  if (!access.roles.includes(user.role)) return { allowed: false, reason: ru.access.role(access.roles) };
  const open = isShiftOpen(status);
  if (access.shift === 'open' && !open) return { allowed: false, reason: ru.access.needOpen };
  if (access.shift === 'closed' && open) return { allowed: false, reason: ru.access.needClosed };
  if (access.sale && status?.shift?.tooLong) return { allowed: false, reason: ru.access.tooLong };
  return ALLOWED;
}
