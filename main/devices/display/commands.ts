/**
 * Pole display command sets (VFD, 2 lines × 20): CD5220 and Epson (ESC/POS display). Each turns
 * two lines of text into the bytes that put them on the glass. Pure; tests assert the bytes.
 *  - CD5220: init `1B 40`, clear `0C`, upper line `1B 51 41 text 0D`, lower `1B 51 42 text 0D`.
 *  - Epson:  init `1B 40`, overwrite mode `1F 01`, clear `0C`, cursor `1F 24 x y` (1-based).
 * The code-table selection differs by vendor, so it is raw bytes from the settings.
 */
import { encodeText, type DisplayEncoding } from './encoding.js';

export type DisplayCommandSet = 'cd5220' | 'epson';

export type DisplayFormat = {
  readonly commandSet: DisplayCommandSet;
  readonly encoding: DisplayEncoding;
  readonly columns: number;
  /** Bytes that select the Cyrillic code table, sent after init (e.g. `1B 74 11`); may be empty. */
  readonly codeTable: Uint8Array;
};

/** "1B 74 11" → bytes; throws on anything but pairs of hex digits. */
export function parseHexBytes(text: string): Uint8Array {
  const clean = text.trim();
  if (clean === '') return new Uint8Array(0);
  const parts = clean.split(/[\s,]+/);
  return Uint8Array.from(
    parts.map((p) => {
      if (!/^(0x)?[0-9a-fA-F]{2}$/.test(p)) throw new RangeError(`Не байт в шестнадцатеричном виде: «${p}»`);
      return parseInt(p.replace(/^0x/, ''), 16);
    }),
  );
}

/** Exactly `columns` bytes: cut or padded with spaces, after encoding (one byte per character). */
export function fitLine(text: string, format: DisplayFormat): Buffer {
  const bytes = encodeText(text, format.encoding);
  const out = Buffer.alloc(format.columns, 0x20);
  bytes.copy(out, 0, 0, Math.min(bytes.length, format.columns));
  return out;
}

export function initBytes(format: DisplayFormat): Buffer {
  const mode = format.commandSet === 'epson' ? [0x1f, 0x01] : [];
  return Buffer.from([0x1b, 0x40, ...format.codeTable, ...mode, 0x0c]);
}

export function linesBytes(upper: string, lower: string, format: DisplayFormat): Buffer {
  const a = fitLine(upper, format);
  const b = fitLine(lower, format);
  if (format.commandSet === 'cd5220') {
    return Buffer.concat([Buffer.from([0x1b, 0x51, 0x41]), a, Buffer.from([0x0d, 0x1b, 0x51, 0x42]), b, Buffer.from([0x0d])]);
  }
  return Buffer.concat([Buffer.from([0x1f, 0x24, 0x01, 0x01]), a, Buffer.from([0x1f, 0x24, 0x01, 0x02]), b]);
}
