/**
 * The two Cyrillic code tables a receipt printer is driven in (CP866, WPC1251): what each can
 * print, and how text is made printable before it reaches node-thermal-printer. Pure.
 *
 * Why map before printing: for a character missing from the active table node-thermal-printer
 * searches its other tables and inserts its own `ESC t` with Epson numbers (HARDWARE.md), which
 * on a non-Epson printer switches to a wrong table for the rest of the receipt.
 */

export type Codepage = 'cp866' | 'wpc1251';

/** Upper halves (0x80–0xFF), as the WHATWG decoders (ibm866, windows-1251) read them. */
const UPPER: Readonly<Record<Codepage | 'cp437', string>> = {
  cp866: 'АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдежзийклмноп░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀рстуфхцчшщъыьэюяЁёЄєЇїЎў°∙·√№¤■\u00A0',
  // 0x98 is unassigned in Windows-1251: kept as U+FFFD, so it is never "printable".
  wpc1251: 'ЂЃ‚ѓ„…†‡€‰Љ‹ЊЌЋЏђ‘’“”•–—\uFFFD™љ›њќћџ\u00A0ЎўЈ¤Ґ¦§Ё©Є«¬\u00AD®Ї°±Ііґµ¶·ё№є»јЅѕїАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдежзийклмнопрстуфхцчшщъыьэюя',
  // The table a printer starts in after ESC @ on most models: only the emulator reads it.
  cp437: 'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00A0',
};

export type DecodeTable = Codepage | 'cp437';

const ENCODE = new Map<Codepage, Map<string, number>>(
  (['cp866', 'wpc1251'] as const).map((cp) => [cp, new Map([...UPPER[cp]].map((ch, i) => [ch, 0x80 + i] as const).filter(([ch]) => ch !== '\uFFFD'))]),
);

/** The byte of `ch` in the table, or null when the table has no such character. */
export function byteOf(ch: string, cp: Codepage): number | null {
  const code = ch.codePointAt(0)!;
  if (ch.length === 1 && code >= 0x20 && code < 0x7f) return code;
  return ENCODE.get(cp)!.get(ch) ?? null;
}

/** Decodes printer bytes (text only, 0x20–0xFF) in a table; other bytes become U+FFFD. */
export function decodeByte(byte: number, table: DecodeTable): string {
  if (byte >= 0x20 && byte < 0x7f) return String.fromCharCode(byte);
  if (byte >= 0x80) return DECODE[table][byte - 0x80] ?? '\uFFFD';
  return '\uFFFD';
}

/** The upper halves as arrays, made once: the emulator decodes every byte of every receipt. */
const DECODE: Readonly<Record<DecodeTable, readonly string[]>> = {
  cp866: [...UPPER.cp866],
  wpc1251: [...UPPER.wpc1251],
  cp437: [...UPPER.cp437],
};

/** Characters a receipt may contain that the tables lack, and what prints instead. */
const SUBSTITUTES: Readonly<Record<string, string>> = {
  '«': '"',
  '»': '"',
  '„': '"',
  '“': '"',
  '”': '"',
  '‟': '"',
  '″': '"',
  '‘': "'",
  '’': "'",
  '‚': "'",
  '‛': "'",
  '′': "'",
  '—': '-',
  '–': '-',
  '‒': '-',
  '―': '-',
  '−': '-',
  '‐': '-',
  '‑': '-',
  '…': '...',
  '₽': 'руб.',
  '€': 'EUR',
  '×': 'x',
  '•': '*',
  // Belarusian і is not in CP866; the Latin letter looks the same on paper. (Ў ў are in both.)
  І: 'I',
  і: 'i',
};

/**
 * Text as the printer will print it in `cp`: control characters (which could smuggle printer
 * commands in an item name) become spaces, characters the table lacks become their look-alikes,
 * and anything else unprintable becomes '?'. Every character of the result is in the table.
 */
export function printable(text: string, cp: Codepage): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x20 || (code >= 0x7f && code < 0xa0) || /\s/u.test(ch)) {
      out += ' ';
      continue;
    }
    if (byteOf(ch, cp) !== null) {
      out += ch;
      continue;
    }
    const sub = SUBSTITUTES[ch];
    if (sub !== undefined && [...sub].every((c) => byteOf(c, cp) !== null)) {
      out += sub;
      continue;
    }
    // é → e, ё stays (it is in both tables, so it never gets here).
    const base = ch.normalize('NFKD').replace(/\p{M}/gu, '');
    out += base && [...base].every((c) => byteOf(c, cp) !== null) ? base : '?';
  }
  return out;
}

/** Encodes text that `printable` has passed; throws on anything else (a bug, never silent). */
export function encode(text: string, cp: Codepage): Buffer {
  const bytes: number[] = [];
  for (const ch of text) {
    const b = byteOf(ch, cp);
    if (b === null) throw new Error(`"${ch}" is not in ${cp}`);
    bytes.push(b);
  }
  return Buffer.from(bytes);
}
