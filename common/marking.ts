/**
 * Marked goods («Электронный знак»): a GS1 DataMatrix read by the scanner. It may start with the
 * symbology identifier `]d2` and separates variable-length fields with GS (0x1D). Pure; main and
 * the renderer share it, so both sides take the same reads for marking codes.
 */

export const GS = '\u001d';
const SYMBOLOGY_ID = /^\]d2/i;

/** Fixed lengths of the GS1 application identifiers a marking code carries (data only). */
const FIXED: Readonly<Record<string, number>> = { '00': 18, '01': 14, '02': 14, '11': 6, '13': 6, '15': 6, '17': 6 };

export type MarkCode = {
  /** The code as kept with the line and passed to the СКО: without `]d2`, GS kept. */
  readonly code: string;
  readonly gtin: string;
  readonly serial: string;
  /** GTIN + serial: the same item whatever the scanner added or dropped around them. */
  readonly key: string;
};

/**
 * True when the read looks like a GS1 DataMatrix rather than a retail barcode: the `]d2` of the
 * scanner (any case: Caps Lock), a GS anywhere, or (01) GTIN (21) at the start. Whether it really is
 * one is `parseMarkCode`'s to say.
 */
export function looksLikeMarkingCode(raw: string): boolean {
  return SYMBOLOGY_ID.test(raw) || raw.includes(GS) || /^01\d{14}21/.test(raw);
}

/**
 * Reads the GTIN (AI 01) and the serial number (AI 21) of a marking code, or null when the read is
 * not a marking code. A serial runs to the next GS, or to the end of the read.
 */
export function parseMarkCode(raw: string): MarkCode | null {
  const code = raw
    .replace(SYMBOLOGY_ID, '')
    .replace(/^\u001d+/, '')
    .replace(/[\r\n]+$/, '');
  let gtin: string | null = null;
  let serial: string | null = null;
  let i = 0;
  while (i < code.length) {
    if (code[i] === GS) {
      i++;
      continue;
    }
    const ai = code.slice(i, i + 2);
    if (!/^\d\d$/.test(ai)) return null;
    const fixed = FIXED[ai];
    if (fixed !== undefined) {
      const value = code.slice(i + 2, i + 2 + fixed);
      if (value.length !== fixed || !/^\d+$/.test(value)) return null;
      if (ai === '01') gtin = value;
      i += 2 + fixed;
      continue;
    }
    // A variable-length field: to the next GS or the end. AI 21 is the serial; the crypto tail
    // (91, 92, 93…) and others are kept in the code but not needed here.
    const end = code.indexOf(GS, i + 2);
    const value = code.slice(i + 2, end === -1 ? code.length : end);
    if (ai === '21') serial = value;
    if (serial === null && ai !== '21') return null; // only the serial may follow the GTIN directly
    i = end === -1 ? code.length : end + 1;
  }
  if (!gtin || !serial) return null;
  return { code, gtin, serial, key: `${gtin}${serial}` };
}

/** The retail barcodes a GTIN-14 is sold under: EAN-13 (one leading 0), UPC-A (two), and itself. */
export function barcodesOfGtin(gtin: string): string[] {
  const out = [gtin];
  if (gtin.startsWith('0')) out.unshift(gtin.slice(1));
  if (gtin.startsWith('00')) out.push(gtin.slice(2));
  return out;
}
