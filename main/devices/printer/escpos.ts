/**
 * Receipt rows → ESC/POS bytes, with node-thermal-printer as the command builder and each of
 * its traps (HARDWARE.md) worked around here:
 *  - `cut()` ends with `ESC @`, which resets the code table: the table is re-sent after it;
 *  - `removeSpecialCharacters` turns й→и, ё→е: always off;
 *  - `openCashDrawer()` sends `1B 70 00 1B 70 01` (no pulse times): the pulse is sent raw;
 *  - `printQR` declares the length in characters, not bytes: the QR is sent raw;
 *  - a character missing from the table makes it insert its own `ESC t` (Epson numbers): text
 *    is made printable first (codepage.ts) and every line goes as our own encoding, never
 *    through its `println` (which also re-copies the whole job once per character);
 *  - its constructor sends the Epson `ESC t` number: dropped, ours is sent instead.
 */
import { createRequire } from 'node:module';
import type ntpModule from 'node-thermal-printer';
import type { ReceiptRow } from '../../domain/receipt.js';
import { encode, type Codepage } from './codepage.js';

type ThermalPrinter = InstanceType<typeof ntpModule.ThermalPrinter>;

// Loaded by the first job, not at start: the till's first answer never prints (cold start).
const load = createRequire(import.meta.url);
let ntp: typeof ntpModule | undefined;
const thermal = () => (ntp ??= load('node-thermal-printer') as typeof ntpModule);

export type CutMode = 'full' | 'partial' | 'none';

export type DrawerPulse = {
  /** Drawer kick-out connector pin: 2 (m = 0) or 5 (m = 1). */
  readonly pin: 2 | 5;
  readonly onMs: number;
  readonly offMs: number;
};

export type JobOptions = {
  readonly codepage: Codepage;
  /** The `ESC t n` number of `codepage` on this printer (profiles.ts). */
  readonly codeTable: number;
  readonly columns: number;
  readonly cut: CutMode;
  readonly qrModuleSize: number;
  /** Sent right after the code table, so the drawer opens while the receipt prints. */
  readonly drawer?: DrawerPulse | null;
  /** A 1-bit-able PNG, at most the paper's dots wide, printed centred above the header. */
  readonly logo?: Buffer | null;
};

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const LF = Buffer.from([0x0a]);

/** `FS .` (Kanji off: Chinese clones start in GBK) + `ESC t n`. Sent after every `ESC @`. */
export function codeTableBytes(n: number): Buffer {
  return Buffer.from([FS, 0x2e, ESC, 0x74, n]);
}

/** `ESC p m t1 t2`: times in 2 ms units, 1–255 each. */
export function drawerPulseBytes(pulse: DrawerPulse): Buffer {
  const units = (ms: number) => Math.min(255, Math.max(1, Math.round(ms / 2)));
  return Buffer.from([ESC, 0x70, pulse.pin === 2 ? 0 : 1, units(pulse.onMs), units(pulse.offMs)]);
}

/**
 * `DLE DC4 1 m t`: the real-time pulse, executed even while the printer is offline (paper out,
 * cover open) — when a receipt cannot print, the change must still come out. t in 100 ms units.
 */
export function realTimePulseBytes(pulse: DrawerPulse): Buffer {
  return Buffer.from([0x10, 0x14, 0x01, pulse.pin === 2 ? 0 : 1, Math.min(8, Math.max(1, Math.round(pulse.onMs / 100)))]);
}

/** QR model 2, error level M; the stored length counts UTF-8 bytes (+3), not characters. */
export function qrBytes(data: string, moduleSize: number): Buffer {
  const bytes = Buffer.from(data, 'utf8');
  if (bytes.length === 0 || bytes.length > 7089) throw new Error(`QR data of ${bytes.length} bytes`);
  const stored = bytes.length + 3;
  return Buffer.concat([
    Buffer.from([GS, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00]),
    Buffer.from([GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, Math.min(16, Math.max(1, moduleSize))]),
    Buffer.from([GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, 0x31]),
    Buffer.from([GS, 0x28, 0x6b, stored % 256, Math.floor(stored / 256), 0x31, 0x50, 0x30]),
    bytes,
    Buffer.from([GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30]),
  ]);
}

