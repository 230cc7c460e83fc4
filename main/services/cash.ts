/** Cash in and cash out (внесение / изъятие) per currency; the drawer's balance. */
import type { Currency, FiscalDocument, PrintOutcome } from '../../preload/contract/index.js';
import { KassaError } from '../domain/errors.js';
import { formatMoney } from '../../common/money.js';
import { audit } from './audit.js';
import type { Ctx } from './context.js';
import { appendDocument } from './documents.js';
import { handOver } from './hand-over.js';
import { drawerAmount, drawerOf } from './shift-report.js';
import { getSetting } from './settings.js';
import { requireOpenShift } from './shift.js';
import { requireUser } from './users.js';

function requireCurrency(ctx: Ctx, currency: Currency): void {
  if (!getSetting(ctx, 'currencies').includes(currency)) throw new KassaError('VALIDATION', `Валюта ${currency} не разрешена настройками кассы`);
}

export function cashBalance(ctx: Ctx): { currency: Currency; amount: number }[] {
  const shift = requireOpenShift(ctx);
  const held = drawerOf(ctx, shift.id);
  return getSetting(ctx, 'currencies').map((currency) => ({ currency, amount: held.find((h) => h.currency === currency)?.amount ?? 0 }));
}

/**
 * One cash document, then to the СКО and the printer; a cash out never takes more than the drawer
 * holds of that currency.
 */
export async function cashMove(
  ctx: Ctx,
  kind: 'cash_in' | 'cash_out',
  amount: number,
  currency: Currency,
): Promise<{ document: FiscalDocument; print: PrintOutcome }> {
  const user = requireUser(ctx);
  requireCurrency(ctx, currency);
  const id = ctx.db.transaction(() => {
    const shift = requireOpenShift(ctx);
    if (kind === 'cash_out') {
      const held = drawerAmount(ctx, shift.id, currency);
      if (amount > held) {
        throw new KassaError('CONFLICT', `В кассе только ${formatMoney(Math.max(0, held))} ${currency}: изъять ${formatMoney(amount)} нельзя`, { held });
      }
    }
    const id = appendDocument(ctx, { kind, shift, user, total: amount, currency });
    audit(ctx, kind === 'cash_in' ? 'cash.in' : 'cash.out', { amount, currency });
    return id;
  })();
  return handOver(ctx, id);
}
