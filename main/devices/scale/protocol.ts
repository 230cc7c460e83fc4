/**
 * A scale protocol as a pure dialog: what to send to ask for the weight, and what the bytes that
 * come back mean, fed in whatever pieces the port delivers them. No timers and no I/O here —
 * the scale manager (scale.ts) adds those.
 */
import { failure, WEIGHT_MESSAGES, type WeightReading } from './reading.js';

export type DialogStep = { readonly kind: 'send'; readonly bytes: Uint8Array } | { readonly kind: 'reading'; readonly reading: WeightReading };

export interface ScaleDialog {
  /** Bytes that open one exchange; null for a scale that sends its weight by itself. */
  start(): Uint8Array | null;
  /** Received bytes, split anyhow → replies to send and finished readings, in order. */
  feed(chunk: Uint8Array): DialogStep[];
  /** True while the bytes of an unfinished answer are held: "truncated", not "silent". */
  readonly partial: boolean;
}

export type ScaleProtocolId = 'massa-k' | 'cas' | 'cas-stream' | 'shtrih-pos2' | 'mt-sics';

export type DialogOptions = {
  /** Штрих-М POS2 operator password: 4 ASCII digits. */
  readonly password?: string;
};

export type ScaleProtocol = {
  readonly id: ScaleProtocolId;
  /** The scale sends frames unasked; there is nothing to poll. */
  readonly stream: boolean;
  readonly defaultBaudRate: number;
  dialog(options?: DialogOptions): ScaleDialog;
};

/** A growing byte buffer for parsers that wait for whole frames. */
export class ByteQueue {
  private buf: Buffer = Buffer.alloc(0);

  push(chunk: Uint8Array): void {
    this.buf = this.buf.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buf, chunk]);
  }

  get length(): number {
    return this.buf.length;
  }

  get bytes(): Buffer {
    return this.buf;
  }

  drop(n: number): void {
    this.buf = this.buf.subarray(Math.min(n, this.buf.length));
  }

  clear(): void {
    this.buf = Buffer.alloc(0);
  }
}

export const send = (bytes: Uint8Array | readonly number[]): DialogStep => ({ kind: 'send', bytes: Uint8Array.from(bytes) });
export const reading = (r: WeightReading): DialogStep => ({ kind: 'reading', reading: r });

export const hex = (n: number): string => `0x${n.toString(16).toUpperCase().padStart(2, '0')}`;

/** The longest line an ASCII scale sends; a longer run without LF is noise, not that protocol. */
const MAX_LINE = 64;

/**
 * A dialog of ASCII lines ending LF (CR LF): `request` opens each exchange (null: the scale
 * streams), `parseLine` reads one line without its CR LF (null: not a weight, skip it).
 */
export function lineDialog(request: string | null, parseLine: (line: string) => WeightReading | null): ScaleDialog {
  const q = new ByteQueue();
  return {
    start: () => (request === null ? null : Buffer.from(request, 'ascii')),
    get partial() {
      return q.length > 0;
    },
    feed(chunk) {
      q.push(chunk);
      const steps: DialogStep[] = [];
      for (;;) {
        const lf = q.bytes.indexOf(0x0a);
        if (lf < 0) {
          if (q.length > MAX_LINE) {
            q.clear();
            steps.push(reading(failure(WEIGHT_MESSAGES.garbled)));
          }
          break;
        }
        const line = q.bytes.subarray(0, lf).toString('latin1').replace(/\r$/, '');
        q.drop(lf + 1);
        const r = parseLine(line);
        if (r) steps.push(reading(r));
      }
      return steps;
    },
  };
}
