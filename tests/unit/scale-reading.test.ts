/** Decimal weights from ASCII scales into whole grams, with no floating point. */
import { describe, expect, it } from 'vitest';
import { decimalToGrams, fromWeight } from '../../main/devices/scale/reading.js';

describe('decimalToGrams', () => {
  it.each([
    ['  1.234', 'kg', 1234],
    ['0013.5', 'kg', 13500],
    ['1,5', 'kg', 1500],
    ['+ 0.005', 'kg', 5],
    ['-  0.150', 'kg', -150],
    ['1.2345', 'kg', 1235], // half up at the fourth decimal
    ['1.2344', 'kg', 1234],
    ['0.000', 'kg', 0],
    ['-0.000', 'kg', 0],
    ['1234.5', 'g', 1235],
    ['250', 'g', 250],
    ['0.1', 'kg', 100], // 0.1 + 0.2 ≠ 0.3 in floats; here it is exact
  ] as const)('%j %s → %i g', (text, unit, grams) => {
    expect(decimalToGrams(text, unit)).toBe(grams);
    expect(Object.is(decimalToGrams(text, unit), -0)).toBe(false);
  });

  it.each(['', '  ', '-', '.', '1.2.3', '1a', '--1'])('refuses %j', (text) => {
    expect(decimalToGrams(text, 'kg')).toBeNull();
  });
});

describe('fromWeight', () => {
  it('takes only a stable, non-negative weight', () => {
    expect(fromWeight(10, true)).toEqual({ state: 'stable', grams: 10, stable: true });
    expect(fromWeight(10, false).stable).toBe(false);
    expect(fromWeight(-1, true)).toMatchObject({ state: 'negative', stable: false });
  });
});
