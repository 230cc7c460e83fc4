/**
 * What the sale screen gets from a scanner: Russian layout mapped back, GS1 DataMatrix marking
 * codes, weight labels per the template of the settings, EAN-13 / EAN-8 / UPC-A check digits.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WeightBarcodeTemplate } from '../../preload/contract/index.js';
import { ean13CheckDigit } from '../../common/barcode.js';
import { latinToRuLayout, ruLayoutToLatin } from '../../common/keyboard-layout.js';
import { barcodesOfGtin, GS, parseMarkCode } from '../../common/marking.js';
import { classifyScan } from '../../main/domain/scan.js';
import { parseWeightLabel } from '../../main/domain/weight-label.js';

const DEFAULT: WeightBarcodeTemplate = { prefixes: ['20', '21', '22', '23', '24', '25', '26', '27', '28', '29'], itemDigits: 5, valueDigits: 5, value: 'weight' };
const withCheck = (first12: string) => first12 + String(ean13CheckDigit(first12));

describe('the Russian keyboard layout', () => {
  it('maps the keys of a Latin code typed in the Russian layout back to Latin', () => {
    expect(ruLayoutToLatin('ЙЦУ-123')).toBe('QWE-123');
    expect(ruLayoutToLatin('ъв2010481')).toBe(']d2010481');
    expect(ruLayoutToLatin('ФИС.')).toBe('ABC/');
  });

  it('leaves a code without Cyrillic alone (its . and , are Latin)', () => {
    expect(ruLayoutToLatin('4810268001055')).toBe('4810268001055');
    expect(ruLayoutToLatin('AB.12,3')).toBe('AB.12,3');
  });

  it('gives back any Latin code with a letter in it, typed in the Russian layout', () => {
    const key = fc.constantFrom(...'qwertyuiopasdfghjklzxcvbnmQWERTYUIOPASDFGHJKLZXCVBNM0123456789-'.split(''));
    fc.assert(
      fc.property(
        fc
          .array(key, { minLength: 1, maxLength: 40 })
          .map((a) => a.join(''))
          .filter((s) => /[a-z]/i.test(s)),
        (code) => {
          expect(ruLayoutToLatin(latinToRuLayout(code))).toBe(code);
        },
      ),
    );
  });
});

describe('marking codes (GS1 DataMatrix)', () => {
  const gtin = '04810203007012';
  const code = `01${gtin}21Ab3.xYz${GS}91EE10${GS}92c2VjcmV0`;

  it('reads the GTIN and the serial with or without ]d2, with GS separators', () => {
    for (const read of [code, `]d2${code}`, `${GS}${code}`]) {
      const mark = parseMarkCode(read);
      expect(mark, read).toMatchObject({ gtin, serial: 'Ab3.xYz', key: `${gtin}Ab3.xYz`, code });
    }
  });

  it('tells a marking code from a retail barcode, and finds the EAN-13 of its GTIN', () => {
    expect(classifyScan(`]d2${code}`, DEFAULT)).toMatchObject({ kind: 'mark', mark: { gtin } });
    expect(classifyScan('4810268001055', DEFAULT)).toEqual({ kind: 'barcode', code: '4810268001055' });
    expect(barcodesOfGtin(gtin)).toContain('4810203007012');
    expect(parseMarkCode('0104810203007012')).toBeNull(); // no serial
    expect(classifyScan(']d2garbage', DEFAULT)).toMatchObject({ kind: 'refused' });
  });

  it('recognises a DataMatrix typed through the Russian layout', () => {
    const typed = latinToRuLayout(`]d2${code.replaceAll(GS, '')}`);
    expect(classifyScan(typed, DEFAULT)).toMatchObject({ kind: 'mark', mark: { gtin } });
  });

  it('gives any GTIN + serial back as the identity of the item', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{14}$/),
        fc.stringMatching(/^[!-~]{1,20}$/).filter((s) => !s.includes(GS)),
        (g, serial) => {
          const mark = parseMarkCode(`]d201${g}21${serial}${GS}93abcd`);
          expect(mark).toMatchObject({ gtin: g, serial, key: `${g}${serial}` });
        },
      ),
    );
  });
});

describe('weight labels', () => {
  it('reads PP CCCCC WWWWW K: item code 04011, 1.235 kg', () => {
    const label = withCheck('220401101235');
    expect(parseWeightLabel(label, DEFAULT)).toEqual({ value: 'weight', itemCode: '04011', grams: 1235 });
    expect(classifyScan(label, DEFAULT)).toMatchObject({ kind: 'weight', label: { grams: 1235 } });
  });

  it('follows the template: other prefixes, field widths, and the amount instead of the weight', () => {
    const t: WeightBarcodeTemplate = { prefixes: ['27'], itemDigits: 6, valueDigits: 4, value: 'price' };
    expect(parseWeightLabel(withCheck('270040110555'), t)).toEqual({ value: 'price', itemCode: '004011', amount: 555 });
    expect(parseWeightLabel(withCheck('220401101235'), t)).toBeNull(); // prefix 22 is not a weight label here
  });

  it('refuses a label with a wrong check digit or a zero weight, and is not fooled by an ordinary EAN', () => {
    expect(parseWeightLabel('2204011012350', DEFAULT)).toEqual(expect.objectContaining({ problem: expect.stringMatching(/контрольная/) }));
    expect(parseWeightLabel(withCheck('220401100000'), DEFAULT)).toEqual({ problem: 'На весовой этикетке нулевой вес' });
    expect(parseWeightLabel('4810268001055', DEFAULT)).toBeNull();
  });

  it('gives back the code and weight it was printed with, for every template', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 20, max: 29 }),
        fc.integer({ min: 3, max: 7 }),
        fc.integer({ min: 0, max: 9_999_999 }),
        fc.integer({ min: 1, max: 9_999_999 }),
        (prefix, itemDigits, item, weight) => {
          const valueDigits = 10 - itemDigits;
          const code = String(item % 10 ** itemDigits).padStart(itemDigits, '0');
          const w = 1 + (weight % (10 ** valueDigits - 1));
          const label = withCheck(`${prefix}${code}${String(w).padStart(valueDigits, '0')}`);
          const t: WeightBarcodeTemplate = { prefixes: [String(prefix)], itemDigits, valueDigits, value: 'weight' };
          expect(parseWeightLabel(label, t)).toEqual({ value: 'weight', itemCode: code, grams: w });
        },
      ),
    );
  });
});

describe('retail barcodes', () => {
  it('checks EAN-13, EAN-8 and UPC-A check digits and refuses a misread with a clear message', () => {
    expect(classifyScan('4810268001055', DEFAULT)).toMatchObject({ kind: 'barcode' });
    expect(classifyScan('4810268001056', DEFAULT)).toEqual({ kind: 'refused', problem: 'Штрихкод 4810268001056 считан с ошибкой (неверная контрольная цифра)' });
    expect(classifyScan('96385074', DEFAULT)).toMatchObject({ kind: 'barcode' }); // EAN-8
    expect(classifyScan('96385075', DEFAULT)).toMatchObject({ kind: 'refused' });
    expect(classifyScan('036000291452', DEFAULT)).toMatchObject({ kind: 'barcode' }); // UPC-A
    expect(classifyScan('036000291453', DEFAULT)).toMatchObject({ kind: 'refused' });
    expect(classifyScan('4810268001055\r\n', DEFAULT)).toMatchObject({ kind: 'barcode', code: '4810268001055' }); // Enter suffix
    expect(classifyScan('hello', DEFAULT)).toMatchObject({ kind: 'refused' });
  });

  it('refuses every EAN-13 whose last digit is not its check digit', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[3-9]\d{11}$/), fc.integer({ min: 1, max: 9 }), (first12, shift) => {
        const good = withCheck(first12);
        const bad = first12 + String((Number(good[12]) + shift) % 10);
        expect(classifyScan(good, DEFAULT).kind).toBe('barcode');
        expect(classifyScan(bad, DEFAULT).kind).toBe('refused');
      }),
    );
  });
});
