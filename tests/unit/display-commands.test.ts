/**
 * Customer pole display (HARDWARE.md): CD5220 `1B 40`, `0C`, `1B 51 41 text 0D`, `1B 51 42 text 0D`;
 * Epson `0C`, `1F 24 x y`. Cyrillic in CP866 (А=80, а=A0, р=E0, Ё=F0, ё=F1, Ў=F6, ў=F7) or
 * Windows-1251 (А=C0, я=FF, Ё=A8, ё=B8, Ў=A1, ў=A2, І=B2, і=B3), from the code page tables.
 */
import { describe, expect, it } from 'vitest';
import { initBytes, linesBytes, parseHexBytes, type DisplayFormat } from '../../main/devices/display/commands.js';
import { encodeText } from '../../main/devices/display/encoding.js';
import { leftRight, poleText } from '../../main/devices/display/layout.js';
import { hexOf } from '../fixtures/serial/dialog.js';

const SPACES = (n: number) => Array(n).fill('20').join(' ');

describe('display text encoding', () => {
  it('puts Russian letters where CP866 and Windows-1251 have them', () => {
    expect(hexOf(encodeText('Привет', 'cp866'))).toBe('8F E0 A8 A2 A5 E2');
    expect(hexOf(encodeText('Привет', 'win1251'))).toBe('CF F0 E8 E2 E5 F2');
    expect(hexOf(encodeText('АЯая', 'cp866'))).toBe('80 9F A0 EF');
    expect(hexOf(encodeText('АЯая', 'win1251'))).toBe('C0 DF E0 FF');
  });

  it('has the Belarusian letters: Ё ё Ў ў in both, І і as Latin look-alikes in CP866', () => {
    expect(hexOf(encodeText('ЁёЎўІі', 'cp866'))).toBe('F0 F1 F6 F7 49 69');
    expect(hexOf(encodeText('ЁёЎўІі', 'win1251'))).toBe('A8 B8 A1 A2 B2 B3');
  });

  it('turns typographic marks into ASCII and the unknown into ?', () => {
    expect(
      encodeText('«Хлеб» — 1…', 'cp866')
        .toString('latin1')
        .replace(/[\x80-\xff]/g, '#'),
    ).toBe('"####" - 1...');
    expect(encodeText('€', 'win1251').toString('latin1')).toBe('?');
  });
});

describe('pole display commands', () => {
  const cd: DisplayFormat = { commandSet: 'cd5220', encoding: 'cp866', columns: 20, codeTable: parseHexBytes('1B 74 11') };
  const epson: DisplayFormat = { ...cd, commandSet: 'epson', codeTable: new Uint8Array(0) };

  it('initialises: CD5220 init, code table, clear; Epson init, overwrite mode, clear', () => {
    expect(hexOf(initBytes(cd))).toBe('1B 40 1B 74 11 0C');
    expect(hexOf(initBytes(epson))).toBe('1B 40 1F 01 0C');
  });

  it('writes the CD5220 upper and lower lines, each padded to 20 columns', () => {
    // ИТОГО in CP866: И=88 Т=92 О=8E Г=83 О=8E
    expect(hexOf(linesBytes('ИТОГО', '12.34', cd))).toBe(`1B 51 41 88 92 8E 83 8E ${SPACES(15)} 0D 1B 51 42 31 32 2E 33 34 ${SPACES(15)} 0D`);
  });

  it('writes the Epson lines at 1F 24 x y, cut to the width', () => {
    const narrow = { ...epson, columns: 4 };
    expect(hexOf(linesBytes('ABCDEF', 'x', narrow))).toBe('1F 24 01 01 41 42 43 44 1F 24 01 02 78 20 20 20');
  });

  it('reads code-table bytes from hex text and refuses anything else', () => {
    expect(hexOf(parseHexBytes('0x1B,74 11'))).toBe('1B 74 11');
    expect(parseHexBytes('')).toHaveLength(0);
    expect(() => parseHexBytes('1B 7')).toThrow(/байт/i);
  });
});

describe('what the customer sees', () => {
  it('shows the last line with its amount and the total', () => {
    const t = poleText(
      {
        lines: [
          { name: 'Хлеб', amount: 150 },
          { name: 'Молоко 3,2% 1л', amount: 289 },
        ],
        total: 1523,
        change: null,
      },
      20,
    );
    expect(t).toEqual({ upper: 'Молоко 3,2% 1л  2.89', lower: 'ИТОГО          15.23' });
  });

  it('cuts a long name so the amount stays flush right', () => {
    const s = leftRight('Сыр «Российский» весовой', '12.50', 20);
    expect(s).toHaveLength(20);
    expect(s.endsWith(' 12.50')).toBe(true);
  });

  it('greets between customers and shows the change after payment', () => {
    expect(poleText({ lines: [], total: 0, change: null }, 20).upper).toMatch(/Добро пожаловать/);
    expect(poleText({ lines: [], total: 1523, change: 477 }, 20)).toEqual({ upper: 'ИТОГО          15.23', lower: 'СДАЧА           4.77' });
  });
});

describe('a name with characters the display table lacks', () => {
  const name = '«Алёнка»… — конфеты';
  const amount = 1250;
  const cd = (encoding: 'cp866' | 'win1251'): DisplayFormat => ({ commandSet: 'cd5220', encoding, columns: 20, codeTable: new Uint8Array(0) });

  it.each(['cp866', 'win1251'] as const)('keeps the whole amount flush right on the glass in %s', (encoding) => {
    const t = poleText({ lines: [{ name, amount }], total: amount, change: null }, 20, encoding);
    const upper = linesBytes(t.upper, t.lower, cd(encoding)).subarray(3, 23); // after 1B 51 41
    expect(upper).toHaveLength(20);
    // The last six bytes are " 12.50": the amount is never cut, whatever « — … became.
    expect(upper.subarray(14).toString('latin1')).toBe(' 12.50');
    // « » — are one cell each as " and -, … is three dots; the name is cut before the amount.
    expect(t.upper).toBe('"Алёнка"... -  12.50');
    expect(hexOf(upper.subarray(0, 8))).toBe(encoding === 'cp866' ? '22 80 AB F1 AD AA A0 22' : '22 C0 EB B8 ED EA E0 22');
  });

  it('counts an ellipsis as the three cells it takes', () => {
    expect(poleText({ lines: [{ name: 'Чай…', amount: 99 }], total: 99, change: null }, 20).upper).toBe('Чай...          0.99');
    expect(poleText({ lines: [{ name: 'Соль — 1 кг', amount: 99 }], total: 99, change: null }, 20).upper).toBe('Соль - 1 кг     0.99');
  });

  it('sends one byte per character it laid out', () => {
    const text = poleText({ lines: [{ name: 'Сок «Сочны» 3₽…', amount: 215 }], total: 215, change: null }, 20, 'cp866').upper;
    expect(encodeText(text, 'cp866')).toHaveLength([...text].length);
    expect(text).toBe('Сок "Сочны" 3р. 2.15');
  });
});
