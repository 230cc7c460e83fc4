/**
 * What a scanner or the cashier typed, read as the till needs it: the keyboard layout undone,
 * GS1 check digits verified, "3*1001" split into quantity and code. Pure: no React, no I/O.
 * The rules themselves (layout table, check digits, marking codes) are common/, shared with main.
 */
import { expectedCheckDigit, gs1Kind, isValidGs1 } from '../../common/barcode.js';
import { RUSSIAN_LAYOUT_TO_US, toAscii } from '../../common/keyboard-layout.js';
import { looksLikeMarkingCode } from '../../common/marking.js';
import { parseQuantity as parseAnyQuantity } from '../../common/money.js';

/**
 * A keyboard-wedge scanner's pace (HARDWARE.md: at most about 30 ms per character, at least 6
 * characters): the average gap of a scan; a single late character (a busy main thread) is forgiven
 * up to MAX_GAP_MS.
 */
export const AVG_GAP_MS = 30;
export const MAX_GAP_MS = 80;
export const MIN_SCAN_LENGTH = 6;

/** A key that types a character (not a named key, not a shortcut with Ctrl, Alt or Meta). */
export function typedCharacter(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'altKey' | 'metaKey'>): boolean {
  return e.key.length === 1 && !e.ctrlKey && !e.altKey && !e.metaKey;
}

/** The times of a run of keys (ms, as KeyboardEvent.timeStamp): whether they came at a scanner's pace. */
export class KeyPace {
  private count = 0;
  private first = 0;
  private last = 0;
  private maxGap = 0;

  /** Milliseconds since the run's last key (Infinity before the first). */
  since(at: number): number {
    return this.count === 0 ? Infinity : at - this.last;
  }

  add(at: number): void {
    if (this.count === 0) this.first = at;
    else this.maxGap = Math.max(this.maxGap, at - this.last);
    this.last = at;
    this.count++;
  }

  reset(): void {
    this.count = 0;
    this.maxGap = 0;
  }

  /** At least MIN_SCAN_LENGTH keys, on average AVG_GAP_MS apart at most, none more than MAX_GAP_MS. */
  get scannerLike(): boolean {
    return this.count >= MIN_SCAN_LENGTH && this.maxGap <= MAX_GAP_MS && (this.last - this.first) / (this.count - 1) <= AVG_GAP_MS;
  }

  /**
   * A key pressed in a field or a dialog: true when it is the Enter a scanner ends its burst with
   * (right after the burst's last character). A character joins the run, or starts a new one after
   * a pause; any Enter ends the run.
   */
  endsScan(e: Pick<KeyboardEvent, 'key' | 'timeStamp' | 'ctrlKey' | 'altKey' | 'metaKey'>): boolean {
    if (e.key === 'Enter') {
      const burst = this.since(e.timeStamp) <= MAX_GAP_MS && this.scannerLike;
      this.reset();
      return burst;
    }
    if (!typedCharacter(e)) return false;
    if (this.since(e.timeStamp) > MAX_GAP_MS) this.reset();
    this.add(e.timeStamp);
    return false;
  }
}

/** The US character of a physical key (KeyboardEvent.code), for layouts we do not know. */
function usCharOfKey(code: string, shift: boolean): string | null {
  let m = /^Key([A-Z])$/.exec(code);
  if (m) return shift ? m[1]! : m[1]!.toLowerCase();
  m = /^Digit(\d)$/.exec(code);
  if (m) return shift ? ')!@#$%^&*('[Number(m[1])]! : m[1]!;
  m = /^Numpad(\d)$/.exec(code);
  if (m) return m[1]!;
  const plain: Record<string, [string, string]> = {
    Minus: ['-', '_'],
    Equal: ['=', '+'],
    BracketLeft: ['[', '{'],
    BracketRight: [']', '}'],
    Backslash: ['\\', '|'],
    Semicolon: [';', ':'],
    Quote: ["'", '"'],
    Backquote: ['`', '~'],
    Comma: [',', '<'],
    Period: ['.', '>'],
    Slash: ['/', '?'],
    Space: [' ', ' '],
    NumpadMultiply: ['*', '*'],
    NumpadAdd: ['+', '+'],
    NumpadSubtract: ['-', '-'],
    NumpadDecimal: ['.', '.'],
    NumpadDivide: ['/', '/'],
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
  return usCharOfKey(code, shift) ?? RUSSIAN_LAYOUT_TO_US.get(key) ?? null;
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
  if (looksLikeMarkingCode(code)) return { kind: 'marking', code };
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

/** "3" → 3000, "1,25" → 1250, "0.5" → 500; null when not a positive quantity of at most 3 decimals and 6 whole digits. */
export function parseQuantity(text: string): number | null {
  const milli = parseAnyQuantity(text);
  return milli !== null && milli > 0 && milli < 1_000_000_000 ? milli : null;
}

/**
 * `*` pressed after what the line holds: a quantity for the next item, or — when that is no
 * quantity — the line kept with its star, so "0*1013" is refused as a wrong quantity on Enter
 * rather than looked up as code 01013.
 */
export function starPressed(before: string): { readonly quantity: number } | { readonly line: string } {
  const quantity = parseQuantity(before);
  return quantity === null ? { line: `${before}*` } : { quantity };
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
