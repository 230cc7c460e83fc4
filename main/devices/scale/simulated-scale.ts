/**
 * The simulated scale of training mode: a Масса-К simulator in process behind the same transport
 * interface a serial link offers, so the trainee's weights go through the real protocol parser.
 * Putting goods on it makes it swing for a moment before it settles, as a real one does.
 */
import type { ByteTransport, LinkStatus } from '../serial/link.js';
import { ScaleSimulator } from './simulator.js';

export type SimulatedScaleOptions = {
  /** How long the weight swings after goods are put on. */
  readonly settleMs?: number;
  /** Answer delay, as a serial line at 9600 baud would have. */
  readonly latencyMs?: number;
};

export class SimulatedScale implements ByteTransport {
  readonly simulator = new ScaleSimulator('massa-k');
  private readonly listeners = new Set<(chunk: Buffer) => void>();
  private settleTimer: NodeJS.Timeout | null = null;
  private readonly settleMs: number;
  private readonly latencyMs: number;
  private closed = false;

  constructor(options: SimulatedScaleOptions = {}) {
    this.settleMs = options.settleMs ?? 700;
    this.latencyMs = options.latencyMs ?? 15;
  }

  /** Goods on the platform (grams; 0 = empty). */
  put(grams: number): void {
    if (this.settleTimer) clearTimeout(this.settleTimer);
    const target = Math.round(grams);
    // While it swings the scale shows a weight a little off the final one.
    this.simulator.load = { grams: target === 0 ? 0 : Math.round(target * 0.93), stable: false };
    this.settleTimer = setTimeout(() => {
      this.simulator.load = { grams: target, stable: true };
    }, this.settleMs);
  }

  close(): void {
    this.closed = true;
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.listeners.clear();
  }

  write(bytes: Uint8Array): Promise<void> {
    if (this.closed) return Promise.reject(new Error('Учебные весы выключены'));
    const replies = this.simulator.receive(bytes);
    if (replies.length > 0) {
      setTimeout(() => {
        for (const r of replies) for (const l of this.listeners) l(Buffer.from(r));
      }, this.latencyMs);
    }
    return Promise.resolve();
  }

  onData(listener: (chunk: Buffer) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onStatus(): () => void {
    return () => undefined;
  }

  status(): LinkStatus {
    return { state: 'open' };
  }
}
