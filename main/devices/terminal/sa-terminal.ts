/** The integrated terminal over TCP (INPAS SA protocol): see sa-protocol.ts. */
import type { PaymentTerminal } from './terminal.js';

export type SaConfig = { readonly host: string; readonly port: number; readonly timeoutMs: number };
export type SaTerminal = PaymentTerminal & { close(): Promise<void> };

export function createSaTerminal(_config: SaConfig): SaTerminal {
  const no = () => Promise.resolve({ status: 'declined' as const, message: 'встроенный терминал ещё не поддержан' });
  return { purchase: no, refund: no, cancel: no, check: () => Promise.resolve({ ok: false, message: 'нет' }), close: () => Promise.resolve() };
}
