/**
 * The scale manager: asks the scale for its weight every `pollMs` (or listens, for a streaming
 * scale), gives up on an answer after `timeoutMs`, and turns a lost port into a reading the
 * cashier understands. The link underneath reconnects by itself; polling resumes when it does.
 */
import type { ByteTransport, LinkStatus } from '../serial/link.js';
import type { ScaleProtocol } from './protocol.js';
import { failure, noAnswer, WEIGHT_MESSAGES, type WeightReading } from './reading.js';

export type ScaleManagerOptions = {
  readonly protocol: ScaleProtocol;
  readonly pollMs: number;
  readonly timeoutMs: number;
  readonly password?: string;
  /** Every reading, changed or not; the caller decides what is news. */
  readonly onReading: (reading: WeightReading) => void;
};

export function disconnected(status: LinkStatus): WeightReading {
  return { state: 'disconnected', grams: null, stable: false, message: status.message ?? 'Порт весов закрыт' };
}

export class ScaleManager {
  private last: WeightReading | null = null;
  private readonly waiters = new Set<(r: WeightReading) => void>();
  private running = false;
  private wake: (() => void) | null = null;
  private readonly offs: (() => void)[] = [];
  private watchdog: NodeJS.Timeout | null = null;
  private loopDone: Promise<void> = Promise.resolve();
  /** The last exchange ended without a whole answer: late bytes may still be on their way. */
  private stale = false;

  constructor(
    private readonly transport: ByteTransport,
    private readonly options: ScaleManagerOptions,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.offs.push(this.transport.onStatus((s) => this.linkChanged(s)));
    if (this.options.protocol.stream) this.listen();
    else this.loopDone = this.loop();
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const off of this.offs.splice(0)) off();
    if (this.watchdog) clearTimeout(this.watchdog);
    this.wake?.();
    await this.loopDone;
  }

  current(): WeightReading | null {
    return this.last;
  }

  /** The next reading the scale gives, or after `timeoutMs` the last one known (or "no answer"). */
  next(timeoutMs: number): Promise<WeightReading> {
    return new Promise((resolve) => {
      const done = (r: WeightReading) => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve(r);
      };
      const timer = setTimeout(() => done(this.last ?? noAnswer()), timeoutMs);
      this.waiters.add(done);
    });
  }

  private publish(reading: WeightReading): void {
    this.last = reading;
    this.options.onReading(reading);
    for (const w of [...this.waiters]) w(reading);
  }

  private linkChanged(status: LinkStatus): void {
    if (status.state === 'lost') this.publish(disconnected(status));
    if (status.state === 'open') this.wake?.();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(finish, ms);
      function finish() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = finish;
    });
  }

  private async loop(): Promise<void> {
    while (this.running) {
      const status = this.transport.status();
      if (status.state !== 'open') {
        await this.sleep(Math.max(this.options.pollMs, 250));
        continue;
      }
      // After an unanswered request its answer may still come: let the line fall quiet first,
      // or that old weight would be read as the answer to the next request.
      if (this.stale) await this.flush();
      if (!this.running) break;
      const reading = await this.exchange();
      if (!this.running) break;
      // No answer, a cut one or garbage: the rest of it (or a late one) may still arrive.
      this.stale = reading.state === 'no-answer' || reading.state === 'error';
      // A port that vanished mid-exchange is the news, not the silence that followed.
      const after = this.transport.status();
      if (after.state === 'open') this.publish(reading);
      else if (after.state === 'lost') this.publish(disconnected(after));
      await this.sleep(this.options.pollMs);
    }
  }

  /**
   * Drops whatever arrives until the line has been silent for `timeoutMs` (at most three times
   * that, so a chattering port cannot stop the polling).
   */
  private flush(): Promise<void> {
    const quietMs = this.options.timeoutMs;
    return new Promise((resolve) => {
      let quiet: NodeJS.Timeout;
      const finish = () => {
        clearTimeout(quiet);
        clearTimeout(limit);
        off();
        this.stale = false;
        if (this.wake === finish) this.wake = null;
        resolve();
      };
      const off = this.transport.onData(() => {
        clearTimeout(quiet);
        quiet = setTimeout(finish, quietMs);
      });
      quiet = setTimeout(finish, quietMs);
      const limit = setTimeout(finish, quietMs * 3);
      this.wake = finish; // stop() must not wait for the line to fall quiet
    });
  }

  /** One request and its answer, or the reason there was none. */
  private exchange(): Promise<WeightReading> {
    const { protocol, timeoutMs, password } = this.options;
    const dialog = protocol.dialog(password === undefined ? {} : { password });
    return new Promise((resolve) => {
      let settled = false;
      const finish = (r: WeightReading) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        off();
        resolve(r);
      };
      const write = (bytes: Uint8Array) =>
        this.transport
          .write(bytes)
          .catch((err: unknown) => finish(failure(`Не удалось отправить запрос весам: ${String(err instanceof Error ? err.message : err)}`)));
      const off = this.transport.onData((chunk) => {
        for (const step of dialog.feed(chunk)) {
          if (settled) return;
          if (step.kind === 'send') void write(step.bytes);
          else finish(step.reading);
        }
      });
      const timer = setTimeout(() => finish(dialog.partial ? failure(WEIGHT_MESSAGES.truncated) : noAnswer()), timeoutMs);
      const first = dialog.start();
      if (first) void write(first);
    });
  }

  /** A streaming scale: every line is a reading; silence longer than `timeoutMs` is "no answer". */
  private listen(): void {
    const dialog = this.options.protocol.dialog();
    const arm = () => {
      if (this.watchdog) clearTimeout(this.watchdog);
      this.watchdog = setTimeout(() => {
        if (!this.running) return;
        const status = this.transport.status();
        if (status.state === 'open') this.publish(dialog.partial ? failure(WEIGHT_MESSAGES.truncated) : noAnswer());
        arm();
      }, this.options.timeoutMs);
    };
    this.offs.push(
      this.transport.onData((chunk) => {
        for (const step of dialog.feed(chunk)) {
          if (step.kind === 'reading') this.publish(step.reading);
        }
        arm();
      }),
    );
    arm();
  }
}
