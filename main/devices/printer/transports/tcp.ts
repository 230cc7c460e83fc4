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
    const socket = await this.open();
    await new Promise<void>((resolve, reject) => {
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
