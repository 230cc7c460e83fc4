/** Paying for a check: cash with change, card and other forms, mixed. Only cash gives change. */
import { describe, expect, it } from 'vitest';
import { settle, type Tender } from '../../main/domain/payment.js';
import { seededRandom } from '../fixtures/seeded-random.js';

const cash = (amount: number): Tender => ({ form: 'cash', amount });
const card = (amount: number): Tender => ({ form: 'card', amount });

describe('settle', () => {
  it('takes exact cash with no change', () => {
    expect(settle(1133, [cash(1133)])).toEqual({ change: 0 });
  });

  it('gives 8.67 change from a 20-ruble note on an 11.33 check', () => {
    expect(settle(1133, [cash(2000)])).toEqual({ change: 867 });
  });

  it('takes a card for the exact total', () => {
    expect(settle(1133, [card(1133)])).toEqual({ change: 0 });
  });

  it('refuses a card payment larger than the check, even with cash alongside', () => {
    expect(settle(1133, [card(1200)])).toEqual({ problem: 'Безналичная оплата больше суммы чека' });
    expect(settle(1133, [card(1200), cash(500)])).toEqual({ problem: 'Безналичная оплата больше суммы чека' });
  });

  it('refuses non-cash forms that together exceed the total: gift certificate plus ОПЛАТИ', () => {
    expect(
      settle(1000, [
        { form: 'gift', amount: 700 },
        { form: 'oplati', amount: 400 },
      ]),
    ).toEqual({
      problem: 'Безналичная оплата больше суммы чека',
    });
  });

  it('mixes a card and cash, with change from the cash', () => {
    // 5.00 on the card, a 10-ruble note for the remaining 6.33
    expect(settle(1133, [card(500), cash(1000)])).toEqual({ change: 367 });
  });

  it('mixes several forms that add up exactly', () => {
    expect(settle(5000, [{ form: 'gift', amount: 2000 }, { form: 'oplati', amount: 1000 }, card(1500), cash(500)])).toEqual({ change: 0 });
  });

  it('gives change only from cash: a card for the full total plus a note gives the note back', () => {
    expect(settle(1133, [card(1133), cash(500)])).toEqual({ change: 500 });
  });

  it('refuses to take less than the total', () => {
    expect(settle(1133, [cash(1000)])).toEqual({ problem: 'Оплачено меньше суммы чека' });
    expect(settle(1133, [card(500), cash(600)])).toEqual({ problem: 'Оплачено меньше суммы чека' });
    expect(settle(1133, [])).toEqual({ problem: 'Оплачено меньше суммы чека' });
  });

  it('refuses payment for an empty check', () => {
    expect(settle(0, [cash(500)])).toEqual({ problem: 'Чек пуст: добавьте товар' });
    expect(settle(0, [])).toEqual({ problem: 'Чек пуст: добавьте товар' });
  });

  it('never gives more change than the cash handed over, nor takes less than the total (seeded loop)', () => {
    const random = seededRandom(7);
    const forms = ['cash', 'card', 'gift', 'oplati', 'noncash', 'advance'] as const;
    for (let n = 0; n < 2000; n++) {
      const total = random.int(1, 50_000);
      const payments: Tender[] = [];
      for (let k = random.int(1, 4); k > 0; k--) payments.push({ form: random.pick(forms), amount: random.int(1, 30_000) });
      const result = settle(total, payments);
      const paid = payments.reduce((s, p) => s + p.amount, 0);
      const cashPaid = payments.filter((p) => p.form === 'cash').reduce((s, p) => s + p.amount, 0);
      const label = `${total}: ${JSON.stringify(payments)}`;
      if ('change' in result) {
        expect(paid - result.change, label).toBe(total);
        expect(result.change, label).toBeGreaterThanOrEqual(0);
        expect(result.change, label).toBeLessThanOrEqual(cashPaid);
      } else {
        expect(paid < total || paid - cashPaid > total, label).toBe(true);
      }
    }
  });
});
