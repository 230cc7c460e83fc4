/**
 * Codes from a serial (USB-COM) scanner: one code per line. The bytes are kept as they came —
 * the GS separator (0x1D) of a GS1 DataMatrix marking code must reach the check intact, which is
 * why marked goods need a serial scanner, not a keyboard wedge. An AIM symbology prefix (`]d2`,
 * `]E0`, …) is taken off and tells the kind. Pure.
 */
import { isValidEan13, isValidEan8, isValidUpcA } from '../../../common/barcode.js';

export const GS = '\u001d';

export type CodeKind = 'ean13' | 'ean8' | 'upca' | 'datamatrix' | 'qr' | 'code128' | 'other';

export type ScannedCode = { readonly code: string; readonly kind: CodeKind };

/** `cr-lf`: a line ends at CR, LF or CR LF. `none`: the scanner sends no suffix; a pause ends it. */
export type ScannerSuffix = 'cr-lf' | 'none';

const AIM_KINDS: Readonly<Record<string, CodeKind>> = { d: 'datamatrix', Q: 'qr', C: 'code128', E: 'ean13', X: 'other' };

/** Longest code we accept: a marking code is ~100 bytes; a runaway line without suffix is noise. */
const MAX_CODE = 512;

export function classify(raw: string): ScannedCode | null {
  let code = raw;
  let aim: CodeKind | null = null;
  const prefix = /^\](.)(.)/.exec(code);
  if (prefix) {
    aim = AIM_KINDS[prefix[1]!] ?? 'other';
    code = code.slice(3);
  }
  if (code.length === 0) return null;
  if (aim === 'datamatrix' || code.includes(GS)) return { code, kind: 'datamatrix' };
  if (isValidEan13(code)) return { code, kind: 'ean13' };
  if (isValidEan8(code)) return { code, kind: 'ean8' };
  if (isValidUpcA(code)) return { code, kind: 'upca' };
  return { code, kind: aim ?? 'other' };
}

export class CodeReader {
  private pending = '';

  constructor(private readonly suffix: ScannerSuffix = 'cr-lf') {}

  /** Bytes in → finished codes. With `none`, call `flush()` after a pause. */
  feed(chunk: Uint8Array): ScannedCode[] {
    this.pending += Buffer.from(chunk).toString('latin1');
    const out: ScannedCode[] = [];
    if (this.suffix === 'cr-lf') {
      const parts = this.pending.split(/\r\n|\r|\n/);
      // A CR at the very end may be the first half of CR LF: the LF then ends an empty line.
      this.pending = parts.pop() ?? '';
      for (const p of parts) {
        const c = classify(p);
        if (c) out.push(c);
      }
    }
    if (this.pending.length > MAX_CODE) this.pending = '';
    return out;
  }

  flush(): ScannedCode[] {
    const c = classify(this.pending.replace(/[\r\n]+$/, ''));
    this.pending = '';
    return c ? [c] : [];
  }

  get partial(): boolean {
    return this.pending.length > 0;
  }
}
