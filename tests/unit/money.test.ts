/** Money on the till: integer kopecks, thousandths of a kilo, rounding half away from zero. */
import { describe, expect, it } from 'vitest';
import { formatMoney, formatPercent, formatQuantity, formatVatRate, parsePercent, parsePercentValue, parseQuantity, percentText } from '../../common/money.js';
import { divRound, lineAmount, vatOf } from '../../main/domain/money.js';
import { seededRandom } from '../fixtures/seeded-random.js';

describe('divRound', () => {
  it('rounds exact halves away from zero, both ways', () => {
    expect(divRound(5, 10)).toBe(1);
    expect(divRound(15, 10)).toBe(2);
    expect(divRound(25, 10)).toBe(3); // not banker's rounding: 2.5 → 3, not 2
    expect(divRound(-5, 10)).toBe(-1);
    expect(divRound(-15, 10)).toBe(-2);
    expect(divRound(-25, 10)).toBe(-3);
    expect(divRound(7, 2)).toBe(4);
    expect(divRound(-7, 2)).toBe(-4);
  });

  it('rounds below a half toward zero and above a half away from it', () => {
    expect(divRound(14, 10)).toBe(1);
    expect(divRound(16, 10)).toBe(2);
    expect(divRound(-14, 10)).toBe(-1);
    expect(divRound(-16, 10)).toBe(-2);
    expect(divRound(499, 1000)).toBe(0);
    expect(divRound(500, 1000)).toBe(1);
  });

  it('gives a plain zero, never -0, for a small negative amount', () => {
    // -0 prints as "0.00" but is not Object.is-equal to 0: it would leak into totals and comparisons.
    expect(divRound(-4, 10)).toBe(0);
    expect(divRound(0, 7)).toBe(0);
  });

  it('divides exactly when there is no remainder', () => {
    expect(divRound(1_200_000, 1000)).toBe(1200);
    expect(divRound(-1_200_000, 1000)).toBe(-1200);
  });

  it('refuses a zero or negative divisor, fractions and unsafe integers', () => {
    expect(() => divRound(1, 0)).toThrow(RangeError);
    expect(() => divRound(1, -10)).toThrow(RangeError);
    expect(() => divRound(1.5, 10)).toThrow(RangeError);
    expect(() => divRound(10, 2.5)).toThrow(RangeError);
    expect(() => divRound(Number.MAX_SAFE_INTEGER + 1, 10)).toThrow(RangeError);
    expect(() => divRound(Number.NaN, 10)).toThrow(RangeError);
  });

  it('agrees with exact BigInt arithmetic on random amounts (seeded loop)', () => {
    const random = seededRandom(1);
    for (let n = 0; n < 2000; n++) {
      const num = n % 2 === 0 ? random.int(-3000, 3000) : random.int(-1_000_000_000, 1_000_000_000) * random.pick([1, 1000, 1_000_000]);
      const den = random.pick([2, 10, 1000, 11_000, 12_000, 12_500, random.int(1, 99_999)]);
      const q = BigInt(num) / BigInt(den); // truncates toward zero
      const r = BigInt(num) % BigInt(den);
      const abs2r = (r < 0n ? -r : r) * 2n;
      const expected = abs2r >= BigInt(den) ? q + (num < 0 ? -1n : 1n) : q;
      expect(divRound(num, den), `${num} / ${den}`).toBe(Number(expected));
    }
  });
});

describe('lineAmount', () => {
  it('rounds a line of 1.235 kg at 2.99 to the kopeck: 3.69', () => {
    // 299 × 1235 / 1000 = 369.265 kopecks
    expect(lineAmount(299, 1235)).toBe(369);
  });

  it('rounds half a kilo at 2.99 up from 149.5 to 1.50, half away from zero', () => {
    expect(lineAmount(299, 500)).toBe(150);
  });

  it('rounds 1.235 kg of bananas at 4.49 up from 554.515 to 5.55', () => {
    expect(lineAmount(449, 1235)).toBe(555);
  });

  it('charges three pieces at exactly three times the price', () => {
    expect(lineAmount(289, 3000)).toBe(867);
  });

  it('charges 1 gram of a 0.01 BYN/kg good nothing, and rounds a negative (return) line away from zero', () => {
    expect(lineAmount(1, 1)).toBe(0);
    expect(lineAmount(-299, 500)).toBe(-150);
  });
});

describe('vatOf', () => {
  it('takes 2.00 of VAT out of 12.00 at 20 %', () => {
    expect(vatOf(1200, 2000)).toBe(200);
  });

  it('takes 1.00 of VAT out of 11.00 at 10 %', () => {
    expect(vatOf(1100, 1000)).toBe(100);
  });

  it('takes 2.50 of VAT out of 12.50 at 25 %', () => {
    expect(vatOf(1250, 2500)).toBe(250);
  });

  it('takes no VAT at 0 % and none «без НДС»', () => {
    expect(vatOf(1234, 0)).toBe(0);
    expect(vatOf(1234, null)).toBe(0);
  });

  it('rounds VAT to the kopeck half away from zero: 0.03 at 20 % holds 0.005 → 0.01', () => {
    expect(vatOf(3, 2000)).toBe(1); // 3 / 6 = 0.5
    expect(vatOf(2, 2000)).toBe(0); // 0.333…
    expect(vatOf(100, 2000)).toBe(17); // 16.67
    expect(vatOf(578, 1000)).toBe(53); // 52.545…
    expect(vatOf(-3, 2000)).toBe(-1);
  });

  it('never takes more VAT than the rate allows (seeded loop)', () => {
    const random = seededRandom(2);
    for (let n = 0; n < 1000; n++) {
      const amount = random.int(0, 10_000_000);
      const rate = random.pick([1000, 2000, 2500]);
      const vat = vatOf(amount, rate);
      // vat is the kopeck nearest to amount × r / (100 + r)
      expect(Math.abs(vat * (10_000 + rate) - amount * rate), `${amount} at ${rate}`).toBeLessThanOrEqual((10_000 + rate) / 2);
    }
  });
});

