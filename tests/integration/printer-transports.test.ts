/**
 * The printer over each transport, against the emulator: TCP 9100 directly; a USB printer device
 * (/dev/usb/lpN) and a serial port played by pseudo-terminals that socat bridges to the emulator
 * (no USB printer here: a pty is a character device like usblp's, with the same open/write/read);
 * a plain file; the Windows RAW queue through a stand-in for powershell.exe (no Windows here).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, closeSync, constants, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReceipt } from '../../main/domain/receipt.js';
import { PrinterEmulator } from '../../main/devices/printer/emulator/server.js';
import { readStatus } from '../../main/devices/printer/printer.js';
import { printableReceipt, receiptJob } from '../../main/devices/printer/receipt-job.js';
import { DeviceFileTransport } from '../../main/devices/printer/transports/device-file.js';
import { SerialTransport } from '../../main/devices/printer/transports/serial.js';
import { TcpTransport } from '../../main/devices/printer/transports/tcp.js';
import { PrinterError } from '../../main/devices/printer/transports/transport.js';
import { RAW_PRINT_SCRIPT, WindowsQueueTransport } from '../../main/devices/printer/transports/windows.js';
import { RECEIPT_MODELS } from '../fixtures/printer/models.js';
import { socatMissing, socatPath } from '../fixtures/serial/socat.js';
import { useTempDir } from '../fixtures/temp-dir.js';

const OPTIONS = { codepage: 'cp866', codeTable: 17, columns: 42, cut: 'full', qrModuleSize: 6 } as const;
const model = RECEIPT_MODELS.sale!;
const expectedText = renderReceipt(printableReceipt(model, 'cp866'), 42);

const temp = useTempDir('kassa-printer-');
let emulator: PrinterEmulator;
let address: { host: string; port: number };

beforeAll(async () => {
  emulator = new PrinterEmulator({ printer: { profile: 'epson', paper: 80 }, idleMs: 150 });
  address = await emulator.listen();
});
afterAll(() => emulator.close());

function reset() {
  emulator.setState({ paperNearEnd: false, paperOut: false, coverOpen: false, offline: false });
}

describe('TCP 9100', () => {
  it('delivers every byte of a receipt, and the emulator reads back the document', async () => {
    const bytes = await receiptJob(model, OPTIONS);
    const last = emulator.lastJob()?.id ?? 0;
    await new TcpTransport(address).send(bytes);
    const job = await emulator.nextJob(last);
    expect(job.bytes.equals(bytes)).toBe(true);
    expect(job.decoded.text).toEqual(expectedText);
    expect(job.png().subarray(1, 4).toString()).toBe('PNG');
  });

  it('reads the status the printer answers', async () => {
    const t = new TcpTransport(address);
    const cases = [
      [{}, 'ready'],
      [{ paperNearEnd: true }, 'paper-near-end'],
      [{ paperOut: true }, 'paper-out'],
      [{ coverOpen: true }, 'cover-open'],
      [{ offline: true }, 'offline'],
    ] as const;
    for (const [s, condition] of cases) {
      reset();
      emulator.setState(s);
      expect((await readStatus(t)).condition).toBe(condition);
    }
    reset();
  });

  it('says the printer cannot be reached when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const t = new TcpTransport({ host: '127.0.0.1', port });
    await expect(t.send(Buffer.from('x'))).rejects.toThrow(/не принимает подключение/);
    expect(await readStatus(t)).toMatchObject({ condition: 'unreachable', canPrint: false });
  });

  it('a job in a session: the status and the receipt on one connection, the status after it on a second', async () => {
    // A printer that answers every status question "ready" and notes which connection got what.
    const got: string[][] = [];
    const printer: Server = createServer((s) => {
      const mine: string[] = [];
      got.push(mine);
      s.on('data', (d: Buffer) => {
        mine.push(d.toString('hex'));
        const asks = d.toString('latin1').split('\u0010\u0004').length - 1;
        if (asks > 0) s.write(Buffer.alloc(asks, 0x12));
      });
      s.on('error', () => undefined);
    });
    await new Promise<void>((r) => printer.listen(0, '127.0.0.1', r));
    try {
      const t = new TcpTransport({ host: '127.0.0.1', port: (printer.address() as { port: number }).port });
      const bytes = Buffer.from('1b40d0f2e5f1f20a', 'hex');
      const [before, after] = await t.session(async (link) => {
        const b = await readStatus(link);
        await link.send(bytes);
        return [b, await readStatus(link)];
      });
      expect([before?.condition, after?.condition]).toEqual(['ready', 'ready']);
      await new Promise((r) => setTimeout(r, 50));
      expect(got.map((c) => c.join(''))).toEqual(['100401100402100404' + bytes.toString('hex'), '100401100402100404']);
    } finally {
      printer.close();
    }
  });

  it('a session whose status question goes unanswered asks the next one on a new connection', async () => {
    let connections = 0;
    const silent: Server = createServer((s) => {
      connections++;
      s.on('data', () => undefined);
      s.on('error', () => undefined);
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const t = new TcpTransport({ host: '127.0.0.1', port: (silent.address() as { port: number }).port });
      const states = await t.session(async (link) => [(await readStatus(link, 200)).condition, (await readStatus(link, 200)).condition]);
      expect(states).toEqual(['no-answer', 'no-answer']);
      expect(connections).toBe(2);
    } finally {
      silent.close();
    }
  });

  it('says the printer did not answer when it takes the request but stays silent', async () => {
    const silent: Server = createServer((s) => s.on('data', () => undefined));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const t = new TcpTransport({ host: '127.0.0.1', port: (silent.address() as { port: number }).port });
      const started = Date.now();
      expect((await readStatus(t, 300)).condition).toBe('no-answer');
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      silent.close();
    }
  });
});

const noPtys = socatMissing();
if (noPtys) console.warn(`printer-transports: pty tests skipped — ${noPtys}`);

/** A pseudo-terminal at `link` whose other end socat connects to the emulator over TCP. */
async function ptyBridge(link: string): Promise<Disposable> {
  const child: ChildProcess = spawn(socatPath(), ['-d', '-d', `pty,raw,echo=0,link=${link}`, `TCP:${address.host}:${address.port}`], { stdio: 'ignore' });
  for (let i = 0; i < 100 && !existsSync(link); i++) await new Promise((r) => setTimeout(r, 20));
  // Keep the slave open for writing, so socat's side never sees the last close as hang-up.
  const keep = openSync(link, constants.O_WRONLY | constants.O_NOCTTY);
  return {
    [Symbol.dispose]() {
      closeSync(keep);
      child.kill();
    },
  };
}

