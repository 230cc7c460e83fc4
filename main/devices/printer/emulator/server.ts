/**
 * The receipt printer emulator: a TCP 9100-style server that takes ESC/POS jobs, answers status
 * requests from its simulated state (paper near end, paper out, cover open, offline), and keeps
 * each job decoded to text and to a PNG of the paper. Tests print to it; in training mode it is
 * the till's printer and its PNG is the on-screen receipt preview.
 */
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { decodeEscPos, type Decoded, type EmulatedPrinter } from './decoder.js';
import { paperPng } from './paper.js';

export type SimulatedState = { paperNearEnd: boolean; paperOut: boolean; coverOpen: boolean; offline: boolean };

export type EmulatedJob = {
  readonly id: number;
  readonly receivedAt: string;
  /** performance.now() when the job's last byte arrived. */
  readonly lastByteAt: number;
  readonly bytes: Buffer;
  readonly decoded: Decoded;
  readonly printer: EmulatedPrinter;
  /** The printer was not ready: a real one would hold or drop the job. */
  readonly whileNotReady: boolean;
  png(): Buffer;
};

export type EmulatorOptions = {
  readonly printer: EmulatedPrinter;
  /** A connection silent this long ends the job (bridged serial/usb links never close). */
  readonly idleMs?: number;
  /** Jobs kept in memory. */
  readonly keep?: number;
};

/** One answer byte to `DLE EOT n` (fixed bits 1 and 4 set) or `GS r n`. */
export function statusByte(request: number, s: SimulatedState): number {
  const out = s.paperOut;
  switch (request) {
    case 1:
      return 0x12 | (s.offline || out || s.coverOpen ? 0x08 : 0);
    case 2:
      return 0x12 | (s.coverOpen ? 0x04 : 0) | (out ? 0x20 : 0);
    case 3:
      return 0x12;
    case 4:
      return 0x12 | (s.paperNearEnd && !out ? 0x0c : 0) | (out ? 0x60 : 0);
    case 0x101:
      return (s.paperNearEnd ? 0x03 : 0) | (out ? 0x0c : 0); // GS r 1
    default:
      return 0x12;
  }
}

export class PrinterEmulator {
  private server: Server | null = null;
  /** The listen under way or done, and whether a close came: a close waits for it and frees the port. */
  private listening: Promise<unknown> | null = null;
  private closing = false;
  private readonly sockets = new Set<Socket>();
  private readonly list: EmulatedJob[] = [];
  private readonly listeners = new Set<(job: EmulatedJob) => void>();
  private nextId = 1;
  private printer: EmulatedPrinter;
  readonly state: SimulatedState = { paperNearEnd: false, paperOut: false, coverOpen: false, offline: false };

  constructor(private readonly options: EmulatorOptions) {
    this.printer = options.printer;
  }

  /** Listens on 127.0.0.1 (port 0 = any free port); resolves with the address. */
  listen(port = 0, host = '127.0.0.1'): Promise<{ host: string; port: number }> {
    const server = createServer((socket) => this.accept(socket));
    this.server = server;
    this.closing = false;
    const listening = new Promise<{ host: string; port: number }>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        // Closed while the port was being bound: let it go again instead of listening for nobody.
        if (this.closing) return server.close(() => reject(new Error('printer emulator closed')));
        const a = server.address() as AddressInfo;
        resolve({ host: a.address, port: a.port });
      });
    });
    this.listening = listening;
    return listening;
  }

  address(): { host: string; port: number } | null {
    const a = this.server?.address();
    return a && typeof a === 'object' ? { host: a.address, port: a.port } : null;
  }

  /** The printer model and paper being emulated (follows the till's printer settings). */
  configure(printer: EmulatedPrinter): void {
    this.printer = printer;
  }

  setState(s: Partial<SimulatedState>): void {
    Object.assign(this.state, s);
  }

  jobs(): readonly EmulatedJob[] {
    return this.list;
  }

  lastJob(): EmulatedJob | null {
    return this.list.at(-1) ?? null;
  }

  onJob(listener: (job: EmulatedJob) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The next job that arrives (or the first already kept after `afterId`). */
  nextJob(afterId = this.lastJob()?.id ?? 0, timeoutMs = 5_000): Promise<EmulatedJob> {
    const kept = this.list.find((j) => j.id > afterId);
    if (kept) return Promise.resolve(kept);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`no print job within ${timeoutMs} ms`));
      }, timeoutMs);
      const off = this.onJob((job) => {
        if (job.id <= afterId) return;
        clearTimeout(timer);
        off();
        resolve(job);
      });
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    if (server?.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    else await this.listening?.catch(() => undefined);
    this.server = null;
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    let chunks: Buffer[] = [];
    let answered = 0;
    let lastByteAt = 0;
    let idle: NodeJS.Timeout | null = null;
    /** The decoding of all of `chunks` made for their status requests: the job reuses it. */
    let sofar: { decoded: Decoded; length: number; printer: EmulatedPrinter } | null = null;
    const finish = () => {
      if (idle) clearTimeout(idle);
      idle = null;
      const bytes = Buffer.concat(chunks);
      chunks = [];
      answered = 0;
      const decoded = sofar && sofar.length === bytes.length && sofar.printer === this.printer ? sofar.decoded : undefined;
      sofar = null;
      if (bytes.length > 0) this.record(bytes, lastByteAt, decoded);
    };
    socket.on('data', (chunk: Buffer) => {
      lastByteAt = performance.now();
      chunks.push(chunk);
      // Real-time status requests are answered at once, even mid-job and when offline.
      const all = Buffer.concat(chunks);
      const decoded = decodeEscPos(all, this.printer);
      sofar = { decoded, length: all.length, printer: this.printer };
      const requests = decoded.statusRequests;
      if (requests.length > answered) {
        socket.write(Buffer.from(requests.slice(answered).map((r) => statusByte(r, this.state))));
        answered = requests.length;
      }
      // A status question alone is not the start of a job (bridged links never close between them).
      if (!decoded.truncated && decoded.ops.every((op) => op.name.startsWith('DLE EOT'))) {
        chunks = [];
        answered = 0;
        sofar = null;
      }
      if (idle) clearTimeout(idle);
      idle = setTimeout(finish, this.options.idleMs ?? 300);
    });
    socket.on('end', () => {
      finish();
      socket.end();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      finish();
      this.sockets.delete(socket);
    });
  }

  private record(bytes: Buffer, lastByteAt: number, known?: Decoded): void {
    const printer = this.printer;
    const decoded = known ?? decodeEscPos(bytes, printer);
    // A status question alone is not a job.
    if (decoded.items.length === 0 && decoded.pulses.length === 0) return;
    let png: Buffer | null = null;
    const s = this.state;
    const job: EmulatedJob = {
      id: this.nextId++,
      receivedAt: new Date().toISOString(),
      lastByteAt,
      bytes,
      decoded,
      printer,
      whileNotReady: s.offline || s.paperOut || s.coverOpen,
      png: () => (png ??= paperPng(decoded, printer.paper)),
    };
    this.list.push(job);
    if (this.list.length > (this.options.keep ?? 50)) this.list.shift();
    for (const l of this.listeners) l(job);
  }
}
