/**
 * One interface for every place the till keeps files elsewhere: a folder (USB stick), FTP/FTPS,
 * WebDAV. Paths are relative to the target's own folder and `/`-separated on every kind.
 */
import { randomBytes } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import type { StorageEntry, StorageStep, StorageVerdict } from '../../preload/contract/index.js';
import { KassaError } from '../domain/errors.js';

export type { StorageEntry, StorageStep, StorageVerdict };

export interface StorageTarget {
  /** Where it is, as the admin reads it: «папка E:\kassa», «FTP 192.168.1.5:21, папка /kassa». */
  readonly where: string;
  /** Files and folders in a folder (`prefix` ending in `/`, or empty for the top) or starting with a name (`archives/kassa-`). */
  list(prefix?: string): Promise<StorageEntry[]>;
  /** The file's bytes; a missing file is refused (NOT_FOUND) before the stream is returned. */
  read(path: string): Promise<Readable>;
  /**
   * Writes under a temporary name, then renames it: the file appears whole or not at all. Folders
   * on the way are created; the target's own folder must exist.
   */
  write(path: string, data: Readable | Buffer): Promise<void>;
  remove(path: string): Promise<void>;
  /** «Проверить подключение»: connect, list, write a probe file, read it back, remove it. */
  test(): Promise<StorageVerdict>;
}

/** What a kind implements; `test()` is the same for all of them. */
export type TargetParts = Omit<StorageTarget, 'test'> & {
  /** Reaches the target's folder: logs in, checks that the folder is there. */
  connect: () => Promise<void>;
};

/** Temporary names the till writes: half-written files and probes are never listed. */
export const TEMP_SUFFIX = '.part';
const PROBE_PREFIX = '.kassa-probe-';

export function isOurTemp(name: string): boolean {
  return name.endsWith(TEMP_SUFFIX) || name.startsWith(PROBE_PREFIX);
}

/** A file path's segments; refuses what would leave the target or is not a file name. */
export function segments(path: string): string[] {
  const parts = path.split(/[\\/]/).filter((s) => s !== '' && s !== '.');
  if (parts.length === 0 || parts.some((s) => s === '..' || /[\0]/.test(s))) {
    throw new KassaError('VALIDATION', `Недопустимое имя файла: «${path}»`);
  }
  return parts;
}

/** `archives/kassa-` → folder `archives`, names starting with `kassa-`; `archives/` → the whole folder. */
export function splitPrefix(prefix = ''): { folder: string[]; start: string } {
  const parts = prefix.split(/[\\/]/);
  const start = parts.pop() ?? '';
  const folder = parts.filter((s) => s !== '' && s !== '.');
  if (folder.includes('..') || start === '..') throw new KassaError('VALIDATION', `Недопустимая папка: «${prefix}»`);
  return { folder, start };
}

export function asStream(data: Readable | Buffer): Readable {
  return Buffer.isBuffer(data) ? Readable.from([data]) : data;
}

/**
 * The data of a write, held still until the upload takes it. A stream someone already read, or one
 * flowing to a 'data' listener while the write logs in, would upload only what is left: a short file
 * under the final name that looks whole.
 */
export function writeSource(data: Readable | Buffer, path: string): Readable {
  if (Buffer.isBuffer(data)) return asStream(data);
  if (data.readableDidRead || data.readableEnded || data.destroyed) {
    throw new KassaError('INTERNAL', `Файл ${path} не записан: данные уже прочитаны до записи, файл вышел бы неполным`);
  }
  data.pause();
  return data;
}

/** Passes bytes on and counts them; `onChunk` is told of each (a transfer's idle deadline). */
export function byteCounter(onChunk?: () => void): Transform & { readonly bytes: number } {
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      onChunk?.();
      done(null, chunk);
    },
  });
  return Object.defineProperty(counter, 'bytes', { get: () => bytes }) as Transform & { readonly bytes: number };
}

/** The refusal of a file the server kept shorter (or longer) than what was sent: never left as if whole. */
export function shortWrite(path: string, stored: number, sent: number): KassaError {
  return new KassaError('STORAGE_ERROR', `Файл ${path} не записан: на хранилище ${stored} байт из ${sent} — передача оборвалась`);
}

/**
 * Passes a download on and, at its end, refuses one that is not `expected` bytes long (null: the
 * server did not say): a cut transfer is an error for the reader, never a short file.
 */
export function lengthChecked(path: string, expected: number | null, onChunk?: () => void): Transform {
  let bytes = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      onChunk?.();
      done(null, chunk);
    },
    flush(done) {
      done(expected !== null && bytes !== expected ? shortRead(path, bytes, expected) : null);
    },
  });
}

/** The refusal of a read that ended before the file did. */
export function shortRead(path: string, got: number, expected: number): KassaError {
  return new KassaError('STORAGE_ERROR', `Файл ${path} прочитан не полностью: ${got} байт из ${expected} — передача оборвалась`);
}

/** Reads a stream whole (the probe file; never a price list or an archive). */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

const STEP_FAILED: Record<StorageStep, string> = {
  connect: 'Не удалось подключиться',
  list: 'Не удалось прочитать список файлов',
  write: 'Не удалось записать пробный файл',
  read: 'Не удалось прочитать пробный файл',
  remove: 'Не удалось удалить пробный файл',
};

/** A target from its parts, with the one «Проверить подключение» every kind shares. */
export function withTest(parts: TargetParts, now: () => number = Date.now): StorageTarget {
  const { connect, ...target } = parts;
  return {
    ...target,
    async test() {
      const started = now();
      const probe = `${PROBE_PREFIX}${randomBytes(6).toString('hex')}.txt`;
      const content = Buffer.from(`Kassa Desk: проверка подключения ${new Date().toISOString()}\n`, 'utf8');
      let step: StorageStep = 'connect';
      try {
        await connect();
        step = 'list';
        await target.list();
        step = 'write';
        await target.write(probe, content);
        step = 'read';
        const back = await readAll(await target.read(probe));
        if (!back.equals(content)) throw new KassaError('STORAGE_ERROR', 'прочитано не то, что записано');
        step = 'remove';
        await target.remove(probe);
        return { ok: true, step: null, message: `Подключение работает: ${target.where} — файл записан, прочитан и удалён.`, ms: now() - started };
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        return { ok: false, step, message: `${STEP_FAILED[step]} (${target.where}): ${why}`, ms: now() - started };
      }
    },
  };
}
