/**
 * Whether a button may be pressed: common/access.ts's verdict on the contract's `access` of the
 * method it calls. Convenience only: main authorizes every call again, with the same verdict.
 */
import { accessVerdict } from '../../common/access.js';
import { methods, type AppStatus, type MethodName } from '../../preload/contract/index.js';

export type Verdict = { readonly allowed: true } | { readonly allowed: false; readonly reason: string };

const ALLOWED: Verdict = { allowed: true };

export function isShiftOpen(status: AppStatus | null): boolean {
  return status?.shift != null && status.shift.closedAt === null;
}

export function canCall(method: MethodName, status: AppStatus | null): Verdict {
  const verdict = accessVerdict(methods[method].access, {
    // Before the first status arrives the PIN is not known to be missing: main decides.
    setupDone: status?.setupDone ?? true,
    user: status?.user ?? null,
    shift: isShiftOpen(status) ? (status?.shift ?? null) : null,
    maxShiftHours: null,
  });
  return verdict.allowed ? ALLOWED : { allowed: false, reason: verdict.hint };
}
