/**
 * Each node-thermal-printer 4.6.x trap of HARDWARE.md: first what the library does by itself
 * (so a library change is noticed), then that our receipts do not fall into it — read back by the
 * emulator, which behaves like the printer (ESC @ resets the table, Chinese clones start in GBK).
 * The last trap, "status is read only over TCP", is covered where the transports are:
 * tests/integration/printer-transports.test.ts reads DLE EOT answers over TCP, a USB printer
 * device and a serial port (and knows a Windows queue and a file cannot answer).
 */
import ntp from 'node-thermal-printer';
import { describe, expect, it } from 'vitest';
import { encode } from '../../main/devices/printer/codepage.js';
import { decodeEscPos } from '../../main/devices/printer/emulator/decoder.js';
import { EscPosJob, qrBytes, receiptBytes, type JobOptions } from '../../main/devices/printer/escpos.js';
import { receiptJob } from '../../main/devices/printer/receipt-job.js';
import { line, saleReceipt } from '../fixtures/receipts.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const h = (s: string) => s.replace(/\s+/g, '').toLowerCase();

function library(options: Record<string, unknown> = {}) {
  const p = new ntp.ThermalPrinter({
    type: 'epson' as never,
    interface: { execute: async () => '' } as never,
    characterSet: 'PC866_CYRILLIC2' as never,
    ...options,
  });
  p.setBuffer(Buffer.alloc(0));
  return p;
}

const EPSON: JobOptions = { codepage: 'cp866', codeTable: 17, columns: 42, cut: 'full', qrModuleSize: 6 };
const RONGTA: JobOptions = { ...EPSON, codeTable: 7 };

describe('trap: cut() ends with ESC @, which resets the code table', () => {
  it('is what node-thermal-printer 4.6.1 sends', () => {
    const p = library();
    p.cut();
    expect(hex(p.getBuffer())).toBe(h('1B 64 04 1B 64 04 1D 56 00 1B 40'));
  });

  it('is followed by Kanji off and our table, so Cyrillic after a cut prints', () => {
    const bytes = new EscPosJob(EPSON).init().line('Чек 1').cut().line('Чек 2 ё').cut().bytes();
    expect(hex(bytes)).toContain(h('1D 56 00 1B 40 1C 2E 1B 74 11') + hex(Buffer.from([0x97, 0xa5, 0xaa])));
    expect(decodeEscPos(bytes, { profile: 'epson', paper: 80 }).text).toEqual(['Чек 1', 'Чек 2 ё']);
  });

  it('would print the second receipt in CP437 without it (the emulator shows the garbage)', () => {
    const first = new EscPosJob(EPSON).init().line('Чек 1').cut().bytes();
    expect(hex(first.subarray(-5))).toBe(h('1C 2E 1B 74 11'));
    const withoutReselect = Buffer.concat([first.subarray(0, -5), encode('Чек 2', 'cp866'), Buffer.from([0x0a])]);
    expect(decodeEscPos(withoutReselect, { profile: 'epson', paper: 80 }).text).toEqual(['Чек 1', 'ùÑ¬ 2']);
  });
});

describe('trap: removeSpecialCharacters turns й→и and ё→е', () => {
  it('is what the library does with it on', () => {
    const p = library({ removeSpecialCharacters: true });
    p.println('йё');
    expect(hex(p.getBuffer())).toBe(h('A8 A5 0A')); // и е
  });

  it('is off: й and ё keep their own bytes in CP866 and in WPC1251', () => {
    expect(hex(new EscPosJob(EPSON).line('йё').bytes())).toBe(h('A9 F1 0A'));
    expect(hex(new EscPosJob({ ...EPSON, codepage: 'wpc1251', codeTable: 46 }).line('йё').bytes())).toBe(h('E9 B8 0A'));
  });
});

describe('trap: openCashDrawer() sends no pulse times', () => {
  it('is what the library sends: 1B 70 00 1B 70 01', () => {
    const p = library();
    p.openCashDrawer();
    expect(hex(p.getBuffer())).toBe(h('1B 70 00 1B 70 01'));
  });

  it('is replaced by a raw ESC p m t1 t2 with the pin and the times of the settings', () => {
    expect(hex(new EscPosJob(EPSON).pulse({ pin: 2, onMs: 50, offMs: 500 }).bytes())).toBe(h('1B 70 00 19 FA'));
    expect(hex(new EscPosJob(EPSON).pulse({ pin: 5, onMs: 100, offMs: 1000 }).bytes())).toBe(h('1B 70 01 32 FF'));
    const decoded = decodeEscPos(new EscPosJob(EPSON).init().pulse({ pin: 2, onMs: 50, offMs: 500 }).bytes(), { profile: 'epson', paper: 80 });
    expect(decoded.pulses).toEqual([{ pin: 2, onMs: 50, offMs: 500 }]);
  });
});

