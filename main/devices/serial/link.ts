/**
 * A serial link that keeps itself open: it opens the port, and whenever the port goes away (USB
 * unplugged, adapter reset, pseudo-terminal gone) it says so and keeps retrying with a growing
 * pause until the port is back. Devices talk through it and never see a dead handle.
 */
import { openErrorMessage, systemOpener, type PortOpener, type RawPort, type SerialOptions } from './port.js';

export type LinkState = 'opening' | 'open' | 'lost' | 'closed';
export type LinkStatus = { readonly state: LinkState; readonly message?: string };

/** The bytes-in, bytes-out view devices have of a link (a simulated scale offers the same). */
export interface ByteTransport {
  write(bytes: Uint8Array): Promise<void>;
  onData(listener: (chunk: Buffer) => void): () => void;
  onStatus(listener: (status: LinkStatus) => void): () => void;
  status(): LinkStatus;
}

export type LinkOptions = SerialOptions & {
  readonly opener?: PortOpener;
  /** First and longest pause between attempts to reopen. */
  readonly retryMinMs?: number;
  readonly retryMaxMs?: number;
  readonly log?: (msg: string, err?: unknown) => void;
};

export class SerialLink implements ByteTransport {
  private port: RawPort | null = null;
  private current: LinkStatus = { state: 'closed' };
  private readonly dataListeners = new Set<(chunk: Buffer) => void>();
  private readonly statusListeners = new Set<(status: LinkStatus) => void>();
  private retryTimer: NodeJS.Timeout | null = null;
  private retryMs: number;
  private stopped = true;
  /**
   * Counts start()s. An open still under way when stop() and start() came is the old run's: its
   * port must be closed, not kept — it would hold the port's lock against the new run's open.
   */
  private run = 0;
  private readonly opener: PortOpener;
  private readonly minMs: number;
  private readonly maxMs: number;

  constructor(private readonly options: LinkOptions) {
    this.opener = options.opener ?? systemOpener;
    this.minMs = options.retryMinMs ?? 250;
    this.maxMs = options.retryMaxMs ?? 2_000;
    this.retryMs = this.minMs;
  }

  get path(): string {
    return this.options.path;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.run += 1;
    this.retryMs = this.minMs;
    void this.attempt(this.run);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const port = this.port;
    this.port = null;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    port?.removeAllListeners();
    this.setStatus({ state: 'closed' });
  }

  status(): LinkStatus {
    return this.current;
  }

  onData(listener: (chunk: Buffer) => void): () => void {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  onStatus(listener: (status: LinkStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Resolves once the link is open, or with false after `timeoutMs`. */
  whenOpen(timeoutMs: number): Promise<boolean> {
    if (this.current.state === 'open') return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        off();
        resolve(false);
      }, timeoutMs);
      const off = this.onStatus((s) => {
        if (s.state !== 'open') return;
        clearTimeout(timer);
        off();
        resolve(true);
      });
    });
  }

  write(bytes: Uint8Array): Promise<void> {
    const port = this.port;
    if (!port || this.current.state !== 'open') return Promise.reject(new Error(this.current.message ?? `Порт ${this.path} закрыт`));
    return new Promise((resolve, reject) => {
      port.write(Buffer.from(bytes), (err) => {
        if (!err) return resolve();
        // EIO / EBADF on write: the device is gone even if 'close' has not come yet.
        this.drop(port);
        reject(err);
      });
    });
  }

  private async attempt(run: number): Promise<void> {
    this.retryTimer = null;
    if (this.stopped || run !== this.run) return;
    if (this.current.state !== 'lost') this.setStatus({ state: 'opening' });
    let port: RawPort;
    try {
      port = await this.opener(this.options);
    } catch (err) {
      if (run === this.run) this.lost(openErrorMessage(this.path, err));
      return;
    }
    if (this.stopped || run !== this.run) {
      port.on('error', () => undefined);
      port.close();
      return;
    }
    this.port = port;
    this.retryMs = this.minMs;
    port.on('data', (chunk: Buffer) => {
      for (const l of this.dataListeners) l(chunk);
    });
    port.on('error', (err: Error) => this.options.log?.(`kassa: порт ${this.path}`, err));
    port.on('close', () => this.drop(port));
    this.setStatus({ state: 'open' });
  }

  /** The port went away under us: forget it, say so, and start trying to reopen. */
  private drop(port: RawPort): void {
    if (this.port !== port) return;
    this.port = null;
    port.removeAllListeners();
    port.on('error', () => undefined); // a late error from a dead handle must not crash the till
    if (port.isOpen) port.close();
    if (!this.stopped) this.lost(`Порт ${this.path} пропал — устройство отключено? Касса переподключится, как только порт появится`);
  }

  private lost(message: string): void {
    if (this.stopped) return;
    this.setStatus({ state: 'lost', message });
    const run = this.run;
    this.retryTimer = setTimeout(() => void this.attempt(run), this.retryMs);
    this.retryMs = Math.min(this.maxMs, this.retryMs * 2);
  }

  private setStatus(status: LinkStatus): void {
    const same = status.state === this.current.state && status.message === this.current.message;
    this.current = status;
    if (same) return;
    for (const l of this.statusListeners) l(status);
  }
}
