/**
 * The till's status and its first start (the СКО PIN).
 */
import { z } from 'zod';
import { command, Empty, query } from './method.js';
import { Shift } from './shift.js';
import { User } from './users.js';
import { lazy } from '../../common/lazy.js';

export const AppStatus = lazy(() =>
  z.object({
    /** The СКО PIN has been entered on this till. */
    setupDone: z.boolean(),
    trainingMode: z.boolean(),
    user: User.nullable(),
    shift: Shift.nullable(),
    fiscalQueue: z.number().int(),
    /** When the oldest document still waiting for the СКО was made; null when none waits. */
    fiscalOldestAt: z.string().nullable(),
    /** Documents the СКО refused: they wait for a person («СКО» → «Отправить снова»). */
    fiscalRejected: z.number().int(),
    /** The СКО session was taken by another login or the СКО says the till is locked: enter the PIN again. */
    fiscalNeedsPin: z.boolean(),
    /** Room on the disk with the data folder; `low` below the warning threshold (setting `diskWarnMb`); null when the system does not say. */
    disk: z.object({ folder: z.string(), freeBytes: z.number().int(), warnBelowBytes: z.number().int(), low: z.boolean() }).nullable(),
  }),
);
export type AppStatus = z.infer<typeof AppStatus>;

export const appMethods = {
  'app.status': query(Empty, AppStatus, { kind: 'public', beforeSetup: true }),
  'setup.enterPin': command(
    lazy(() => z.object({ pin: z.string().regex(/^\d{4,8}$/, 'PIN — от 4 до 8 цифр') }).strict()),
    lazy(() => z.object({ trainingMode: z.boolean(), message: z.string() })),
    { kind: 'public', beforeSetup: true },
  ),
} as const;

export const appEvents = {
  /** Login, logout, password change, PIN entered. */
  'session.changed': AppStatus,
} as const;
