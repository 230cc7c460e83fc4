/**
 * ESC/POS bytes → what a printer would put on paper: text lines (decoded with the code table the
 * printer has selected), QR codes, raster images, feeds, cuts, drawer pulses. It behaves like the
 * printer it emulates, traps included: `ESC @` drops the code table back to CP437 (and, on Chinese
 * clones, double-byte mode back on), `ESC t n` means what n means on that vendor's printer, and a
 * line longer than the paper wraps. Every byte is accounted for in `ops`, so tests can read a
 * receipt's bytes command by command; anything it does not know lands in `unknown`.
 */
import { decodeByte, type Codepage, type DecodeTable } from '../codepage.js';
import { PAPER, PRINTER_PROFILES, tableOfNumber, type PrinterProfileId } from '../profiles.js';

export type EmulatedPrinter = {
  readonly profile: PrinterProfileId;
  readonly paper: 58 | 80;
  /** The number a `custom` profile uses for its table. */
  readonly custom?: { readonly codepage: Codepage; readonly number: number };
};

export type Glyph = { readonly ch: string; readonly bold: boolean; readonly wide: boolean; readonly tall: boolean };
export type Align = 'left' | 'center' | 'right';

export type PaperItem =
  | { readonly kind: 'line'; readonly text: string; readonly glyphs: readonly Glyph[]; readonly align: Align; readonly spacing: number }
  | { readonly kind: 'feed'; readonly dots: number }
  | { readonly kind: 'qr'; readonly data: Buffer; readonly moduleSize: number; readonly level: 'L' | 'M' | 'Q' | 'H'; readonly align: Align }
  | { readonly kind: 'raster'; readonly widthBytes: number; readonly height: number; readonly data: Buffer; readonly align: Align }
  | { readonly kind: 'cut'; readonly partial: boolean };

export type Op = { readonly offset: number; readonly length: number; readonly name: string };

export type Decoded = {
  readonly items: PaperItem[];
  /** The text lines in order (the text of every `line` item). */
  readonly text: string[];
  readonly pulses: { pin: 2 | 5; onMs: number; offMs: number }[];
  readonly ops: Op[];
  readonly unknown: Op[];
  /** `DLE EOT n` real-time status requests, in order. */
  readonly statusRequests: number[];
  /** The bytes ended inside a command (more may still arrive). */
  truncated: boolean;
};

const LEVELS = { 0x30: 'L', 0x31: 'M', 0x32: 'Q', 0x33: 'H' } as const;
const DEFAULT_SPACING = 30;

