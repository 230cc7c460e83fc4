/**
 * Codes from a serial scanner (HARDWARE.md, DOMAIN.md «Marked goods»): one code a line, the GS
 * separator 0x1D kept byte for byte, an AIM prefix such as `]d2` taken off and used for the kind.
 */
import { describe, expect, it } from 'vitest';
import { classify, CodeReader, GS } from '../../main/devices/scanner/code-reader.js';
import { allSplits, ascii, bytes } from '../fixtures/serial/dialog.js';

// EAN-13 4006381333931 and EAN-8 96385074: textbook codes with valid check digits.
const EAN13 = '4006381333931';
const EAN8 = '96385074';
/** A GS1 DataMatrix marking code: GTIN (01), serial (21), GS, crypto tail (93). */
const MARK = `0104810000000002215Kd7!x${GS}93dGVz`;

describe('serial scanner lines', () => {
  it('reads codes ended by CR, LF or CR LF, and classifies them', () => {
    const r = new CodeReader('cr-lf');
    const out = r.feed(ascii(`${EAN13}\r\n${EAN8}\r012345678\n`));
    expect(out).toEqual([
      { code: EAN13, kind: 'ean13' },
      { code: EAN8, kind: 'ean8' },
      { code: '012345678', kind: 'other' },
    ]);
  });

  it('keeps the GS byte of a DataMatrix and takes the ]d2 prefix off', () => {
    const r = new CodeReader('cr-lf');
    const raw = Buffer.concat([ascii(']d2'), ascii(MARK), bytes(0x0d)]);
    expect(raw.includes(0x1d)).toBe(true);
    const [c] = r.feed(raw);
    expect(c).toEqual({ code: MARK, kind: 'datamatrix' });
    expect(Buffer.from(c!.code, 'latin1').indexOf(0x1d)).toBe(MARK.indexOf(GS));
  });

  it('recognises a marking code by its GS even without a prefix', () => {
    expect(classify(MARK)).toEqual({ code: MARK, kind: 'datamatrix' });
    expect(classify(`]Q1https://example.by`)).toEqual({ code: 'https://example.by', kind: 'qr' });
  });

  it('does not call a 13-digit code with a wrong check digit EAN-13', () => {
    expect(classify('4006381333932')?.kind).toBe('other');
  });

  it('assembles a code split across reads at every position, CR LF split too', () => {
    const line = Buffer.concat([ascii(MARK), bytes(0x0d, 0x0a), ascii(EAN13), bytes(0x0d, 0x0a)]);
    for (const pieces of allSplits(line)) {
      const r = new CodeReader('cr-lf');
      const out = pieces.flatMap((p) => r.feed(p));
      expect(out.map((c) => c.code)).toEqual([MARK, EAN13]);
    }
  });

  it('with no suffix, a code ends when flushed after a pause', () => {
    const r = new CodeReader('none');
    expect(r.feed(ascii(EAN13))).toEqual([]);
    expect(r.partial).toBe(true);
    expect(r.flush()).toEqual([{ code: EAN13, kind: 'ean13' }]);
    expect(r.partial).toBe(false);
  });

  it('drops a runaway line with no end instead of growing forever', () => {
    const r = new CodeReader('cr-lf');
    r.feed(Buffer.alloc(600, 0x41));
    expect(r.partial).toBe(false);
  });
});
