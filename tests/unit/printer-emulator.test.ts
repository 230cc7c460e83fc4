/** The emulator's ESC/POS decoder and its picture of the paper. */
import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { decodeEscPos } from '../../main/devices/printer/emulator/decoder.js';
import { paperPng } from '../../main/devices/printer/emulator/paper.js';
import { encodeQr } from '../../main/devices/printer/emulator/qr.js';
import { EscPosJob, qrBytes, receiptBytes } from '../../main/devices/printer/escpos.js';
import { receiptJob } from '../../main/devices/printer/receipt-job.js';
import { saleReceipt } from '../fixtures/receipts.js';

const EPSON = { codepage: 'cp866', codeTable: 17, columns: 42, cut: 'full', qrModuleSize: 6 } as const;

describe('decoding', () => {
  it('reads a table number as the vendor means it: 17 is CP866 on Epson, 7 on Rongta', () => {
    const job = (n: number) => Buffer.concat([new EscPosJob({ ...EPSON, codeTable: n }).init().line('Ёлка').bytes()]);
    expect(decodeEscPos(job(17), { profile: 'epson', paper: 80 }).text).toEqual(['Ёлка']);
    expect(decodeEscPos(job(7), { profile: 'rongta', paper: 80 }).text).toEqual(['Ёлка']);
    // The same bytes on the wrong printer: a table it does not know, nothing readable.
    expect(decodeEscPos(job(7), { profile: 'epson', paper: 80 }).text).toEqual(['????']);
    expect(decodeEscPos(job(17), { profile: 'rongta', paper: 80 }).text).toEqual(['????']);
  });

  it('reads a custom table number', () => {
    const bytes = new EscPosJob({ ...EPSON, codeTable: 59 }).init().line('Ёлка').bytes();
    expect(decodeEscPos(bytes, { profile: 'custom', paper: 80, custom: { codepage: 'cp866', number: 59 } }).text).toEqual(['Ёлка']);
  });

  it('keeps styles, feeds, cuts, pulses and QR codes in order, and every byte in an op', async () => {
    const bytes = await receiptJob(saleReceipt(), { ...EPSON, drawer: { pin: 2, onMs: 50, offMs: 500 } });
    const d = decodeEscPos(bytes, { profile: 'epson', paper: 80 });
    expect(d.unknown).toEqual([]);
    expect(d.ops.reduce((n, op) => n + op.length, 0)).toBe(bytes.length);
    const kinds = d.items.map((i) => i.kind);
    expect(kinds.filter((k) => k === 'qr')).toHaveLength(1);
    expect(kinds.slice(-2)).toEqual(['feed', 'cut']);
    const title = d.items.find((i) => i.kind === 'line' && i.text.includes('КАССОВЫЙ ЧЕК'));
    expect(title?.kind === 'line' && title.glyphs.every((g) => g.bold && g.tall)).toBe(true);
    const total = d.items.find((i) => i.kind === 'line' && i.text.startsWith('ИТОГО'));
    expect(total?.kind === 'line' && total.glyphs[0]!.bold && !total.glyphs[0]!.tall).toBe(true);
    expect(d.pulses).toEqual([{ pin: 2, onMs: 50, offMs: 500 }]);
  });

  it('says when the bytes end inside a command (more is on the way)', () => {
    const q = qrBytes('https://example.by', 4);
    expect(decodeEscPos(q.subarray(0, q.length - 4), { profile: 'epson', paper: 80 }).truncated).toBe(true);
    expect(decodeEscPos(q, { profile: 'epson', paper: 80 }).truncated).toBe(false);
  });

  it('lists bytes it does not know as unknown instead of printing them', () => {
    const d = decodeEscPos(Buffer.from([0x1b, 0x7e, 0x41, 0x0a, 0x1c, 0x7f, 0x07]), { profile: 'epson', paper: 80 });
    expect(d.unknown.map((u) => u.name)).toEqual(['ESC 0x7e', 'FS 0x7f', '0x07']);
    expect(d.text).toEqual(['A']);
  });

  it('answers nothing but records DLE EOT requests', () => {
    expect(decodeEscPos(Buffer.from('100401100402100404', 'hex'), { profile: 'epson', paper: 80 }).statusRequests).toEqual([1, 2, 4]);
  });
});

describe('the QR code of the picture', () => {
  it('is the matrix an external reader decoded when it was made', () => {
    const file = readFileSync(new URL('../fixtures/printer/qr-training-url-M.txt', import.meta.url), 'utf8');
    const expected = file.split('\n').filter((l) => l && !l.startsWith('# '));
    const m = encodeQr(Buffer.from('https://sko.training.local/check?id=T-5A1B2C3D4E5F'), 'M')!;
    expect(m.map((r) => r.map((d) => (d ? '#' : '.')).join(''))).toEqual(expected);
  });

  it('has the finder patterns, timing and format bits of version 1-M, mask 0', () => {
    const m = encodeQr(Buffer.from('AB'), 'M')!;
    expect(m).toHaveLength(21);
    const row = (y: number, from: number, to: number) =>
      m[y]!.slice(from, to)
        .map((d) => (d ? 1 : 0))
        .join('');
    expect(row(0, 0, 7)).toBe('1111111');
    expect(row(1, 0, 7)).toBe('1000001');
    expect(row(6, 8, 13)).toBe('10101'); // timing
    // Format bits of M + mask 0 are 101010000010010 (ISO/IEC 18004 table C.1): bits 14..9 along row 8.
    expect(row(8, 0, 6)).toBe('101010');
  });
});

describe('the paper PNG', () => {
  it('is the paper width in dots plus margins, one text row per line', async () => {
    const bytes = await receiptBytes(
      [
        { kind: 'text', text: 'Строка', style: 'normal' },
        { kind: 'text', text: 'ИТОГО', style: 'title' },
      ],
      { ...EPSON, columns: 32 },
    );
    const png = PNG.sync.read(paperPng(decodeEscPos(bytes, { profile: 'epson', paper: 58 }), 58));
    expect(png.width).toBe(384 + 24);
    // 12 margin + 30 (line) + 48 (double height) + 4 × 30 feed + 24 cut + 12 margin
    expect(png.height).toBe(12 + 30 + 48 + 120 + 24 + 12);
    const dark = (y0: number, y1: number) => {
      let n = 0;
      for (let y = y0; y < y1; y++) for (let x = 0; x < png.width; x++) if (png.data[(y * png.width + x) * 4]! < 128) n++;
      return n;
    };
    expect(dark(12, 42)).toBeGreaterThan(50); // «Строка»
    expect(dark(42, 90)).toBeGreaterThan(dark(12, 42)); // «ИТОГО», bold and twice as tall
    expect(dark(90, 210)).toBe(0); // the feed
  });
});
