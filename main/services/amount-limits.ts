/**
 * Absurd amounts (a wrong key on the cash field, a barcode typed as a quantity): change above the
 * setting is refused outright; a check total above its setting is paid only once the cashier
 * confirmed it (the request comes again with `confirmed: true`).
 */
import { formatMoney } from '../../common/money.js';
import type { PaymentForm } from '../../preload/contract/index.js';
import { KassaError } from '../domain/errors.js';
import type { Ctx } from './context.js';
import { openCheck } from './sale.js';
import { getSetting } from './settings.js';

export function requireSaneAmounts(ctx: Ctx, payments: readonly { form: PaymentForm; amount: number }[], confirmed: boolean): void {
  const limits = getSetting(ctx, 'amountLimits');
  const { total } = openCheck(ctx);
  const paid = payments.reduce((s, p) => s + p.amount, 0);
  const change = paid - total;
  if (total > 0 && change > limits.maxChange) {
    throw new KassaError('VALIDATION', `Сдача ${formatMoney(change)} больше допустимой (${formatMoney(limits.maxChange)}): проверьте полученную сумму`, {
      change,
      maxChange: limits.maxChange,
    });
  }
  if (!confirmed && total > limits.confirmCheckTotal) {
    throw new KassaError('CONFIRM_REQUIRED', `Сумма чека ${formatMoney(total)} — больше ${formatMoney(limits.confirmCheckTotal)}. Всё верно?`, {
      total,
      limit: limits.confirmCheckTotal,
    });
  }
}
