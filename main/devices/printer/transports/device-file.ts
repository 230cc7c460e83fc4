/**
 * A printer that is a file: the Linux USB printer class device `/dev/usb/lpN` (usblp), or a plain
 * file the receipts are appended to. Opened non-blocking, so a printer that stops taking data
 * (paper out) makes the job fail after a timeout instead of hanging a thread forever; usblp
 * answers status requests by read() on the same device.
 */
import { constants, promises as fs } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { PrinterError, reason, type PrinterTransport } from './transport.js';

export type DeviceFileOptions = {
  readonly path: string;
  /** A plain file: created if missing; status cannot be read from it. */
  readonly plainFile?: boolean;
  readonly timeoutMs?: number;
};

const POLL_MS = 10;

export class DeviceFileTransport implements PrinterTransport {
  readonly description: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: DeviceFileOptions) {
    this.description = options.plainFile ? `файл ${options.path}` : options.path;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    if (!options.plainFile) this.exchange = (request, expect, timeoutMs) => this.exchangeWithDevice(request, expect, timeoutMs);
  }

  exchange?: (request: Buffer, expect: number, timeoutMs: number) => Promise<Buffer>;

  private async open(flags: number): Promise<fs.FileHandle> {
    try {
      return await fs.open(this.options.path, flags | constants.O_NONBLOCK | (this.options.plainFile ? constants.O_CREAT | constants.O_APPEND : 0), 0o644);
    } catch (err) {
      throw new PrinterError(`${this.description}: ${reason(err)}`);
    }
  }

  async send(bytes: Buffer): Promise<void> {
    const file = await this.open(constants.O_WRONLY);
    try {
      await writeAll(file, bytes, Date.now() + this.timeoutMs, this.description);
    } finally {
      await file.close();
    }
  }

  private async exchangeWithDevice(request: Buffer, expect: number, timeoutMs: number): Promise<Buffer> {
    const file = await this.open(constants.O_RDWR);
    try {
      const deadline = Date.now() + timeoutMs;
      await writeAll(file, request, deadline, this.description);
      const answer = Buffer.alloc(expect);
      let got = 0;
      while (got < expect && Date.now() < deadline) {
        try {
          const { bytesRead } = await file.read(answer, got, expect - got, null);
          got += bytesRead;
          if (bytesRead === 0) await sleep(POLL_MS);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw new PrinterError(`${this.description}: ${reason(err)}`);
          await sleep(POLL_MS);
        }
      }
      return answer.subarray(0, got);
    } finally {
      await file.close();
    }
  }
}

async function writeAll(file: fs.FileHandle, bytes: Buffer, deadline: number, description: string): Promise<void> {
  let sent = 0;
  while (sent < bytes.length) {
    try {
      const { bytesWritten } = await file.write(bytes, sent, bytes.length - sent, null);
      sent += bytesWritten;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw new PrinterError(`${description}: ${reason(err)}`);
      if (Date.now() > deadline) throw new PrinterError(`${description}: принтер не принимает данные (нет бумаги, открыта крышка?)`);
      await sleep(POLL_MS);
    }
  }
}
