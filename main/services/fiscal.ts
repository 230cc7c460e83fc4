/** The СКО as the admin and the cashier see it: diagnostics, and requisites filled from the СКО. */
import { stdnum } from 'stdnum';
import type { FiscalDiagnostics, Requisites } from '../../preload/contract.js';
import { KassaError } from '../domain/errors.js';
import { oldestAgeMinutes, saleRefusal } from '../domain/offline-policy.js';
import { isSkoError } from '../fiscal/gateway.js';
import { audit } from './audit.js';
import type { Ctx } from './context.js';
import { getSetting, setSetting } from './settings.js';

/** How long diagnostics wait for the round trip to the СКО. */
const PROBE_TIMEOUT_MS = 5_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`СКО не ответил за ${ms / 1000} с`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function fiscalStatus(ctx: Ctx): Promise<FiscalDiagnostics> {
  let reachable = false;
  let latencyMs: number | null = null;
  let probeError: string | null = null;
  try {
    latencyMs = Math.round((await withTimeout(ctx.sko.ping(), PROBE_TIMEOUT_MS)).latencyMs);
    reachable = true;
  } catch (err) {
    probeError = err instanceof Error ? err.message : String(err);
    // An answer that refuses us (token, PIN) still proves the СКО is there.
    reachable = isSkoError(err) && !['unreachable', 'timeout', 'dropped'].includes(err.kind);
  }
  const now = ctx.clock();
  const queue = ctx.fiscal.pending();
  const outbox = ctx.fiscal.state();
  const info = ctx.sko.info();
  const limits = { maxQueuedDocuments: getSetting(ctx, 'maxQueuedDocuments'), maxUnsentAgeHours: getSetting(ctx, 'maxUnsentAgeHours') };
  return {
    training: ctx.sko.training,
    endpoint: info.endpoint,
    reachable,
    latencyMs,
    checkedAt: now.toISOString(),
    probeError,
    token: info.token,
    queue: { ...queue, oldestAgeMinutes: oldestAgeMinutes(queue, now), rejected: outbox.rejected, inFlight: outbox.inFlight },
    limits,
    salesBlocked: saleRefusal(queue, now, limits),
    lastError: outbox.lastError,
    lastDeliveredAt: outbox.lastDeliveredAt,
    holdUntil: outbox.holdUntil,
  };
}

/**
 * «Заполнить из ПК»: the organisation, УНП and registration number as the operator registered
 * them (trade object and address too when the СКО has them; otherwise they stay as typed).
 */
export async function fillRequisitesFromSko(ctx: Ctx): Promise<Requisites> {
  let fromSko;
  try {
    fromSko = await ctx.sko.requisites();
  } catch (err) {
    throw new KassaError('FISCAL_UNAVAILABLE', `Реквизиты не получены от СКО: ${err instanceof Error ? err.message : String(err)}`);
  }
  const validator = stdnum.BY?.unp;
  if (!validator) throw new Error('stdnum: no by.unp validator');
  const unp = validator.validate(fromSko.unp);
  if (!unp.isValid) throw new KassaError('FISCAL_UNAVAILABLE', `СКО прислал неверный УНП «${fromSko.unp}»: реквизиты не изменены`);
  const before = getSetting(ctx, 'requisites');
  const after: Requisites = {
    organization: fromSko.organization,
    unp: unp.compact,
    registrationNumber: fromSko.registrationNumber,
    tradeObject: fromSko.tradeObject ?? before.tradeObject,
    address: fromSko.address ?? before.address,
  };
  ctx.db.transaction(() => {
    setSetting(ctx, 'requisites', after);
    audit(ctx, 'requisites.filledFromSko', { before, after, tillId: fromSko.tillId });
  })();
  return after;
}
