/**
 * The one logger (ARCHITECTURE.md, «One logger»): pino JSON lines in a size-capped rotating file
 * in the data folder, for the Electron shell, the web host and the СКО emulator. Every line is
 * written before the call returns, so a crash right after it still leaves it in the file.
 */
import { closeSync, fchmodSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { createRequire } from 'node:module';
import type Pino from 'pino';

// Required, not imported: an ESM import of a CommonJS package makes Node scan its source for export
// names at every start (bench `web-host-cold-start`).
const pino = createRequire(import.meta.url)('pino') as typeof Pino;

export type Logger = Pino.Logger;

/** The older `log(msg, err?)` shape, still taken by the outbox, devices and printing. */
export type LogFn = (msg: string, err?: unknown) => void;

export const LOG_DIR = 'logs';
export const LOG_MAX_BYTES = 5 * 1024 * 1024;
/** Files kept in all: the current one and the rotated ones. */
export const LOG_KEEP_FILES = 5;

/** Keys whose values never reach the file, at any depth up to three. */
const SECRET_KEYS = [
  'pin',
  'password',
  'oldPassword',
  'newPassword',
  'temporaryPassword',
  'token',
  'accessToken',
  'refreshToken',
  'authorization',
  'deviceCode',
  '"x-kassa-token"',
];
const path = (key: string) => (key.startsWith('"') ? `[${key}]` : `.${key}`);
export const REDACT_PATHS: readonly string[] = SECRET_KEYS.flatMap((k) => [k.startsWith('"') ? `[${k}]` : k, `*${path(k)}`, `*.*${path(k)}`]);

/**
 * pino's destination: appends each line synchronously; when the next line would pass `maxBytes`,
 * `kassa.log` becomes `kassa.1.log` (`.1` becomes `.2`, …) and the oldest beyond `keep` is removed.
 */
export class RotatingFile {
  private fd = -1;
  private size = 0;
  private closed = false;

  constructor(
    readonly path: string,
    private readonly maxBytes: number = LOG_MAX_BYTES,
    private readonly keep: number = LOG_KEEP_FILES,
  ) {
    if (!(maxBytes > 0) || !Number.isInteger(keep) || keep < 1) throw new Error(`RotatingFile: cap ${maxBytes} bytes × ${keep} files`);
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    this.open();
  }

  /** The n-th older file: `kassa.log` → `kassa.<n>.log`. */
  older(n: number): string {
    if (n === 0) return this.path;
    const ext = extname(this.path);
    return `${this.path.slice(0, this.path.length - ext.length)}.${n}${ext}`;
  }

  write(line: string): boolean {
    if (this.closed) return true;
    const bytes = Buffer.from(line);
    // A full disk or a removed folder must not stop a sale: the line is lost, the till goes on.
    try {
      if (this.fd < 0) this.open();
      if (this.size > 0 && this.size + bytes.length > this.maxBytes) this.rotate();
      for (let done = 0; done < bytes.length;) done += writeSync(this.fd, bytes, done);
      this.size += bytes.length;
    } catch {
      this.closeFd();
    }
    return true;
  }

  /** Lines after this are dropped (a late callback of a closing host). */
  close(): void {
    this.closed = true;
    this.closeFd();
  }

  private open(): void {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    // Requests, logins and errors: the till's own user only (an existing file is tightened too).
    this.fd = openSync(this.path, 'a', 0o600);
    if (process.platform !== 'win32') fchmodSync(this.fd, 0o600);
    this.size = fstatSync(this.fd).size;
  }

  private rotate(): void {
    this.closeFd();
    rmSync(this.older(this.keep - 1), { force: true });
    for (let n = this.keep - 2; n >= 0; n--) {
      try {
        renameSync(this.older(n), this.older(n + 1));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
    this.open();
  }

  private closeFd(): void {
    if (this.fd < 0) return;
    const fd = this.fd;
    this.fd = -1;
    try {
      closeSync(fd);
    } catch {
      // already gone: nothing to keep
    }
  }
}

export type LogOptions = {
  /** The data folder; the file goes to `<dataDir>/logs/<name>.log`. */
  readonly dataDir: string;
  /** `kassa` for the till, `sko-emulator` for the standalone emulator. */
  readonly name: string;
  /** Default: KASSA_LOG_LEVEL, else `info` (refusals, at `debug`, are then left out). */
  readonly level?: string;
  readonly maxBytes?: number;
  readonly keep?: number;
  /** Also copy warnings and errors to stderr, as the hosts printed them before. */
  readonly stderr?: boolean;
};

export type LogFile = {
  readonly logger: Logger;
  readonly path: string;
  close(): void;
};

const BASE_OPTIONS: Pino.LoggerOptions = {
  redact: { paths: [...REDACT_PATHS], censor: '[скрыто]' },
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
};

export function openLog(options: LogOptions): LogFile {
  const file = new RotatingFile(join(options.dataDir, LOG_DIR, `${options.name}.log`), options.maxBytes, options.keep);
  const level = options.level ?? process.env.KASSA_LOG_LEVEL ?? 'info';
  if (!pino.levels.values[level] && level !== 'silent') throw new Error(`Неизвестный уровень журнала: ${level}`);
  const streams: Pino.StreamEntry[] = [{ level: level as Pino.Level, stream: file }];
  if (options.stderr) streams.push({ level: 'warn', stream: pino.destination({ fd: 2, sync: true }) });
  const lowest = options.stderr && level !== 'silent' && pino.levels.values[level]! > pino.levels.values.warn! ? 'warn' : level;
  const logger = pino({ ...BASE_OPTIONS, name: options.name, level: lowest }, pino.multistream(streams));
  return { logger, path: file.path, close: () => file.close() };
}

/** Writes nothing (tests that do not look at the log). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/** A logger whose warnings and errors go to an older `log(msg, err?)` function (tests pass `() => {}`). */
export function loggerFromFn(log: LogFn): Logger {
  return pino(
    { ...BASE_OPTIONS, level: 'warn' },
    {
      write(line: string) {
        const entry = JSON.parse(line) as { msg?: string; err?: unknown };
        log(entry.msg ?? '', entry.err);
      },
    },
  );
}

/** The adapter for the call sites that still take `log(msg, err?)`: with an error it is an error, else a warning. */
export function logFn(logger: Logger): LogFn {
  return (msg, err) => (err === undefined ? logger.warn(msg) : logger.error({ err }, msg));
}

export type CrashPolicy = {
  /**
   * What happens once an uncaught exception is in the file. Default: exit with code 1 — after an
   * uncaught exception nothing in the process can be trusted; the database is safe (every change
   * is one transaction) and the till is started again.
   */
  readonly afterUncaught?: (err: unknown) => void;
};

/**
 * Logs uncaught exceptions and unhandled rejections before any other handler runs. A rejection is
 * logged and the process goes on (one failed promise does not stop the till); an exception is
 * logged with its stack, then `afterUncaught` decides. Returns the uninstaller.
 */
export function logCrashes(logger: Logger, policy: CrashPolicy = {}): () => void {
  const afterUncaught = policy.afterUncaught ?? (() => process.exit(1));
  const onException = (err: unknown, origin: string) => {
    logger.fatal({ err, origin }, 'uncaught exception');
    afterUncaught(err);
  };
  const onRejection = (reason: unknown) => logger.error({ err: reason }, 'unhandled promise rejection');
  process.prependListener('uncaughtException', onException);
  process.prependListener('unhandledRejection', onRejection);
  return () => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
  };
}
