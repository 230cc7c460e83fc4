/**
 * The payment terminal of a till's core (card, ОПЛАТИ): the simulator of the settings unless a
 * test or a real adapter puts another one in. One operation at a time: while the customer is at
 * the terminal, the check cannot change.
 */
import { createSimulatedTerminal } from '../devices/terminal/simulator.js';
import type { PaymentTerminal } from '../devices/terminal/terminal.js';
import { KassaError } from '../domain/errors.js';
import type { Ctx } from './context.js';
import { getSetting } from './settings.js';

const terminals = new WeakMap<Ctx, PaymentTerminal>();
const busy = new WeakSet<Ctx>();

export function terminalOf(ctx: Ctx): PaymentTerminal {
  let t = terminals.get(ctx);
  if (!t) {
    t = createSimulatedTerminal(() => getSetting(ctx, 'paymentTerminal'));
    terminals.set(ctx, t);
  }
  return t;
}

/** Puts a terminal adapter in place of the simulator (a real bank's, or a test's). */
export function useTerminal(ctx: Ctx, terminal: PaymentTerminal): void {
  terminals.set(ctx, terminal);
}

/** Runs `work` while the terminal holds the check; a second payment or a change of the check is refused meanwhile. */
export async function withTerminal<T>(ctx: Ctx, work: () => Promise<T>): Promise<T> {
  if (busy.has(ctx)) throw new KassaError('CONFLICT', 'Идёт оплата на терминале: дождитесь её окончания');
  busy.add(ctx);
  try {
    return await work();
  } finally {
    busy.delete(ctx);
  }
}

/** Refuses a change of the open check while the customer pays for it on the terminal. */
export function requireTerminalIdle(ctx: Ctx): void {
  if (busy.has(ctx)) throw new KassaError('CONFLICT', 'Идёт оплата на терминале: чек нельзя менять');
}
