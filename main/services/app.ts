/** Till status and first-start set-up (the СКО PIN). */
import { dirname } from 'node:path';
import type { AppStatus } from '../../preload/contract/index.js';
import { freeBytes } from '../db/disk-space.js';
import { KassaError } from '../domain/errors.js';
import { audit } from './audit.js';
import type { Ctx } from './context.js';
import { getSetting, setSetting } from './settings.js';
import { currentShift } from './shift.js';
import { currentUser } from './users.js';

export function appStatus(ctx: Ctx): AppStatus {
  const queue = ctx.fiscal.queue();
  return {
    setupDone: getSetting(ctx, 'skoUnlocked'),
    trainingMode: getSetting(ctx, 'trainingMode'),
    user: currentUser(ctx),
    shift: currentShift(ctx),
    fiscalQueue: queue.pending,
    fiscalOldestAt: queue.oldestAt,
    fiscalRejected: queue.rejected,
    fiscalNeedsPin: queue.needsPin,
    disk: diskRoom(ctx),
  };
}

/** The data folder is where the database file is. */
function diskRoom(ctx: Ctx): AppStatus['disk'] {
  const folder = dirname(ctx.db.name);
  const free = freeBytes(folder);
  if (free === null) return null;
  const warnBelowBytes = getSetting(ctx, 'diskWarnMb') * 1024 * 1024;
  return { folder, freeBytes: free, warnBelowBytes, low: free < warnBelowBytes };
}

/** The first start: the СКО PIN binds the till; training mode (the built-in СКО) starts the simulated scale. */
export async function enterPin(ctx: Ctx, pin: string): Promise<{ trainingMode: boolean; message: string }> {
  // Once set up, the PIN is entered again by a logged-in user on the «СКО» screen (fiscal.unlock).
  if (getSetting(ctx, 'skoUnlocked')) throw new KassaError('CONFLICT', 'PIN уже введён. Чтобы ввести его заново, войдите и откройте «СКО».');
  const { message } = await ctx.sko.unlock(pin);
  ctx.db.transaction(() => {
    setSetting(ctx, 'skoUnlocked', true);
    audit(ctx, 'sko.unlocked', { training: ctx.sko.training });
  })();
  ctx.emit('session.changed', appStatus(ctx));
  await ctx.devices.restart('scale'); // the simulated scale runs in training mode only
  return { trainingMode: ctx.sko.training, message };
}