const CHARACTER_SET: Readonly<Record<Codepage, string>> = { cp866: 'PC866_CYRILLIC2', wpc1251: 'WPC1251_CYRILLIC' };

/** One print job being built. Text must already be printable in the job's table. */
export class EscPosJob {
  private readonly printer: ThermalPrinter;

  constructor(private readonly options: JobOptions) {
    this.printer = new (thermal().ThermalPrinter)({
      type: 'epson' as never,
      // Never executed: the bytes go through our own transports.
      interface: { execute: () => Promise.reject(new Error('not a transport')) } as never,
      width: options.columns,
      // Its own table (the ESC t it sends is dropped below); lines go as our own bytes.
      characterSet: CHARACTER_SET[options.codepage] as never,
      removeSpecialCharacters: false,
      breakLine: 'NONE' as never,
    });
    this.printer.setBuffer(Buffer.alloc(0));
  }

  /** `ESC @`, then Kanji off and our code table (the init reset both). */
  init(): this {
    this.printer.add(Buffer.from([ESC, 0x40]));
    this.printer.add(codeTableBytes(this.options.codeTable));
    return this;
  }

  pulse(pulse: DrawerPulse): this {
    this.printer.add(drawerPulseBytes(pulse));
    return this;
  }

  /** One line of text, LF-terminated; refuses text wider than the paper or outside the table. */
  line(text: string, style: 'normal' | 'bold' | 'title' = 'normal'): this {
    if ([...text].length > this.options.columns) throw new Error(`line wider than ${this.options.columns} columns: ${text}`);
    // Throws for a character outside the table: nothing of the library's own choosing is sent.
    const bytes = encode(text, this.options.codepage);
    if (style === 'title') this.printer.setTextDoubleHeight();
    if (style !== 'normal') this.printer.bold(true);
    this.printer.add(Buffer.concat([bytes, LF]));
    if (style !== 'normal') this.printer.bold(false);
    if (style === 'title') this.printer.setTextNormal();
    return this;
  }

  qr(data: string): this {
    this.printer.alignCenter();
    this.printer.add(qrBytes(data, this.options.qrModuleSize));
    this.printer.alignLeft();
    return this;
  }

  async logo(png: Buffer): Promise<this> {
    this.printer.alignCenter();
    await this.printer.printImageBuffer(png);
    this.printer.alignLeft();
    return this;
  }

  /** Feed past the cutter and cut; the library's cut ends with ESC @, so the table is re-sent. */
  cut(): this {
    if (this.options.cut === 'none') {
      this.printer.printVerticalTab();
      return this;
    }
    if (this.options.cut === 'full') this.printer.cut({ verticalTabAmount: 1 });
    else this.printer.partialCut({ verticalTabAmount: 1 });
    this.printer.add(codeTableBytes(this.options.codeTable));
    return this;
  }

  bytes(): Buffer {
    return Buffer.from(this.printer.getBuffer());
  }
}

/** A whole receipt: init, table, drawer pulse, logo, rows, cut. */
export async function receiptBytes(rows: readonly ReceiptRow[], options: JobOptions): Promise<Buffer> {
  const job = new EscPosJob(options).init();
  if (options.drawer) job.pulse(options.drawer);
  if (options.logo) await job.logo(options.logo);
  for (const row of rows) {
    if (row.kind === 'text') job.line(row.text, row.style);
    else job.qr(row.data);
  }
  return job.cut().bytes();
}

/** Only the drawer pulse (cash sale with printing off, or "open drawer" on demand). */
export function pulseOnlyBytes(options: JobOptions, pulse: DrawerPulse): Buffer {
  return new EscPosJob(options).init().pulse(pulse).bytes();
}