export function decodeEscPos(bytes: Uint8Array, printer: EmulatedPrinter): Decoded {
  const columns = PAPER[printer.paper].dots / 12;
  const out: Decoded = { items: [], text: [], pulses: [], ops: [], unknown: [], statusRequests: [], truncated: false };
  const kanjiDefault = PRINTER_PROFILES[printer.profile].kanjiByDefault;
  let table: DecodeTable | null = 'cp437';
  let kanji = kanjiDefault;
  let bold = false;
  let wide = false;
  let tall = false;
  let align: Align = 'left';
  let spacing = DEFAULT_SPACING;
  let qr = { moduleSize: 3, level: 'L' as 'L' | 'M' | 'Q' | 'H', data: Buffer.alloc(0) };
  let line: Glyph[] = [];
  let lineAlign: Align = align;
  let textStart = -1;

  const reset = () => {
    table = 'cp437';
    kanji = kanjiDefault;
    bold = wide = tall = false;
    align = 'left';
    spacing = DEFAULT_SPACING;
    line = []; // ESC @ clears the print buffer
  };
  const used = () => line.reduce((n, g) => n + (g.wide ? 2 : 1), 0);
  const flush = () => {
    out.items.push({ kind: 'line', text: line.map((g) => g.ch).join(''), glyphs: line, align: lineAlign, spacing });
    out.text.push(line.map((g) => g.ch).join(''));
    line = [];
  };
  const put = (ch: string) => {
    if (line.length === 0) lineAlign = align;
    if (used() + (wide ? 2 : 1) > columns) flush(); // the printer wraps a line wider than the paper
    if (line.length === 0) lineAlign = align;
    line.push({ ch, bold, wide, tall });
  };
  const endText = (at: number) => {
    if (textStart >= 0) out.ops.push({ offset: textStart, length: at - textStart, name: 'text' });
    textStart = -1;
  };

  let i = 0;
  const op = (length: number, name: string) => {
    endText(i);
    out.ops.push({ offset: i, length, name });
    i += length;
  };
  const need = (n: number) => {
    if (i + n > bytes.length) {
      out.truncated = true;
      return false;
    }
    return true;
  };

  while (i < bytes.length) {
    const b = bytes[i]!;
    const b1 = bytes[i + 1];
    if (b >= 0x20 && b !== 0x7f) {
      if (textStart < 0) textStart = i;
      if (kanji && b >= 0x80) {
        // A double-byte (GBK) character: what a Chinese clone prints without FS . — not Cyrillic.
        put('\uFFFD');
        i += 2;
        continue;
      }
      put(table === null ? '?' : decodeByte(b, table));
      i += 1;
      continue;
    }
    if (b === 0x0a) {
      endText(i);
      flush();
      out.ops.push({ offset: i, length: 1, name: 'LF' });
      i += 1;
      continue;
    }
    if (b === 0x0d) {
      op(1, 'CR');
      continue;
    }
    if (b === 0x09) {
      endText(i);
      do put(' ');
      while (used() % 8 !== 0 && used() < columns);
      out.ops.push({ offset: i, length: 1, name: 'HT' });
      i += 1;
      continue;
    }
    if (b === 0x10 && b1 === 0x04) {
      if (!need(3)) break;
      out.statusRequests.push(bytes[i + 2]!);
      op(3, `DLE EOT ${bytes[i + 2]} (real-time status)`);
      continue;
    }
    if (b === 0x10 && b1 === 0x14) {
      if (!need(5)) break;
      if (bytes[i + 2] === 1) {
        const pin = (bytes[i + 3]! & 1) === 0 ? 2 : 5;
        out.pulses.push({ pin, onMs: bytes[i + 4]! * 100, offMs: bytes[i + 4]! * 100 });
        op(5, `DLE DC4 1 ${bytes[i + 3]} ${bytes[i + 4]} (real-time drawer pulse, pin ${pin})`);
      } else op(5, `DLE DC4 ${bytes[i + 2]} (real-time request)`);
      continue;
    }
    if (b === 0x1b) {
      if (!need(2)) break;
      const n = bytes[i + 2];
      switch (b1) {
        case 0x40:
          reset();
          op(2, 'ESC @ (init: code table reset)');
          continue;
        case 0x74: {
          if (!need(3)) break;
          table = n === undefined ? null : tableOfNumber(printer.profile, n, printer.custom);
          op(3, `ESC t ${n} (code table: ${table ?? 'unknown here'})`);
          continue;
        }
        case 0x21:
          if (!need(3)) break;
          bold = (n! & 0x08) !== 0;
          tall = (n! & 0x10) !== 0;
          wide = (n! & 0x20) !== 0;
          op(3, `ESC ! ${n} (print mode)`);
          continue;
        case 0x45:
          if (!need(3)) break;
          bold = (n! & 1) === 1;
          op(3, `ESC E ${n} (bold ${bold ? 'on' : 'off'})`);
          continue;
        case 0x47:
          if (!need(3)) break;
          bold = (n! & 1) === 1;
          op(3, `ESC G ${n} (double-strike)`);
          continue;
        case 0x2d:
          if (!need(3)) break;
          op(3, `ESC - ${n} (underline)`);
          continue;
        case 0x4d:
          if (!need(3)) break;
          op(3, `ESC M ${n} (font)`);
          continue;
        case 0x52:
          if (!need(3)) break;
          op(3, `ESC R ${n} (international set)`);
          continue;
        case 0x7b:
          if (!need(3)) break;
          op(3, `ESC { ${n} (upside-down)`);
          continue;
        case 0x20:
          if (!need(3)) break;
          op(3, `ESC SP ${n} (right spacing)`);
          continue;
        case 0x61: {
          if (!need(3)) break;
          align = (['left', 'center', 'right'] as const)[n! % 48] ?? 'left';
          op(3, `ESC a ${n} (align ${align})`);
          continue;
        }
        case 0x32:
          spacing = DEFAULT_SPACING;
          op(2, 'ESC 2 (default line spacing)');
          continue;
        case 0x33:
          if (!need(3)) break;
          spacing = n!;
          op(3, `ESC 3 ${n} (line spacing)`);
          continue;
        case 0x64: {
          if (!need(3)) break;
          if (line.length > 0) flush();
          out.items.push({ kind: 'feed', dots: n! * spacing });
          op(3, `ESC d ${n} (feed ${n} lines)`);
          continue;
        }
        case 0x4a: {
          if (!need(3)) break;
          if (line.length > 0) flush();
          out.items.push({ kind: 'feed', dots: n! });
          op(3, `ESC J ${n} (feed ${n} dots)`);
          continue;
        }
        case 0x70: {
          if (!need(5)) break;
          const pin = (n! & 1) === 0 ? 2 : 5;
          out.pulses.push({ pin, onMs: bytes[i + 3]! * 2, offMs: bytes[i + 4]! * 2 });
          op(5, `ESC p ${n} ${bytes[i + 3]} ${bytes[i + 4]} (drawer pulse, pin ${pin})`);
          continue;
        }
        case 0x42:
          if (!need(4)) break;
          op(4, 'ESC B (beep)');
          continue;
        case 0x24:
          if (!need(4)) break;
          op(4, 'ESC $ (absolute position)');
          continue;
        default:
          endText(i);
          out.unknown.push({ offset: i, length: 2, name: `ESC 0x${b1!.toString(16)}` });
          op(2, `ESC 0x${b1!.toString(16)} (unknown)`);
          continue;
      }
      break; // a `need` failed inside the switch
    }
    if (b === 0x1c) {
      if (!need(2)) break;
      if (b1 === 0x2e) {
        kanji = false;
        op(2, 'FS . (Kanji off)');
        continue;
      }
      if (b1 === 0x26) {
        kanji = true;
        op(2, 'FS & (Kanji on)');
        continue;
      }
      out.unknown.push({ offset: i, length: 2, name: `FS 0x${b1!.toString(16)}` });
      op(2, `FS 0x${b1!.toString(16)} (unknown)`);
      continue;
    }
    if (b === 0x1d) {
      if (!need(2)) break;
      const n = bytes[i + 2];
      if (b1 === 0x56) {
        if (!need(3)) break;
        const m = n!;
        const withFeed = m === 65 || m === 66;
        if (withFeed && !need(4)) break;
        if (line.length > 0) flush();
        const partial = m === 1 || m === 49 || m === 66;
        if (withFeed) out.items.push({ kind: 'feed', dots: bytes[i + 3]! });
        out.items.push({ kind: 'cut', partial });
        op(withFeed ? 4 : 3, `GS V ${m} (${partial ? 'partial' : 'full'} cut)`);
        continue;
      }
      if (b1 === 0x21) {
        if (!need(3)) break;
        wide = n! >> 4 > 0;
        tall = (n! & 0x0f) > 0;
        op(3, `GS ! ${n} (character size)`);
        continue;
      }
      if (b1 === 0x42) {
        if (!need(3)) break;
        op(3, `GS B ${n} (reverse)`);
        continue;
      }
      if (b1 === 0x72) {
        if (!need(3)) break;
        out.statusRequests.push(0x100 + n!);
        op(3, `GS r ${n} (status)`);
        continue;
      }
      if (b1 === 0x48 || b1 === 0x66 || b1 === 0x77 || b1 === 0x68) {
        if (!need(3)) break;
        op(3, `GS ${String.fromCharCode(b1)} ${n} (barcode setting)`);
        continue;
      }
      if (b1 === 0x6b) {
        if (!need(3)) break;
        const m = n!;
        let end: number;
        if (m <= 6) {
          end = bytes.indexOf(0, i + 3);
          if (end < 0) {
            out.truncated = true;
            break;
          }
          end += 1;
        } else {
          if (!need(4)) break;
          end = i + 4 + bytes[i + 3]!;
          if (end > bytes.length) {
            out.truncated = true;
            break;
          }
        }
        if (line.length > 0) flush();
        op(end - i, `GS k ${m} (barcode)`);
        continue;
      }
      if (b1 === 0x28 && bytes[i + 2] === 0x6b) {
        if (!need(5)) break;
        const len = bytes[i + 3]! + 256 * bytes[i + 4]!;
        if (!need(5 + len)) break;
        const cn = bytes[i + 5];
        const fn = bytes[i + 6];
        if (cn === 0x31 && fn === 0x41) op(5 + len, `GS ( k QR model ${bytes[i + 7]! - 0x30}`);
        else if (cn === 0x31 && fn === 0x43) {
          qr = { ...qr, moduleSize: bytes[i + 7]! };
          op(5 + len, `GS ( k QR module size ${bytes[i + 7]}`);
        } else if (cn === 0x31 && fn === 0x45) {
          qr = { ...qr, level: LEVELS[bytes[i + 7]! as keyof typeof LEVELS] ?? 'L' };
          op(5 + len, `GS ( k QR error level ${qr.level}`);
        } else if (cn === 0x31 && fn === 0x50) {
          qr = { ...qr, data: Buffer.from(bytes.subarray(i + 8, i + 5 + len)) };
          op(5 + len, `GS ( k QR store ${len - 3} bytes (pL+256pH = ${len})`);
        } else if (cn === 0x31 && fn === 0x51) {
          if (line.length > 0) flush();
          out.items.push({ kind: 'qr', data: qr.data, moduleSize: qr.moduleSize, level: qr.level, align });
          op(5 + len, 'GS ( k QR print');
        } else op(5 + len, `GS ( k cn=${cn} fn=${fn} (2D code, skipped)`);
        continue;
      }
      if (b1 === 0x76 && bytes[i + 2] === 0x30) {
        if (!need(8)) break;
        const widthBytes = bytes[i + 4]! + 256 * bytes[i + 5]!;
        const height = bytes[i + 6]! + 256 * bytes[i + 7]!;
        if (!need(8 + widthBytes * height)) break;
        if (line.length > 0) flush();
        out.items.push({ kind: 'raster', widthBytes, height, data: Buffer.from(bytes.subarray(i + 8, i + 8 + widthBytes * height)), align });
        op(8 + widthBytes * height, `GS v 0 (raster image ${widthBytes * 8}x${height})`);
        continue;
      }
      out.unknown.push({ offset: i, length: 2, name: `GS 0x${b1!.toString(16)}` });
      op(2, `GS 0x${b1!.toString(16)} (unknown)`);
      continue;
    }
    endText(i);
    out.unknown.push({ offset: i, length: 1, name: `0x${b.toString(16).padStart(2, '0')}` });
    op(1, `0x${b.toString(16).padStart(2, '0')} (unknown)`);
  }
  endText(i);
  // Text after the last LF stays in the printer's buffer until something prints it.
  return out;
}
