/** The sale screen's reading of codes: the Russian layout undone, GS1 check digits, "3*1001". */
import { describe, expect, it } from 'vitest';
import { isValidGs1 } from '../../common/barcode.js';
import { toAscii } from '../../common/keyboard-layout.js';
import { asciiOfKey, parseEntry, parseQuantity, readScan, starPressed } from '../../renderer/app/codes.js';

describe('scanner codes on the sale screen', () => {
  it('maps a Russian-layout scan back to the Latin keys the scanner pressed', () => {
    expect(toAscii('ФИС123')).toBe('ABC123');
    expect(toAscii('йцу')).toBe('qwe');
    expect(asciiOfKey('ф', 'KeyA', false)).toBe('a');
    expect(asciiOfKey('Ф', 'KeyA', true)).toBe('A');
    expect(asciiOfKey('№', 'Digit3', true)).toBe('#');
    expect(asciiOfKey('.', 'Slash', false, true)).toBe('/');
    expect(asciiOfKey('.', 'Slash', false)).toBe('.');
    expect(asciiOfKey('T', 'KeyT', false, true)).toBe('T');
    expect(asciiOfKey(':', 'Semicolon', false, true)).toBe(':');
    expect(asciiOfKey('Ж', 'Semicolon', true, true)).toBe(':');
    expect(asciiOfKey('Enter', 'Enter', false)).toBeNull();
  });

  it('accepts EAN-13, EAN-8 and UPC-A only with their check digit', () => {
    expect(isValidGs1('4810268001055')).toBe(true);
    expect(isValidGs1('4810268001056')).toBe(false);
    expect(isValidGs1('96385074')).toBe(true);
    expect(isValidGs1('96385075')).toBe(false);
    expect(isValidGs1('036000291452')).toBe(true);
    expect(isValidGs1('036000291453')).toBe(false);
    expect(readScan('4819999999991')).toEqual({ kind: 'bad-check-digit', code: '4819999999991', expected: 0 });
    expect(readScan('4810268001055')).toEqual({ kind: 'barcode', code: '4810268001055' });
    expect(readScan(']d201048102680010552112345678901234\u001d93abcd').kind).toBe('marking');
  });

  it('reads "3*1001" as quantity and code, and refuses a quantity that is not a number', () => {
    expect(parseEntry('3*1001')).toEqual({ quantity: 3000, code: '1001' });
    expect(parseEntry('0,5*4011')).toEqual({ quantity: 500, code: '4011' });
    expect(parseEntry('1001')).toEqual({ quantity: null, code: '1001' });
    expect(parseEntry('x*1001')).toEqual({ error: 'quantity' });
    expect(parseQuantity('1.2345')).toBeNull();
    expect(parseQuantity('0')).toBeNull();
    // At most 999 999.999 of anything at the till.
    expect(parseQuantity('999999,999')).toBe(999_999_999);
    expect(parseQuantity('1000000')).toBeNull();
  });

  it('keeps a wrong quantity with its star, so "0*1013" is a quantity error and not code 01013', () => {
    expect(starPressed('3')).toEqual({ quantity: 3000 });
    for (const before of ['0', 'abc', '']) {
      const star = starPressed(before);
      expect(star).toEqual({ line: `${before}*` });
      if ('line' in star) expect(parseEntry(`${star.line}1013`)).toEqual({ error: 'quantity' });
    }
  });
});
