/** The Cyrillic tables and what a receipt's text becomes before it reaches the printer. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PRINTER_PRESETS, type PrinterProfileId, type PrinterSettings } from '../../preload/contract/index.js';
import { byteOf, decodeByte, encode, printable, type Codepage } from '../../main/devices/printer/codepage.js';
import { decodeEscPos } from '../../main/devices/printer/emulator/decoder.js';
import { receiptBytes } from '../../main/devices/printer/escpos.js';
import { jobOptions } from '../../main/devices/printer/printer.js';
import { codeTableNumber } from '../../main/devices/printer/profiles.js';

const PRINTER_SETTINGS: PrinterSettings = {
  connection: { kind: 'emulator' },
  profile: 'epson',
  codepage: 'cp866',
  codeTable: null,
  paper: 80,
  columns: 42,
  cut: 'full',
  qrModuleSize: 6,
  autoPrint: true,
  drawer: { onCash: true, pin: 2, pulseMs: 50, cashierMayOpen: false },
  template: { header: [], footer: [], logo: null },
};

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

describe('ESC t number of every printer preset (HARDWARE.md)', () => {
  // HARDWARE.md: CP866 is 17 on Epson, XPrinter, Bixolon, Posiflex and clones, 7 on Rongta and
  // Citizen; WPC1251 is 46 on Epson, 23 on XPrinter/clones, 28 on Bixolon/Posiflex, 6 on Rongta.
  // Citizen's WPC1251 number is not given there: the admin must type it (null = custom).
  const TABLE: readonly [PrinterProfileId, number | null, number | null][] = [
    ['epson', 17, 46],
    ['xprinter', 17, 23],
    ['bixolon', 17, 28],
    ['posiflex', 17, 28],
    ['rongta', 7, 6],
    ['citizen', 7, null],
    ['custom', null, null],
  ];

  it('covers every preset the settings offer', () => {
    expect(TABLE.map(([id]) => id).sort()).toEqual(Object.keys(PRINTER_PRESETS).sort());
  });

  it.each(TABLE)('%s: CP866 = %s, WPC1251 = %s, and the job sends exactly that after every ESC @', async (id, cp866, wpc1251) => {
    expect(codeTableNumber(id, 'cp866', null)).toBe(cp866);
    expect(codeTableNumber(id, 'wpc1251', null)).toBe(wpc1251);
    for (const [codepage, n] of [
      ['cp866', cp866],
      ['wpc1251', wpc1251],
    ] as const) {
      const settings = { ...PRINTER_SETTINGS, profile: id, codepage, codeTable: n === null ? 59 : null };
      const bytes = await receiptBytes([{ kind: 'text', text: 'Ёжик й', style: 'normal' }], jobOptions(settings));
      const sent = n ?? 59; // no preset number: the custom one
      const tables: number[] = [];
      for (let i = bytes.indexOf(Buffer.from([0x1b, 0x74])); i >= 0; i = bytes.indexOf(Buffer.from([0x1b, 0x74]), i + 1)) tables.push(bytes[i + 2]!);
      expect(tables, `${id} ${codepage}`).toEqual([sent, sent]); // after the init and after the cut
      const decoded = decodeEscPos(bytes, { profile: id, paper: 80, ...(n === null ? { custom: { codepage, number: 59 } } : {}) });
      expect(decoded.text[0]).toBe('Ёжик й');
    }
  });

  it('refuses to build a job when neither the preset nor the admin gives a number', () => {
    expect(() => jobOptions({ ...PRINTER_SETTINGS, profile: 'citizen', codepage: 'wpc1251', codeTable: null })).toThrow(/ESC t/);
  });
});
