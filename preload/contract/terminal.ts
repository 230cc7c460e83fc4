/**
 * The payment terminal (card, ОПЛАТИ).
 */
import { z } from 'zod';
import { BOTH, command, Empty, query } from './method.js';

export const TerminalMode = z.enum(['approve', 'decline', 'timeout']);
export type TerminalMode = z.infer<typeof TerminalMode>;

/** The payment terminal for card and ОПЛАТИ. Only the simulator exists so far. */
export const PaymentTerminalSettings = z
  .object({
    kind: z.literal('simulator'),
    /** What the simulator answers. */
    mode: TerminalMode,
    /** How long the till waits for the terminal before «не ответил». */
    timeoutMs: z.number().int().min(100, 'Ожидание терминала — от 0,1 с').max(180_000, 'Ожидание терминала — до 3 минут'),
    /** Time the simulated customer spends at the terminal. */
    delayMs: z.number().int().min(0, 'Задержка — от 0 с').max(10_000, 'Задержка — до 10 с'),
  })
  .strict();
export type PaymentTerminalSettings = z.infer<typeof PaymentTerminalSettings>;

export const terminalMethods = {
  /** «Проверка связи с банком»: asks the payment terminal whether it answers. */
  'terminal.check': query(Empty, z.object({ ok: z.boolean(), message: z.string() }), { kind: 'user', roles: BOTH, shift: 'any' }),
  /** Training mode only: what the simulated payment terminal answers next (approve / decline / timeout). */
  'terminal.simulate': command(z.object({ mode: TerminalMode }).strict(), z.null(), { kind: 'user', roles: BOTH, shift: 'any' }),
} as const;
