/**
 * The one place that touches the `serialport` package. It is loaded lazily, so that a till whose
 * native binding failed to load (an Electron ABI mismatch, say) still starts and says so on the
 * diagnostics screen instead of crashing.
 */
import type { EventEmitter } from 'node:events';
import { read } from 'node:fs';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';

export type SerialOptions = {
  readonly path: string;
  readonly baudRate: number;
  readonly dataBits?: 7 | 8;
  readonly parity?: 'none' | 'even' | 'odd';
  readonly stopBits?: 1 | 2;
};

/** What we use of a serialport stream (SerialPort and SerialPortMock both fit). */
export type RawPort = EventEmitter & {
  readonly isOpen: boolean;
  write(data: Buffer, callback?: (err: Error | null | undefined) => void): boolean;
  drain(callback?: (err: Error | null) => void): void;
  close(callback?: (err?: Error | null) => void): void;
};

/** Opens a port; resolves when it is open, rejects with the system's error. */
export type PortOpener = (options: SerialOptions) => Promise<RawPort>;

export type PortInfo = { readonly path: string; readonly manufacturer: string | null; readonly label: string };

type SerialPortModule = typeof import('serialport');

let loaded: Promise<SerialPortModule> | null = null;

/** Required, not import()ed: the web host's bundle runs from V8's code cache, where import() has no loader (main/host/code-cache.ts). */
function serialport(): Promise<SerialPortModule> {
  loaded ??= Promise.resolve().then(() => createRequire(import.meta.url)('serialport') as SerialPortModule);
  return loaded;
}

/** Opens a real port (or a pseudo-terminal) through the native binding. */
export const systemOpener: PortOpener = async (options) => {
  const { SerialPort } = await serialport();
  const port = await openWith((cb) => new SerialPort({ ...withDefaults(options), autoOpen: false }, cb));
  hangUpEndsReading((port as unknown as { port?: unknown }).port);
  return port;
};

/** What serialport's Linux and macOS port bindings have (Windows' has no fd and keeps its own read). */
type UnixPortBinding = {
  fd: number | null;
  readonly isOpen: boolean;
  readonly poller: { once(event: 'readable', cb: (err: Error | null) => void): unknown };
  read(buffer: Buffer, offset: number, length: number): Promise<{ bytesRead: number; buffer: Buffer }>;
};

const readAsync = promisify(read);

/**
 * serialport's unix read takes 0 bytes for "nothing yet" and reads again at once. But a port opened
 * non-blocking says "nothing yet" with EAGAIN; 0 comes only from a tty that hung up (USB-COM
 * unplugged, socat gone). A read that began after the hang-up — queued for the thread pool when
 * it came, or started after it — spun on the dead handle for ever, never closing the port, and
 * the till never said the device was gone. Here 0 bytes is a disconnect: the stream closes the port.
 */
export function hangUpEndsReading(binding: unknown): void {
  const b = binding as Partial<UnixPortBinding> | undefined;
  if (!b || typeof b.fd !== 'number' || !b.poller || typeof b.read !== 'function') return;
  const unix = b as UnixPortBinding;
  unix.read = async (buffer, offset, length) => {
    for (;;) {
      const fd = unix.fd;
      if (!unix.isOpen || fd === null) throw Object.assign(new Error('Port is not open'), { canceled: true });
      try {
        const { bytesRead } = await readAsync(fd, buffer, offset, length, null);
        if (bytesRead === 0) throw Object.assign(new Error('Порт закрыт с другой стороны (0 байт при чтении)'), { code: 'EIO', disconnect: true });
        return { bytesRead, buffer };
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK' && code !== 'EINTR') throw err;
        if (!unix.isOpen) throw Object.assign(new Error('Port is not open'), { canceled: true });
        await new Promise<void>((resolve, reject) => unix.poller.once('readable', (e) => (e ? reject(e) : resolve())));
      }
    }
  };
}

/** Shared by the system opener and tests' mock opener: construct, open, resolve once open. */
export function openWith(make: (cb: (err: Error | null) => void) => RawPort & { open(cb: (err: Error | null) => void): void }): Promise<RawPort> {
  return new Promise((resolve, reject) => {
    const port = make(() => undefined);
    port.open((err) => (err ? reject(err) : resolve(port)));
  });
}

export function withDefaults(options: SerialOptions): Required<SerialOptions> {
  return { dataBits: 8, parity: 'none', stopBits: 1, ...options };
}

/**
 * Ports the system lists (USB-COM adapters, built-in COM). Pseudo-terminals are not listed —
 * the settings screen takes a typed path too.
 */
export async function listSystemPorts(): Promise<PortInfo[]> {
  const { SerialPort } = await serialport();
  const ports = await SerialPort.list();
  return ports.map((p) => {
    const manufacturer = p.manufacturer ?? null;
    const ids = p.vendorId && p.productId ? ` (${p.vendorId}:${p.productId})` : '';
    return { path: p.path, manufacturer, label: `${p.path}${manufacturer ? ` — ${manufacturer}` : ''}${ids}` };
  });
}

/** The cashier-facing reason a port cannot be opened, from the system error. */
export function openErrorMessage(path: string, err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  if (/ENOENT|No such file|cannot find|File not found/i.test(text)) return `Порт ${path} не найден — устройство отключено или указан не тот порт`;
  if (/EACCES|Permission denied|Access denied/i.test(text)) {
    return `Нет доступа к порту ${path} — добавьте пользователя кассы в группу dialout (Linux) или закройте другую программу`;
  }
  if (/EBUSY|Resource busy|lock/i.test(text)) return `Порт ${path} занят другой программой`;
  if (/Cannot find module|bindings|NODE_MODULE_VERSION|was compiled against/i.test(text)) {
    return 'Драйвер последовательных портов не загрузился — переустановите программу кассы';
  }
  return `Порт ${path} не открывается: ${text}`;
}
