/**
 * What a scanner or the cashier typed, read as the till needs it: the keyboard layout undone,
 * GS1 check digits verified, "3*1001" split into quantity and code. Pure: no React, no I/O.
 */

/**
 * The Russian ЙЦУКЕН layout turns the keys of a US scanner into Cyrillic. Codes must be ASCII,
 * so each Cyrillic character goes back to the Latin one on the same key.
 */
const RU_TO_US: Readonly<Record<string, string>> = (() => {
  const ru = 'ёйцукенгшщзхъфывапролджэячсмитьбю.ЁЙЦУКЕНГШЩЗХЪФЫВАПРОЛДЖЭЯЧСМИТЬБЮ,"№;:?';
  const us = "`qwertyuiop[]asdfghjkl;'zxcvbnm,./~QWERTYUIOP{}ASDFGHJKL:\"ZXCVBNM<>?@#$^&";
  const map: Record<string, string> = {};
  for (let i = 0; i < ru.length; i++) map[ru[i]!] = us[i]!;
  return map;
})();

/** The US character of a physical key (KeyboardEvent.code), for layouts we do not know. */
function usCharOfKey(code: string, shift: boolean): string | null {
  let m = /^Key([A-Z])$/.exec(code);
  if (m) return shift ? m[1]! : m[1]!.toLowerCase();
  m = /^Digit(\d)$/.exec(code);
  if (m) return shift ? ')!@#$%^&*('[Number(m[1])]! : m[1]!;
  m = /^Numpad(\d)$/.exec(code);
  if (m) return m[1]!;
  const plain: Record<string, [string, string]> = {
    Minus: ['-', '_'], Equal: ['=', '+'], BracketLeft: ['[', '{'], BracketRight: [']', '}'], Backslash: ['\\', '|'],
    Semicolon: [';', ':'], Quote: ["'", '"'], Backquote: ['`', '~'], Comma: [',', '<'], Period: ['.', '>'], Slash: ['/', '?'],
    Space: [' ', ' '], NumpadMultiply: ['*', '*'], NumpadAdd: ['+', '+'], NumpadSubtract: ['-', '-'], NumpadDecimal: ['.', '.'], NumpadDivide: ['/', '/'],
  };
  const pair = plain[code];
  return pair ? pair[shift ? 1 : 0] : null;
}

/**
 * The ASCII character a key press stands for, or null for keys that type nothing.
 * ASCII keys pass as they are (the cashier's "0.5" on a Russian layout); anything else is
 * mapped by the physical key, then by the Russian layout table.
 */
export function asciiOfKey(key: string, code: string, shift: boolean, physicalFirst = false): string | null {
  if (key.length !== 1) return null;
  const ascii = key >= ' ' && key <= '~';
  // Codes (QR, DataMatrix) come from a scanner pressing US keys: a character the US layout would
  // not put on that key (the Russian "." on the "/" key) is read as the US key.
  if (physicalFirst && !(ascii && (key === usCharOfKey(code, false) || key === usCharOfKey(code, true)))) {
    const us = usCharOfKey(code, shift);
    if (us !== null) return us;
  }
  if (ascii) return key;
  return usCharOfKey(code, shift) ?? RU_TO_US[key] ?? null;
}

/** The same mapping over a whole string (pasted or typed into a field). */
export function toAscii(text: string): string {
  let out = '';
  for (const ch of text) out += ch >= ' ' && ch <= '~' ? ch : (RU_TO_US[ch] ?? ch);
  return out;
}

// ─── GS1 retail barcodes ──────────────────────────────────────────────────────

function gs1CheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += (body.charCodeAt(body.length - 1 - i) - 48) * (i % 2 === 0 ? 3 : 1);
  return (10 - (sum % 10)) % 10;
}

export type Gs1Kind = 'ean13' | 'ean8' | 'upca';
const GS1_LENGTHS: Readonly<Record<number, Gs1Kind>> = { 13: 'ean13', 8: 'ean8', 12: 'upca' };

/** The kind of a GS1 barcode by its length, when it is all digits. */
export function gs1Kind(code: string): Gs1Kind | null {
  return /^\d+$/.test(code) ? (GS1_LENGTHS[code.length] ?? null) : null;
}

/** The check digit a GS1 code of this length must end with. */
export function expectedCheckDigit(code: string): number {
  return gs1CheckDigit(code.slice(0, -1));
}

export function isValidGs1(code: string): boolean {
  return gs1Kind(code) !== null && expectedCheckDigit(code) === code.charCodeAt(code.length - 1) - 48;
}

/** A weight label of the shop's own scales: EAN-13 with prefix 20–29 (the template is main's). */
export function isWeightLabel(code: string): boolean {
  return code.length === 13 && /^2\d{12}$/.test(code);
}

/** A GS1 DataMatrix of marked goods: `]d2` prefix of many scanners, GS separators, or (01)GTIN(21)serial. */
export function isMarkingCode(code: string): boolean {
  return code.startsWith(']d2') || code.includes('\u001d') || /^01\d{14}21\S{6,}/.test(code);
}

// ─── What was scanned ─────────────────────────────────────────────────────────

export type ScanReading =
  | { readonly kind: 'barcode'; readonly code: string }
  | { readonly kind: 'marking'; readonly code: string }
  | { readonly kind: 'bad-check-digit'; readonly code: string; readonly expected: number }
  | { readonly kind: 'not-a-barcode'; readonly code: string };

/** Classifies a code read by a scanner (wedge or serial). */
export function readScan(raw: string): ScanReading {
  const code = toAscii(raw).trim();
  if (isMarkingCode(code)) return { kind: 'marking', code };
  if (gs1Kind(code)) {
    return isValidGs1(code) ? { kind: 'barcode', code } : { kind: 'bad-check-digit', code, expected: expectedCheckDigit(code) };
  }
  if (/^\d{6,14}$/.test(code)) return { kind: 'barcode', code };
  return { kind: 'not-a-barcode', code };
}

// ─── The entry line: "[quantity*]code" ────────────────────────────────────────

export type Entry = {
  /** Thousandths, from "3*" or "0.5*"; null when no quantity was typed. */
  readonly quantity: number | null;
  /** What follows the `*`, trimmed; may be empty. */
  readonly code: string;
};

/** "3" → 3000, "1,25" → 1250, "0.5" → 500; null when not a positive quantity of at most 3 decimals. */
export function parseQuantity(text: string): number | null {
  const m = /^(\d{1,6})(?:[.,](\d{0,3}))?$/.exec(text.trim());
  if (!m) return null;
  const milli = Number(m[1]) * 1000 + Number((m[2] ?? '').padEnd(3, '0'));
  return milli > 0 ? milli : null;
}

/** Splits the entry line; a quantity that is not a number is an error message. */
export function parseEntry(text: string): Entry | { readonly error: 'quantity' } {
  const t = toAscii(text).trim();
  const star = t.indexOf('*');
  if (star < 0) return { quantity: null, code: t };
  const quantity = parseQuantity(t.slice(0, star));
  if (quantity === null) return { error: 'quantity' };
  return { quantity, code: t.slice(star + 1).trim() };
}
