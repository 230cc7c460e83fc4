/**
 * Names of up to 128 characters (the item card's limit) print whole on 58 mm (32 columns) and
 * 80 mm (42 and 48 columns) paper, wrapped onto further lines; litres and metres print with their unit.
 */
import { describe, expect, it } from 'vitest';
import { renderReceipt } from '../../main/domain/receipt.js';
import { line, saleReceipt } from '../fixtures/receipts.js';

const NAME_128 = `Сок яблочный восстановленный осветлённый «Сады Придонья» для детского питания с 3 лет, пастеризованный, 0,2 л ${'Ж'.repeat(20)}`.slice(0, 128);

describe.each([32, 42, 48])('a 128-character name at %i columns', (width) => {
  it('wraps within the paper and loses no character', () => {
    expect(NAME_128).toHaveLength(128);
    const out = renderReceipt(saleReceipt({ lines: [line(NAME_128, 1000, 'шт', 199, 2000)] }), width);
    expect(out.filter((l) => l.length > width)).toEqual([]);
    expect(out.join('').replace(/\s+/g, '')).toContain(`1.${NAME_128.replace(/\s+/g, '')}`);
    const first = out.findIndex((l) => l.startsWith('1. Сок'));
    expect(out.slice(first, first + Math.ceil(128 / width) + 1).length).toBeGreaterThan(3);
  });

  it('prints a fractional quantity of litres with its unit', () => {
    const out = renderReceipt(saleReceipt({ lines: [{ ...line('Квас разливной', 1500, 'кг', 150, 2000), unit: 'л' }] }), width);
    expect(out.join('\n')).toMatch(/1\.5 л/);
  });
});
