/**
 * Idle logout (setting `idleLogoutMinutes`, per role; 0: never): a till left logged in lets anyone
 * at the counter act as its user, the admin above all. Main ends the session itself, so every
 * window, and a call from any of them, sees it ended.
 */
import { audit } from './audit.js';
import { sessionChanged } from './auth.js';
import type { Ctx } from './context.js';
import { getSetting } from './settings.js';
import { currentUser } from './users.js';

/** Ends the session when its user has made no call for longer than their role allows; true if it did. */
export function expireIdleSession(ctx: Ctx): boolean {
  const { userId, lastCallAt } = ctx.session;
  if (userId === null || lastCallAt === undefined) return false;
  const user = currentUser(ctx);
  if (!user) return false;
  const minutes = getSetting(ctx, 'idleLogoutMinutes')[user.role];
  if (minutes === 0 || ctx.clock().getTime() - lastCallAt < minutes * 60_000) return false;
  audit(ctx, 'logout.idle', { login: user.login, minutes });
  ctx.session.userId = null;
  sessionChanged(ctx);
  return true;
}

/** A call from a window: the session ends first if it was idle too long, else the call counts as activity. */
export function sessionCall(ctx: Ctx): void {
  if (!expireIdleSession(ctx) && ctx.session.userId !== null) ctx.session.lastCallAt = ctx.clock().getTime();
}
