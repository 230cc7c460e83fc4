/** Cash in, cash out, what the drawer holds. */
import type { cashMethods } from '../../../preload/contract/index.js';
import { cashBalance, cashMove } from '../../services/cash.js';
import type { Handlers } from './handler.js';

export const cashHandlers: Handlers<keyof typeof cashMethods> = {
  'cash.in': ({ amount, currency }, ctx) => cashMove(ctx, 'cash_in', amount, currency),
  'cash.out': ({ amount, currency }, ctx) => cashMove(ctx, 'cash_out', amount, currency),
  'cash.balance': (_, ctx) => cashBalance(ctx),
};