describe('formatMoney', () => {
  it('prints kopecks as rubles with two decimals', () => {
    expect(formatMoney(12345)).toBe('123.45');
    expect(formatMoney(289)).toBe('2.89');
    expect(formatMoney(100)).toBe('1.00');
    expect(formatMoney(5)).toBe('0.05');
    expect(formatMoney(0)).toBe('0.00');
  });

  it('puts the minus in front of a negative amount, also under one ruble', () => {
    expect(formatMoney(-5)).toBe('-0.05');
    expect(formatMoney(-12345)).toBe('-123.45');
  });
});

describe('parseQuantity', () => {
  it('reads a typed quantity in thousandths, zero included (an inventory count)', () => {
    expect(['12', '1,25', '0.5', '3.', ' 7 ', '0'].map(parseQuantity)).toEqual([12_000, 1_250, 500, 3_000, 7_000, 0]);
    expect(parseQuantity('123456789,999')).toBe(123_456_789_999);
  });

  it('refuses what is not a quantity of at most three decimals and nine whole digits', () => {
    for (const text of ['', '-1', '1.2345', '1234567890', '1 000', '1e3', ',5', 'x']) expect(parseQuantity(text)).toBeNull();
  });
});

describe('formatQuantity', () => {
  it('prints whole pieces without decimals', () => {
    expect(formatQuantity(1000)).toBe('1');
    expect(formatQuantity(12_000)).toBe('12');
  });

  it('prints a weight with up to three decimals, no trailing zeros', () => {
    expect(formatQuantity(1234)).toBe('1.234');
    expect(formatQuantity(500)).toBe('0.5');
    expect(formatQuantity(1050)).toBe('1.05');
    expect(formatQuantity(5)).toBe('0.005');
  });

  it('prints a quantity below zero (a stock balance) with one minus in front, thousandths and all', () => {
    expect(formatQuantity(-1000)).toBe('-1');
    expect(formatQuantity(-3_000_000)).toBe('-3000');
    expect(formatQuantity(-500)).toBe('-0.5');
    expect(formatQuantity(-1)).toBe('-0.001');
    expect(formatQuantity(-5)).toBe('-0.005');
    expect(formatQuantity(-1050)).toBe('-1.05');
    expect(formatQuantity(-1234)).toBe('-1.234');
    expect(formatQuantity(-12_345_678)).toBe('-12345.678');
    expect(formatQuantity(0)).toBe('0');
    expect(formatQuantity(-0)).toBe('0');
  });

  it('reads back as the same thousandths, on both sides of zero', () => {
    for (let milli = -100_000; milli <= 100_000; milli += 7) {
      const text = formatQuantity(milli);
      expect(text, String(milli)).toMatch(/^-?\d+(\.\d{1,3})?$/);
      const [whole, frac = ''] = text.replace('-', '').split('.');
      const back = Number(whole) * 1000 + Number(frac.padEnd(3, '0'));
      expect(text.startsWith('-') ? -back : back).toBe(milli);
    }
  });
});

describe('formatVatRate', () => {
  it('names the rate as the check prints it', () => {
    expect(formatVatRate(2000)).toBe('НДС 20%');
    expect(formatVatRate(1000)).toBe('НДС 10%');
    expect(formatVatRate(2500)).toBe('НДС 25%');
    expect(formatVatRate(0)).toBe('НДС 0%');
    expect(formatVatRate(null)).toBe('Без НДС');
  });
});

describe('percents', () => {
  it('are written with a point, without trailing zeros, as every screen and the journal show them', () => {
    expect(formatPercent(1250)).toBe('12.5');
    expect(formatPercent(1205)).toBe('12.05');
    expect(formatPercent(500)).toBe('5');
    expect(formatPercent(0)).toBe('0');
    expect(percentText(1250)).toBe('12.5 %');
  });

  it('are read with a point or a comma; a discount takes 0 < p ≤ 100, a setting 0 too (the schema says the range)', () => {
    expect(parsePercent('12,5')).toBe(1250);
    expect(parsePercent('12.50')).toBe(1250);
    expect(parsePercent('100')).toBe(10_000);
    expect(parsePercent('0')).toBeNull();
    expect(parsePercent('100.01')).toBeNull();
    expect(parsePercentValue('0')).toBe(0);
    expect(parsePercentValue(' 7,25 ')).toBe(725);
    expect(parsePercentValue('250')).toBe(25_000);
    for (const bad of ['', '-5', '1,234', '1000', 'пять', '5 %']) expect(parsePercentValue(bad)).toBeNull();
  });

  it('round-trip: what the settings form shows reads back as the same value', () => {
    for (const h of [0, 5, 50, 99, 100, 1250, 1205, 9999, 10_000]) expect(parsePercentValue(formatPercent(h))).toBe(h);
  });
});