describe.skipIf(noPtys !== null)('a USB printer device (/dev/usb/lpN), played by a pty bridged to the emulator', () => {
  it('prints a receipt and reads the status from the device', async () => {
    using _bridge = await ptyBridge(join(temp.dir(), 'lp0'));
    const t = new DeviceFileTransport({ path: join(temp.dir(), 'lp0') });
    reset();
    expect((await readStatus(t)).condition).toBe('ready');
    emulator.setState({ paperNearEnd: true });
    expect((await readStatus(t)).condition).toBe('paper-near-end');
    reset();
    const bytes = await receiptJob(model, OPTIONS);
    const last = emulator.lastJob()?.id ?? 0;
    await t.send(bytes);
    const job = await emulator.nextJob(last);
    expect(job.bytes.equals(bytes)).toBe(true);
    expect(job.decoded.text).toEqual(expectedText);
  });

  it('says the printer is not connected when the device is missing', async () => {
    const t = new DeviceFileTransport({ path: '/dev/usb/lp-kassa-test-missing' });
    await expect(t.send(Buffer.from('x'))).rejects.toThrow(/не подключён/);
    expect((await readStatus(t)).condition).toBe('unreachable');
  });
});

describe.skipIf(noPtys !== null)('a serial printer, played by a pty bridged to the emulator', () => {
  it('prints a receipt and reads the status over serialport', async () => {
    using _bridge = await ptyBridge(join(temp.dir(), 'ttyPrinter'));
    const t = new SerialTransport({ path: join(temp.dir(), 'ttyPrinter'), baudRate: 19200 });
    reset();
    emulator.setState({ coverOpen: true });
    expect((await readStatus(t)).condition).toBe('cover-open');
    reset();
    const bytes = await receiptJob(model, OPTIONS);
    const last = emulator.lastJob()?.id ?? 0;
    await t.send(bytes);
    const job = await emulator.nextJob(last);
    expect(job.bytes.equals(bytes)).toBe(true);
  });

  it('names the missing port in Russian', async () => {
    const t = new SerialTransport({ path: '/dev/ttyKASSA-missing', baudRate: 9600 });
    await expect(t.send(Buffer.from('x'))).rejects.toBeInstanceOf(PrinterError);
    await expect(t.send(Buffer.from('x'))).rejects.toThrow(/Порт \/dev\/ttyKASSA-missing/);
  });
});

