/**
 * The payment terminal (card, ОПЛАТИ).
 */
import { z } from 'zod';
import { ADMIN, BOTH, command, Empty, Id, query, Reason } from './method.js';

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

/** A terminal operation the till never learnt the end of (it stopped while the bank answered). */
export const UnknownTerminalOp = z.object({
  id: z.number().int(),
  kind: z.enum(['purchase', 'refund', 'cancel']),
  purpose: z.string(),
  form: z.enum(['card', 'oplati']),
  amount: z.number().int(),
  createdAt: z.string(),
  message: z.string().nullable(),
});
export type UnknownTerminalOp = z.infer<typeof UnknownTerminalOp>;

/** What the admin found out at the terminal or from the bank: cancelled there, or never charged. */
export const UnknownOpOutcome = z.enum(['cancelled', 'not_charged']);
export type UnknownOpOutcome = z.infer<typeof UnknownOpOutcome>;

export const terminalMethods = {
  /** «Проверка связи с банком»: asks the payment terminal whether it answers. */
  'terminal.check': query(Empty, z.object({ ok: z.boolean(), message: z.string() }), { kind: 'user', roles: BOTH, shift: 'any' }),
  /** Training mode only: what the simulated payment terminal answers next (approve / decline / timeout). */
  /** Operations left unknown after a stop of the till, for the admin to settle with the bank. */
  'terminal.unknownOps': query(Empty, z.array(UnknownTerminalOp), { kind: 'user', roles: ADMIN, shift: 'any' }),
  /** The admin settles one: approved and cancelled at the terminal, or not charged (audited with the note). */
  'terminal.settleUnknown': command(z.object({ opId: Id, outcome: UnknownOpOutcome, note: Reason }).strict(), z.array(UnknownTerminalOp), {
    kind: 'user',
    roles: ADMIN,
    shift: 'any',
  }),
  'terminal.simulate': command(z.object({ mode: TerminalMode }).strict(), z.null(), { kind: 'user', roles: BOTH, shift: 'any' }),
} as const;
