/**
 * The customer pole display on a self-reconnecting link: remembers what it shows, and shows it
 * again (after init) whenever the port comes back, so a replugged display is never stale.
 */
import type { ByteTransport, LinkStatus } from '../serial/link.js';
import { initBytes, linesBytes, type DisplayFormat } from './commands.js';

export class PoleDisplay {
  private text = { upper: '', lower: '' };
  private off: (() => void) | null = null;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly transport: ByteTransport,
    private readonly format: DisplayFormat,
    private readonly onError: (message: string) => void = () => undefined,
  ) {}

  start(): void {
    this.off ??= this.transport.onStatus((s: LinkStatus) => {
      if (s.state === 'open') void this.send(true);
    });
    if (this.transport.status().state === 'open') void this.send(true);
  }

  stop(): void {
    this.off?.();
    this.off = null;
  }

  /** Shows two lines; resolves when the bytes have been written (or could not be). */
  show(upper: string, lower: string): Promise<void> {
    this.text = { upper, lower };
    return this.send(false);
  }

  shown(): { upper: string; lower: string } {
    return this.text;
  }

  private send(withInit: boolean): Promise<void> {
    const bytes = withInit
      ? Buffer.concat([initBytes(this.format), linesBytes(this.text.upper, this.text.lower, this.format)])
      : linesBytes(this.text.upper, this.text.lower, this.format);
    // One write at a time, in order: two quick updates must not interleave on the wire.
    this.queue = this.queue.then(async () => {
      if (this.transport.status().state !== 'open') return;
      try {
        await this.transport.write(bytes);
      } catch (err) {
        this.onError(err instanceof Error ? err.message : String(err));
      }
    });
    return this.queue;
  }
}
