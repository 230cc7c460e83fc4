/**
 * Returns never exceed sales (fast-check): a line returned in any number of parts gives back
 * exactly what was paid for it and never more; refunds split over the original payment forms
 * add up exactly and never take a form below zero.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PaymentForm } from '../../preload/contract/index.js';
import { allocateRefund, refundableByForm, returnAmount } from '../../main/domain/returns.js';

describe('return amounts of a sold line', () => {
  const sold = fc.record({ quantity: fc.integer({ min: 1, max: 100_000 }), amount: fc.integer({ min: 0, max: 10_000_000 }) });

  it('any sequence of partial returns stays within the line and a full return ends exactly at its amount', () => {
    fc.assert(
      fc.property(sold, fc.array(fc.integer({ min: 1, max: 100_000 }), { maxLength: 30 }), (line, asks) => {
        let returnedQuantity = 0;
        let returnedAmount = 0;
        for (const ask of asks) {
          const r = returnAmount({ ...line, returnedQuantity, returnedAmount }, ask);
          if (typeof r !== 'number') {
            expect(ask).toBeGreaterThan(line.quantity - returnedQuantity); // refused only when asking for more than is left
            continue;
          }
          expect(r).toBeGreaterThanOrEqual(0);
          returnedQuantity += ask;
          returnedAmount += r;
          expect(returnedQuantity).toBeLessThanOrEqual(line.quantity);
          expect(returnedAmount).toBeLessThanOrEqual(line.amount);
        }
        const left = line.quantity - returnedQuantity;
        if (left > 0) {
          const last = returnAmount({ ...line, returnedQuantity, returnedAmount }, left);
          expect(typeof last).toBe('number');
          returnedAmount += last as number;
        }
        expect(returnedAmount).toBe(line.amount);
      }),
    );
  });

  it('refuses more than is left, and nothing at all once the line is returned', () => {
    const line = { quantity: 3000, amount: 867, returnedQuantity: 3000, returnedAmount: 867 };
    expect(returnAmount(line, 1000)).toEqual({ problem: 'Эта позиция уже возвращена полностью' });
    expect(returnAmount({ ...line, returnedQuantity: 1000, returnedAmount: 289 }, 3000)).toEqual({ problem: 'Можно вернуть не больше 2' });
    expect(returnAmount({ quantity: 1235, amount: 555, returnedQuantity: 0, returnedAmount: 0 }, 500)).toBe(225); // 224.7 → 225
  });

  it('refuses the goods of a line whose money a return without itemization already gave back, but not a line rounding emptied', () => {
    // 2 of 3 back by itemized returns took all 1 kopeck (rounding): the last one still goes back, for nothing.
    expect(returnAmount({ quantity: 3000, amount: 1, returnedQuantity: 2000, returnedAmount: 1 }, 1000)).toBe(0);
    // The money went back without itemization: the goods cannot bring it back a second time.
    expect(returnAmount({ quantity: 3000, amount: 867, returnedQuantity: 0, returnedAmount: 867, returnedUnitemized: 867 }, 1000)).toEqual({
      problem: 'деньги за неё уже выданы возвратом без детализации',
    });
    expect(returnAmount({ quantity: 3000, amount: 867, returnedQuantity: 0, returnedAmount: 500, returnedUnitemized: 500 }, 3000)).toBe(367);
  });
});

describe('refunds to the original payment forms', () => {
  const form = fc.constantFrom<PaymentForm>('cash', 'card', 'gift', 'oplati', 'noncash', 'advance');
  const payments = fc.array(fc.record({ form, amount: fc.integer({ min: 1, max: 1_000_000 }) }), { minLength: 1, maxLength: 6 });

  it('split a refund exactly, each form within what it can still give back', () => {
    fc.assert(
      fc.property(payments, fc.integer({ min: 1, max: 10_000_000 }), (paid, ask) => {
        const left = refundableByForm(paid, 0, []);
        const total = left.reduce((s, f) => s + f.amount, 0);
        const r = allocateRefund(ask, left);
        if (ask > total) {
          expect(r).toHaveProperty('problem');
          return;
        }
        expect(Array.isArray(r)).toBe(true);
        const parts = r as { form: PaymentForm; amount: number }[];
        expect(parts.reduce((s, p) => s + p.amount, 0)).toBe(ask);
        for (const p of parts) {
          expect(p.amount).toBeGreaterThan(0);
          expect(p.amount).toBeLessThanOrEqual(left.find((f) => f.form === p.form)!.amount);
        }
      }),
    );
  });

  it('repeated refunds never give back more than was paid, per form and in all', () => {
    fc.assert(
      fc.property(payments, fc.array(fc.integer({ min: 1, max: 500_000 }), { maxLength: 10 }), (paid, asks) => {
        const refunded: { form: PaymentForm; amount: number }[] = [];
        for (const ask of asks) {
          const r = allocateRefund(ask, refundableByForm(paid, 0, refunded));
          if (Array.isArray(r)) refunded.push(...r);
        }
        const paidBy = (f: PaymentForm) => paid.filter((p) => p.form === f).reduce((s, p) => s + p.amount, 0);
        const backBy = (f: PaymentForm) => refunded.filter((p) => p.form === f).reduce((s, p) => s + p.amount, 0);
        for (const f of new Set(paid.map((p) => p.form))) expect(backBy(f)).toBeLessThanOrEqual(paidBy(f));
      }),
    );
  });

  it('takes the change out of cash: a 20.00 note for 11.33 can give back only 11.33 in cash', () => {
    expect(refundableByForm([{ form: 'cash', amount: 2000 }], 867, [])).toEqual([{ form: 'cash', amount: 1133 }]);
    expect(
      allocateRefund(1000, [
        { form: 'card', amount: 500 },
        { form: 'cash', amount: 1500 },
      ]),
    ).toEqual([
      { form: 'card', amount: 250 },
      { form: 'cash', amount: 750 },
    ]);
  });
});
