/** Raw TCP (port 9100): one connection per job; status answers come back on the same socket. */
import { connect, type Socket } from 'node:net';
import { PrinterError, reason, type PrinterTransport } from './transport.js';

export type TcpOptions = { readonly host: string; readonly port: number; readonly timeoutMs?: number };

export class TcpTransport implements PrinterTransport {
  readonly description: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: TcpOptions) {
    this.description = `TCP ${options.host}:${options.port}`;
    this.timeoutMs = options.timeoutMs ?? 5_000;
  }

  private open(timeoutMs = this.timeoutMs): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: this.options.host, port: this.options.port });
      socket.setNoDelay(true);
      socket.setTimeout(timeoutMs, () => socket.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
      socket.once('connect', () => resolve(socket));
      socket.once('error', (err) => reject(new PrinterError(`${this.description}: ${reason(err)}`)));
    });
  }

  async send(bytes: Buffer): Promise<void> {
    await this.sendOn(await this.open(), bytes);
  }

  /** The job's bytes end the connection: a printer counts a job done when its sender closes. */
  private sendOn(socket: Socket, bytes: Buffer): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let finished = false;
      // Read (and drop) whatever the printer says, so closing never resets unread data.
      socket.on('data', () => undefined);
      socket.on('error', (err) => (finished ? resolve() : reject(new PrinterError(`${this.description}: ${reason(err)}`))));
      socket.on('close', () => (finished ? resolve() : reject(new PrinterError(`${this.description}: ${reason({ code: 'ECONNRESET' })}`))));
      socket.end(bytes, () => {
        // Every byte is with the system: done. Give the printer a moment to close its side.
        finished = true;
        resolve();
        setTimeout(() => socket.destroy(), 2_000).unref();
      });
    });
  }

  /**
   * A job's status question and its bytes on one connection (two connections a receipt instead of
   * three: the status after it needs a new one, as the job ends its connection). A question left
   * without its whole answer closes the socket — a late answer must not be read as the next one's.
   */
  async session<T>(use: (link: PrinterTransport) => Promise<T>): Promise<T> {
    let socket: Socket | null = null;
    const link: PrinterTransport = {
      description: this.description,
      exchange: async (request, expect, timeoutMs) => {
        const s = socket ?? (await this.open(Math.min(timeoutMs, this.timeoutMs)));
        socket = s;
        const reply = await this.ask(s, request, expect, timeoutMs);
        if (reply.length < expect || s.destroyed) {
          s.destroy();
          socket = null;
        }
        return reply;
      },
      send: async (bytes) => {
        const s = socket ?? (await this.open());
        socket = null;
        // Opened for a status question: a job gets the time of a job.
        s.setTimeout(this.timeoutMs);
        await this.sendOn(s, bytes);
      },
    };
    try {
      return await use(link);
    } finally {
      // A status-only socket (the printer could not print, or the question after the job) goes at once.
      (socket as Socket | null)?.destroy();
    }
  }

  /** Writes a request on an open socket and collects up to `expect` answer bytes, fewer when the time runs out. */
  private ask(socket: Socket, request: Buffer, expect: number, timeoutMs: number): Promise<Buffer> {
    return new Promise((resolve) => {
      const chunks: Buffer[] = [];
      let got = 0;
      const done = () => {
        clearTimeout(timer);
        socket.off('data', onData);
        socket.off('error', done);
        socket.off('close', done);
        resolve(Buffer.concat(chunks).subarray(0, expect));
      };
      const onData = (chunk: Buffer) => {
        chunks.push(chunk);
        got += chunk.length;
        if (got >= expect) done();
      };
      const timer = setTimeout(done, timeoutMs);
      socket.on('data', onData);
      socket.on('error', done);
      socket.on('close', done);
      socket.write(request);
    });
  }

  async exchange(request: Buffer, expect: number, timeoutMs: number): Promise<Buffer> {
    // A status question is short: a printer that cannot even be reached in that time is not there.
    const socket = await this.open(Math.min(timeoutMs, this.timeoutMs));
    return new Promise((resolve) => {
      const chunks: Buffer[] = [];
      let got = 0;
      const done = () => {
        clearTimeout(timer);
        socket.destroy();
        resolve(Buffer.concat(chunks).subarray(0, expect));
      };
      const timer = setTimeout(done, timeoutMs);
      socket.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        got += chunk.length;
        if (got >= expect) done();
      });
      socket.on('error', done);
      socket.on('close', done);
      socket.write(request);
    });
  }
}
