/**
 * Printer profiles: the `ESC t` number of each Cyrillic table differs by vendor (HARDWARE.md),
 * so it is a per-printer setting — a preset per vendor family (preload/contract/devices.ts, shown in the
 * settings form too) plus a custom number.
 */
import { PRINTER_PRESETS, type PrinterProfileId } from '../../../preload/contract/index.js';
import type { Codepage } from './codepage.js';

export type { PrinterProfileId };

export type PrinterProfile = {
  readonly id: PrinterProfileId;
  readonly name: string;
  /** `ESC t n` per table; null = the vendor's number is not known here: set a custom one. */
  readonly codeTables: Readonly<Record<Codepage, number | null>>;
  /** Chinese clones start in a double-byte (GBK) mode: `FS .` must turn it off. */
  readonly kanjiByDefault: boolean;
};

const CHINESE_CLONES: ReadonlySet<PrinterProfileId> = new Set(['xprinter', 'rongta']);

export const PRINTER_PROFILES: Readonly<Record<PrinterProfileId, PrinterProfile>> = Object.fromEntries(
  (Object.keys(PRINTER_PRESETS) as PrinterProfileId[]).map((id) => {
    const p = PRINTER_PRESETS[id];
    return [id, { id, name: p.name, codeTables: { cp866: p.cp866, wpc1251: p.wpc1251 }, kanjiByDefault: CHINESE_CLONES.has(id) }];
  }),
) as Record<PrinterProfileId, PrinterProfile>;

/**
 * The `ESC t` number to send: the custom number when one is set, else the preset's.
 * Null when neither is known (the settings schema refuses to save that).
 */
export function codeTableNumber(profile: PrinterProfileId, codepage: Codepage, custom: number | null): number | null {
  if (custom !== null) return custom;
  return PRINTER_PROFILES[profile].codeTables[codepage];
}

/** Which table a printer of this profile selects for `ESC t n` (the emulator decodes with it). */
export function tableOfNumber(profile: PrinterProfileId, n: number, custom?: { codepage: Codepage; number: number }): Codepage | 'cp437' | null {
  if (custom && custom.number === n) return custom.codepage;
  if (n === 0) return 'cp437';
  const tables = PRINTER_PROFILES[profile].codeTables;
  if (tables.cp866 === n) return 'cp866';
  if (tables.wpc1251 === n) return 'wpc1251';
  return null;
}

/** Printable dots per line of the paper widths (Font A is 12 dots a character). */
export const PAPER: Readonly<Record<58 | 80, { readonly dots: number }>> = {
  58: { dots: 384 },
  80: { dots: 576 },
};
