/** A serial scanner on a self-reconnecting link: codes out, one callback per scan. */
import type { ByteTransport } from '../serial/link.js';
import { CodeReader, type ScannedCode, type ScannerSuffix } from './code-reader.js';

/** With no suffix, this much silence ends a code (scanners send a code in one burst). */
const GAP_MS = 60;

export class SerialScanner {
  private readonly reader: CodeReader;
  private off: (() => void) | null = null;
  private gap: NodeJS.Timeout | null = null;

  constructor(
    private readonly transport: ByteTransport,
    private readonly suffix: ScannerSuffix,
    private readonly onCode: (code: ScannedCode) => void,
  ) {
    this.reader = new CodeReader(suffix);
  }

  start(): void {
    this.off ??= this.transport.onData((chunk) => {
      for (const c of this.reader.feed(chunk)) this.onCode(c);
      if (this.gap) clearTimeout(this.gap);
      if (this.suffix === 'none' && this.reader.partial) {
        this.gap = setTimeout(() => {
          for (const c of this.reader.flush()) this.onCode(c);
        }, GAP_MS);
      }
    });
  }

  stop(): void {
    this.off?.();
    this.off = null;
    if (this.gap) clearTimeout(this.gap);
  }
}