describe('trap: printQR counts characters, not bytes', () => {
  it('is what the library does: declares 1 data byte for "ё" and writes 2', () => {
    const p = library();
    p.printQR('ё');
    const b = p.getBuffer();
    const store = b.indexOf(Buffer.from([0x1d, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x50, 0x30]));
    expect(store).toBeGreaterThan(0); // pL = 4 = 1 + 3
    expect(hex(b.subarray(store + 8, store + 10))).toBe(h('D1 91')); // but 2 bytes follow
  });

  it('is replaced by our own QR bytes: pL + 256·pH = UTF-8 bytes + 3', () => {
    const q = qrBytes('ё', 6);
    expect(hex(q)).toBe(h('1D 28 6B 04 00 31 41 32 00  1D 28 6B 03 00 31 43 06  1D 28 6B 03 00 31 45 31  1D 28 6B 05 00 31 50 30 D1 91  1D 28 6B 03 00 31 51 30'));
    const long = 'https://sko.example.by/check?id=' + 'Ж'.repeat(200); // 432 bytes: pH is used
    const stored = qrBytes(long, 6).subarray(25);
    expect(stored[3]! + 256 * stored[4]!).toBe(Buffer.byteLength(long) + 3);
    const decoded = decodeEscPos(Buffer.concat([qrBytes(long, 6), qrBytes('ё', 3)]), { profile: 'epson', paper: 80 });
    expect(decoded.items.map((i) => (i.kind === 'qr' ? i.data.toString('utf8') : null))).toEqual([long, 'ё']);
    expect(decoded.unknown).toEqual([]);
  });
});

describe('trap: a character missing from the table makes the library send its own ESC t', () => {
  it('is what the library does with «: ESC t 0, the byte, then ESC t 17 back', () => {
    const p = library();
    p.println('«й');
    expect(hex(p.getBuffer())).toBe(h('1B 74 00 AE 1B 74 11 A9 0A'));
  });

  it('never happens in a receipt: « » — … ₽ print as look-alikes, the only ESC t is ours', async () => {
    const r = saleReceipt({ lines: [line('Конфеты «Алёнка» — 200 г… (3₽)', 1000, 'шт', 300, 2000)] });
    const bytes = await receiptJob(r, RONGTA);
    const tables = [];
    for (let i = bytes.indexOf(Buffer.from([0x1b, 0x74])); i >= 0; i = bytes.indexOf(Buffer.from([0x1b, 0x74]), i + 1)) tables.push(bytes[i + 2]);
    expect(tables).toEqual([7, 7]);
    const text = decodeEscPos(bytes, { profile: 'rongta', paper: 80 }).text;
    expect(text).toContain('1. Конфеты "Алёнка" - 200 г... (3руб.)');
    expect(text).toContain('          ООО "Учебный магазин"');
  });

  it('refuses a line the table cannot print instead of letting the library switch tables', () => {
    expect(() => new EscPosJob(EPSON).line('«')).toThrow(/not in cp866/);
  });

  it('drops the Epson ESC t the library sends from its constructor', () => {
    const bytes = new EscPosJob(RONGTA).init().line('Ж').bytes();
    expect(hex(bytes)).toBe(h('1B 40 1C 2E 1B 74 07 86 0A'));
  });
});

describe('Chinese clones start in double-byte (GBK) mode: FS . after every ESC @', () => {
  it('turns Kanji off, so an XPrinter prints Cyrillic', async () => {
    const bytes = await receiptBytes([{ kind: 'text', text: 'Привет', style: 'normal' }], EPSON);
    expect(decodeEscPos(bytes, { profile: 'xprinter', paper: 80 }).text).toEqual(['Привет']);
  });

  it('would print GBK garbage without it (what the emulator of a clone shows)', () => {
    const noKanjiOff = Buffer.from(h('1B 40 1B 74 11') + hex(Buffer.from([0x8f, 0xe0, 0xa8, 0xa2, 0xa5, 0xe2, 0x0a])), 'hex');
    expect(decodeEscPos(noKanjiOff, { profile: 'xprinter', paper: 80 }).text).toEqual(['\uFFFD\uFFFD\uFFFD']);
  });
});

describe('trap: getText() decodes CP866 as UTF-8', () => {
  it('garbles Cyrillic, so tests assert on bytes and on the emulator, never on getText()', () => {
    const p = library();
    p.println('Чек');
    expect(p.getText()).not.toContain('Чек');
    expect(hex(p.getBuffer())).toBe(h('97 A5 AA 0A'));
  });
});

describe('the line guard', () => {
  it('refuses a line wider than the paper (the printer would wrap it)', () => {
    expect(() => new EscPosJob({ ...EPSON, columns: 32 }).line('x'.repeat(33))).toThrow(/wider than 32/);
    expect(decodeEscPos(Buffer.from('x'.repeat(33) + '\n'), { profile: 'epson', paper: 58 }).text).toEqual(['x'.repeat(32), 'x']);
  });
});
