import type { PaymentForm } from '../../preload/contract/index.js';

export type Tender = { readonly form: PaymentForm; readonly amount: number };

/**
 * Checks the payments against the check total. Only cash gives change; non-cash forms may not
 * exceed the total. Returns the change, or the reason for the cashier why the payment is refused.
 */
export function settle(total: number, payments: readonly Tender[]): { change: number } | { problem: string } {
  const paid = payments.reduce((sum, p) => sum + p.amount, 0);
  const cash = payments.filter((p) => p.form === 'cash').reduce((sum, p) => sum + p.amount, 0);
  const nonCash = paid - cash;
  if (total <= 0) return { problem: 'Чек пуст: добавьте товар' };
  if (nonCash > total) return { problem: 'Безналичная оплата больше суммы чека' };
  if (paid < total) return { problem: 'Оплачено меньше суммы чека' };
  const change = paid - total;
  if (change > cash) return { problem: 'Сдачу можно дать только с наличных' };
  return { change };
}
