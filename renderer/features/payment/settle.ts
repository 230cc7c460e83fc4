/** The payment dialog's arithmetic, before anything is sent: only cash gives change. */
import type { PaymentForm } from '../../../preload/contract/index.js';
import { formatMoney } from '../../../common/money.js';
import { ru } from '../../i18n/ru.js';

/** Kopecks per form; null where the typed text is not an amount. */
export type Amounts = Readonly<Record<PaymentForm, number | null>>;

export type Settled =
  { readonly ok: true; readonly change: number; readonly nonCash: number; readonly cashDue: number } | { readonly ok: false; readonly problem: string };

export function settle(total: number, amounts: Amounts): Settled {
  if (Object.values(amounts).some((a) => a === null)) return { ok: false, problem: ru.payment.badAmount };
  const cash = amounts.cash ?? 0;
  const nonCash = (Object.keys(amounts) as PaymentForm[]).filter((f) => f !== 'cash').reduce((s, f) => s + (amounts[f] ?? 0), 0);
  if (nonCash > total) return { ok: false, problem: ru.payment.nonCashOver(formatMoney(nonCash - total)) };
  const cashDue = total - nonCash;
  if (cash < cashDue) return { ok: false, problem: ru.payment.short(formatMoney(cashDue - cash)) };
  if (cash + nonCash === 0) return { ok: false, problem: ru.payment.nothing };
  return { ok: true, change: cash - cashDue, nonCash, cashDue };
}
