/**
 * One interface for every place the till keeps files elsewhere: a folder (USB stick), FTP/FTPS,
 * WebDAV. Paths are relative to the target's own folder and `/`-separated on every kind.
 */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
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
