/** The open check; every change of it is shown on the customer display (showCheck). */
import type { saleMethods } from '../../../preload/contract/index.js';
import {
  addItem,
  addSection,
  cancelCheck,
  closeCheck,
  openCheck,
  parkCheck,
  parkedChecks,
  removeLine,
  stornoJournal,
  resumeCheck,
  scanCode,
  setCheckDiscount,
  setLineDiscount,
  setQuantity,
  showCheck,
  stableWeight,
} from '../../services/sale.js';
import { requireSaneAmounts } from '../../services/amount-limits.js';
import type { Handlers } from './handler.js';

export const saleHandlers: Handlers<keyof typeof saleMethods> = {
  'sale.current': (_, ctx) => showCheck(ctx, openCheck(ctx)),
  'sale.addItem': async ({ weigh, ...input }, ctx) => {
    const quantity = weigh ? await stableWeight(ctx) : input.quantity;
    return showCheck(ctx, addItem(ctx, { ...input, quantity }));
  },
  'sale.scan': ({ code, quantity, confirmed }, ctx) => showCheck(ctx, scanCode(ctx, code, quantity, confirmed)),
  'sale.addSection': (input, ctx) => showCheck(ctx, addSection(ctx, input)),
  'sale.setQuantity': ({ lineId, quantity, confirmed }, ctx) => showCheck(ctx, setQuantity(ctx, lineId, quantity, confirmed)),
  'sale.lineDiscount': ({ lineId, adjustment }, ctx) => showCheck(ctx, setLineDiscount(ctx, lineId, adjustment)),
  'sale.checkDiscount': (input, ctx) => showCheck(ctx, setCheckDiscount(ctx, input)),
  'sale.park': ({ note }, ctx) => showCheck(ctx, parkCheck(ctx, note)),
  'sale.parked': (_, ctx) => parkedChecks(ctx),
  'sale.resume': ({ id }, ctx) => showCheck(ctx, resumeCheck(ctx, id)),
  'sale.removeLine': ({ lineId, adminPassword }, ctx) => showCheck(ctx, removeLine(ctx, lineId, adminPassword)),
  'sale.stornoJournal': (input, ctx) => stornoJournal(ctx, input),
  'sale.cancel': (_, ctx) => showCheck(ctx, cancelCheck(ctx)),
  'sale.pay': ({ payments, confirmed }, ctx) => {
    requireSaneAmounts(ctx, payments, confirmed === true);
    return closeCheck(ctx, payments);
  },
};
