/** The Cyrillic tables and what a receipt's text becomes before it reaches the printer. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byteOf, decodeByte, encode, printable, type Codepage } from '../../main/devices/printer/codepage.js';

const UPPER = Array.from({ length: 128 }, (_, i) => 0x80 + i);

describe('the code tables', () => {
  it.each([
    ['cp866', 'ibm866'],
    ['wpc1251', 'windows-1251'],
  ] as const)('%s decodes the upper half as the WHATWG %s decoder does', (cp, label) => {
    const reference = [...new TextDecoder(label).decode(Uint8Array.from(UPPER))];
    const ours = UPPER.map((b) => decodeByte(b, cp));
    // 0x98 is unassigned in Windows-1251 (WHATWG passes it through as U+0098): we never print it.
    expect(ours.map((c, i) => (c === '\uFFFD' ? reference[i] : c))).toEqual(reference);
    for (const b of UPPER) if (ours[b - 0x80] !== '\uFFFD') expect(byteOf(ours[b - 0x80]!, cp)).toBe(b);
  });

  it('puts й and ё where CP866 and WPC1251 have them', () => {
    expect([...encode('йЙёЁ', 'cp866')]).toEqual([0xa9, 0x89, 0xf1, 0xf0]);
    expect([...encode('йЙёЁ', 'wpc1251')]).toEqual([0xe9, 0xc9, 0xb8, 0xa8]);
  });
});

describe('printable text', () => {
  it('maps what CP866 lacks to look-alikes: « » — … ₽ і', () => {
    expect(printable('Конфеты «Алёнка» — 3₽…', 'cp866')).toBe('Конфеты "Алёнка" - 3руб....');
    expect(printable('Нарочанскі Ўў', 'cp866')).toBe('Нарочанскi Ўў');
  });

  it('keeps what WPC1251 has (« » — … і) and still maps ₽', () => {
    expect(printable('Конфеты «Алёнка» — 3₽…', 'wpc1251')).toBe('Конфеты «Алёнка» — 3руб.…');
    expect(printable('Нарочанскі', 'wpc1251')).toBe('Нарочанскі');
  });

  it('never lets a control character through (an item name could carry ESC/POS commands)', () => {
    expect(printable('Товар\x1b@\x1dV\x00\x10\x04\x01\nконец\t!', 'cp866')).toBe('Товар @ V     конец !');
  });

  it('strips accents it cannot print and marks the rest with ?', () => {
    expect(printable('Crème brûlée 中', 'cp866')).toBe('Creme brulee ?');
  });

  it.each(['cp866', 'wpc1251'] as const)('gives text that %s can always encode, whatever goes in', (cp: Codepage) => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => {
        const out = printable(text, cp);
        expect(() => encode(out, cp)).not.toThrow();
        expect(encode(out, cp).every((b) => b >= 0x20 && b !== 0x7f)).toBe(true);
      }),
    );
  });
});