describe('a plain file', () => {
  it('appends each receipt and does not pretend to read a status', async () => {
    {
      const path = join(temp.dir(), 'receipts.bin');
      const t = new DeviceFileTransport({ path, plainFile: true });
      await t.send(Buffer.from('first\n'));
      await t.send(Buffer.from('second\n'));
      expect(readFileSync(path, 'utf8')).toBe('first\nsecond\n');
      expect(t.exchange).toBeUndefined();
      expect((await readStatus(t)).condition).toBe('unknown');
    }
  });
});

// The stand-in is a POSIX shell script; on Windows the real powershell.exe and spooler would run.
const noShell = process.platform === 'win32' ? 'the stand-in for powershell.exe is a POSIX shell script' : null;
if (noShell) console.warn(`printer-transports: Windows queue tests skipped — ${noShell}`);

describe.skipIf(noShell !== null)('the Windows printer queue (RAW), through a stand-in for powershell.exe', () => {
  function standIn(dir: string, exitCode: number): string {
    const script = join(dir, 'powershell');
    writeFileSync(
      script,
      `#!/bin/sh\nprintf '%s\\n' "$@" > "${dir}/args"\nprintf '%s' "$KASSA_PRINTER" > "${dir}/printer"\nprintf '%s' "$KASSA_JOB_FILE" > "${dir}/jobpath"\ncp "$KASSA_JOB_FILE" "${dir}/job"\n` +
        (exitCode === 0 ? 'exit 0\n' : `echo 'Неверное имя принтера' >&2\nexit ${exitCode}\n`),
    );
    chmodSync(script, 0o755);
    return script;
  }

  it('runs the winspool RAW script with the printer name and the job file in the environment', async () => {
    const dir = temp.dir();
    const t = new WindowsQueueTransport({ printerName: 'POS-80 "C" & Co', command: standIn(dir, 0) });
    const bytes = await receiptJob(model, OPTIONS);
    await t.send(bytes);
    expect(readFileSync(join(dir, 'job')).equals(bytes)).toBe(true);
    expect(readFileSync(join(dir, 'printer'), 'utf8')).toBe('POS-80 "C" & Co');
    const args = readFileSync(join(dir, 'args'), 'utf8').trim().split('\n');
    expect(args.slice(0, 5)).toEqual(['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand']);
    const script = Buffer.from(args[5]!, 'base64').toString('utf16le');
    expect(script).toBe(RAW_PRINT_SCRIPT);
    expect(script).toContain('pDatatype = "RAW"');
    expect(script).toContain('WritePrinter');
    expect(existsSync(readFileSync(join(dir, 'jobpath'), 'utf8'))).toBe(false); // the temporary job file is gone
    expect('exchange' in t).toBe(false); // the spooler gives no status back
  });

  it('passes the spooler error on to the cashier and leaves no job file behind', async () => {
    const dir = temp.dir();
    const t = new WindowsQueueTransport({ printerName: 'Нет такого', command: standIn(dir, 1) });
    await expect(t.send(Buffer.from('x'))).rejects.toThrow(/очередь Windows «Нет такого»: Неверное имя принтера/);
    expect(existsSync(readFileSync(join(dir, 'jobpath'), 'utf8'))).toBe(false);
  });

  it('kills a helper that does not answer in time, with what it started, so nothing prints after the failure', async () => {
    const dir = temp.dir();
    const script = join(dir, 'powershell');
    // A queue that holds the job, then "prints" it from a child process 600 ms later.
    writeFileSync(script, `#!/bin/sh\ncp "$KASSA_JOB_FILE" "${dir}/held"\n(sleep 0.6; cp "${dir}/held" "${dir}/printed") &\nwait\n`);
    chmodSync(script, 0o755);
    const t = new WindowsQueueTransport({ printerName: 'POS-80', command: script, timeoutMs: 200 });
    await expect(t.send(Buffer.from('receipt'))).rejects.toThrow(/очередь печати не ответила/);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(existsSync(join(dir, 'held'))).toBe(true); // it did start
    expect(existsSync(join(dir, 'printed'))).toBe(false); // and was stopped before the late print
  });

  it('says so when PowerShell is not there', async () => {
    const t = new WindowsQueueTransport({ printerName: 'POS-80', command: join(temp.dir(), 'no-such-powershell') });
    await expect(t.send(Buffer.from('x'))).rejects.toThrow(/не удалось запустить PowerShell/);
  });
});
