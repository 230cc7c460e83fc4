/** Authorization in main: the verdict of common/access.ts over this till's PIN, session and shift. */
import { accessVerdict } from '../../common/access.js';
import type { Access } from '../../preload/contract/index.js';
import { KassaError } from '../domain/errors.js';
import type { Ctx } from '../services/context.js';
import { getSetting } from '../services/settings.js';
import { currentShift } from '../services/shift.js';
import { currentUser } from '../services/users.js';

/** Throws the refusal the cashier should see; returns when the call may run. Reads only what the verdict asks for. */
export function authorize(ctx: Ctx, access: Access): void {
  const verdict = accessVerdict(access, {
    setupDone: getSetting(ctx, 'skoUnlocked'),
    get user() {
      return currentUser(ctx);
    },
    get shift() {
      return currentShift(ctx);
    },
    get maxShiftHours() {
      return getSetting(ctx, 'maxShiftHours');
    },
  });
  if (!verdict.allowed) throw new KassaError(verdict.code, verdict.message);
}
