/**
 * How a contract method is declared: who may call it (access), query or command, and the input
 * shapes every area shares.
 */
import { z } from 'zod';
import type { AccessRule } from '../../common/access.js';
import { Role } from './shapes.js';
import { lazy } from '../../common/lazy.js';

/**
 * Who may call a method. `public` methods run before anyone logs in. For the others the router
 * checks, in this order: logged in, password changed (unless `duringPasswordChange`), role,
 * shift state; `sale` methods are also refused when the shift has run too long.
 */
export type Access = AccessRule;

export const BOTH: readonly Role[] = ['admin', 'cashier'];
export const CASHIER: readonly Role[] = ['cashier'];
export const ADMIN: readonly Role[] = ['admin'];

/** Input shapes with Russian messages that several areas take. */
export const Id = z.number().int('Неверный номер').positive('Неверный номер');
export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Дата — ГГГГ-ММ-ДД');
export const Reason = z.string().trim().min(3, 'Укажите причину (не короче 3 символов)').max(200, 'Причина — не длиннее 200 символов');

/**
 * A query only reads: the renderer caches it and refetches it when an event says its data changed,
 * and calling it leaves the notices on screen. A command changes something (or prints, or talks to
 * a device on the cashier's behalf).
 */
export type MethodType = 'query' | 'command';

export function query<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, access: Access) {
  return { type: 'query', input, output, access } as const;
}

export function command<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, access: Access) {
  return { type: 'command', input, output, access } as const;
}

export const Empty = lazy(() => z.object({}).strict());
