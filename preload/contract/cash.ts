/**
 * Cash in and cash out (внесение / изъятие), and what the drawer holds.
 */
import { z } from 'zod';
import { CASHIER, command, Empty, query } from './method.js';
import { Currency, DocumentPrinted, Kopecks } from './shapes.js';
import { lazy } from '../../common/lazy.js';

export const cashMethods = {
  'cash.in': command(
    lazy(() =>
      z.object({ amount: Kopecks.positive('Сумма должна быть больше нуля').max(100_000_000, 'Сумма слишком велика'), currency: Currency.default('BYN') }).strict(),
    ),
    DocumentPrinted,
    { kind: 'user', roles: CASHIER, shift: 'open', sale: true },
  ),
  /** Allowed past the maximum shift length too: the drawer must be emptied before Z. */
  'cash.out': command(
    lazy(() =>
      z.object({ amount: Kopecks.positive('Сумма должна быть больше нуля').max(100_000_000, 'Сумма слишком велика'), currency: Currency.default('BYN') }).strict(),
    ),
    DocumentPrinted,
    { kind: 'user', roles: CASHIER, shift: 'open' },
  ),
  /** What the drawer holds now, per currency. */
  'cash.balance': query(
    Empty,
    lazy(() => z.array(z.object({ currency: Currency, amount: Kopecks }))),
    { kind: 'user', roles: CASHIER, shift: 'open' },
  ),
} as const;
