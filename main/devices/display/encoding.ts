/**
 * Text for a pole display in its code page. Cyrillic lives in CP866 or Windows-1251 depending on
 * the display, so the encoding is a setting. Characters a page lacks become look-alikes (Belarusian
 * І/і are Latin I/i in CP866) or plain ASCII (« » — …), and anything else `?`. Pure.
 */
export type DisplayEncoding = 'cp866' | 'win1251';

const COMMON: Readonly<Record<string, string>> = {
  '«': '"',
  '»': '"',
  '„': '"',
  '“': '"',
  '”': '"',
  '‘': "'",
  '’': "'",
  '–': '-',
  '—': '-',
  '−': '-',
  '…': '...',
  '\u00a0': ' ',
  '×': 'x',
  '₽': 'р.',
};

const CP866_EXTRA: Readonly<Record<string, number>> = {
  Ё: 0xf0,
  ё: 0xf1,
  Ў: 0xf6,
  ў: 0xf7,
  '°': 0xf8,
  '№': 0xfc,
  І: 0x49,
  і: 0x69,
};

const WIN1251_EXTRA: Readonly<Record<string, number>> = {
  Ё: 0xa8,
  ё: 0xb8,
  Ў: 0xa1,
  ў: 0xa2,
  І: 0xb2,
  і: 0xb3,
  '№': 0xb9,
  '°': 0xb0,
};

function cp866(cp: number): number | undefined {
  if (cp >= 0x410 && cp <= 0x42f) return 0x80 + (cp - 0x410); // А–Я
  if (cp >= 0x430 && cp <= 0x43f) return 0xa0 + (cp - 0x430); // а–п
  if (cp >= 0x440 && cp <= 0x44f) return 0xe0 + (cp - 0x440); // р–я
  return undefined;
}

function win1251(cp: number): number | undefined {
  if (cp >= 0x410 && cp <= 0x44f) return 0xc0 + (cp - 0x410); // А–я
  return undefined;
}

/** The byte of one character in the display's table, or undefined when the table lacks it. */
function byteOf(ch: string, encoding: DisplayEncoding): number | undefined {
  const cp = ch.codePointAt(0)!;
  if (cp >= 0x20 && cp < 0x7f) return cp;
  const extra = encoding === 'cp866' ? CP866_EXTRA : WIN1251_EXTRA;
  return extra[ch] ?? (encoding === 'cp866' ? cp866(cp) : win1251(cp));
}

/**
 * The text as the display will show it: every character one cell of its table. Control
 * characters become spaces, « » — … ₽ their ASCII look-alikes, é its base letter, the rest `?`.
 * Lay out with this (never with the raw text), or an ellipsis pushes the amount off the glass.
 */
export function displayable(text: string, encoding: DisplayEncoding): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) out += ' ';
    else if (byteOf(ch, encoding) !== undefined) out += ch;
    else if (COMMON[ch] !== undefined && [...COMMON[ch]].every((c) => byteOf(c, encoding) !== undefined)) out += COMMON[ch];
    else {
      const base = ch.normalize('NFKD').replace(/\p{M}/gu, '');
      out += base !== '' && [...base].every((c) => byteOf(c, encoding) !== undefined) ? base : '?';
    }
  }
  return out;
}

/** One byte per character of `displayable(text)`. */
export function encodeText(text: string, encoding: DisplayEncoding): Buffer {
  return Buffer.from([...displayable(text, encoding)].map((ch) => byteOf(ch, encoding)!));
}

/** How many display cells `text` takes once encoded (… becomes three). */
export function cells(text: string, encoding: DisplayEncoding): number {
  return encodeText(text, encoding).length;
}
