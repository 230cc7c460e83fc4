/** A serial / USB-COM printer: the port is opened for one job or one status question, then closed. */
import { openErrorMessage, systemOpener, type PortOpener, type RawPort } from '../../serial/port.js';
import { PrinterError, reason, type PrinterTransport } from './transport.js';

export type SerialPrinterOptions = {
  readonly path: string;
  readonly baudRate: number;
  readonly opener?: PortOpener;
  readonly timeoutMs?: number;
};

export class SerialTransport implements PrinterTransport {
  readonly description: string;
  private readonly opener: PortOpener;
  private readonly timeoutMs: number;

  constructor(private readonly options: SerialPrinterOptions) {
    this.description = `${options.path} (${options.baudRate} бод)`;
    this.opener = options.opener ?? systemOpener;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  private async open(): Promise<RawPort> {
    try {
      return await this.opener({ path: this.options.path, baudRate: this.options.baudRate });
    } catch (err) {
      throw new PrinterError(openErrorMessage(this.options.path, err));
    }
  }

  async send(bytes: Buffer): Promise<void> {
    const port = await this.open();
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new PrinterError(`${this.description}: принтер не принимает данные (нет бумаги, открыта крышка?)`)), this.timeoutMs);
        port.write(bytes, (err) => {
          if (err) {
            clearTimeout(timer);
            reject(new PrinterError(`${this.description}: ${reason(err)}`));
          }
        });
        port.drain((err) => {
          clearTimeout(timer);
          if (err) reject(new PrinterError(`${this.description}: ${reason(err)}`));
          else resolve();
        });
      });
    } finally {
      await close(port);
    }
  }

  async exchange(request: Buffer, expect: number, timeoutMs: number): Promise<Buffer> {
    const port = await this.open();
    try {
      return await new Promise<Buffer>((resolve) => {
        const chunks: Buffer[] = [];
        let got = 0;
        const done = () => {
          clearTimeout(timer);
          port.off('data', onData);
          resolve(Buffer.concat(chunks).subarray(0, expect));
        };
        const onData = (chunk: Buffer) => {
          chunks.push(chunk);
          got += chunk.length;
          if (got >= expect) done();
        };
        const timer = setTimeout(done, timeoutMs);
        port.on('data', onData);
        port.write(request);
      });
    } finally {
      await close(port);
    }
  }
}

function close(port: RawPort): Promise<void> {
  return new Promise((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve()));
}
