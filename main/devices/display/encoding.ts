/**
 * Text for a pole display in its code page. Cyrillic lives in CP866 or Windows-1251 depending on
 * the display, so the encoding is a setting. Characters a page lacks become look-alikes (Belarusian
 * І/і are Latin I/i in CP866) or plain ASCII (« » — …), and anything else `?`. Pure.
 */
export type DisplayEncoding = 'cp866' | 'win1251';

const COMMON: Readonly<Record<string, string>> = {
  '«': '"', '»': '"', '„': '"', '“': '"', '”': '"', '‘': "'", '’': "'",
  '–': '-', '—': '-', '−': '-', '…': '...', '\u00a0': ' ', '×': 'x',
};

const CP866_EXTRA: Readonly<Record<string, number>> = {
  Ё: 0xf0, ё: 0xf1, Ў: 0xf6, ў: 0xf7, '°': 0xf8, '№': 0xfc, І: 0x49, і: 0x69,
};

const WIN1251_EXTRA: Readonly<Record<string, number>> = {
  Ё: 0xa8, ё: 0xb8, Ў: 0xa1, ў: 0xa2, І: 0xb2, і: 0xb3, '№': 0xb9, '°': 0xb0,
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

export function encodeText(text: string, encoding: DisplayEncoding): Buffer {
  const out: number[] = [];
  const extra = encoding === 'cp866' ? CP866_EXTRA : WIN1251_EXTRA;
  const letter = encoding === 'cp866' ? cp866 : win1251;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0x20 && cp < 0x7f) {
      out.push(cp);
      continue;
    }
    const mapped = extra[ch] ?? letter(cp);
    if (mapped !== undefined) {
      out.push(mapped);
      continue;
    }
    const ascii = COMMON[ch];
    if (ascii !== undefined) out.push(...Buffer.from(ascii, 'ascii'));
    else out.push(0x3f);
  }
  return Buffer.from(out);
}

/** How many display cells `text` takes once encoded (… becomes three). */
export function cells(text: string, encoding: DisplayEncoding): number {
  return encodeText(text, encoding).length;
}
