/**
 * The simulated payment terminal: approves, declines or never answers, as its mode says (a
 * setting in training mode, or set by a test). `timeout` waits the terminal timeout, then gives up.
 */
import type { TerminalMode } from '../../../preload/contract/index.js';
import type { PaymentTerminal, TerminalForm, TerminalOutcome } from './terminal.js';

export type SimulatorConfig = { readonly mode: TerminalMode; readonly timeoutMs: number; readonly delayMs: number };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref?.());

export function createSimulatedTerminal(config: () => SimulatorConfig): PaymentTerminal {
  let sequence = 0;
  async function answer(form: TerminalForm, verb: string): Promise<TerminalOutcome> {
    const { mode, timeoutMs, delayMs } = config();
    if (mode === 'timeout') {
      await sleep(timeoutMs);
      return { status: 'timeout' };
    }
    if (delayMs > 0) await sleep(Math.min(delayMs, timeoutMs));
    if (mode === 'decline') {
      return { status: 'declined', message: form === 'card' ? 'Банк отклонил операцию (учебный терминал)' : 'ОПЛАТИ: платёж отклонён (учебный терминал)' };
    }
    sequence += 1;
    return { status: 'approved', reference: `SIM-${verb}-${Date.now().toString(36).toUpperCase()}-${sequence}` };
  }
  return {
    purchase: (form) => answer(form, 'P'),
    refund: (form) => answer(form, 'R'),
    cancel: (form) => answer(form, 'C'),
    check() {
      const { mode } = config();
      if (mode === 'timeout') return Promise.resolve({ ok: false, message: 'Терминал не отвечает (учебный терминал в режиме «нет ответа»)' });
      return Promise.resolve({
        ok: true,
        message: mode === 'approve' ? 'Связь с банком есть (учебный терминал)' : 'Связь есть; учебный терминал отклоняет операции',
      });
    },
  };
}
