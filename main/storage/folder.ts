/**
 * A folder on this computer: a USB stick, a network share mounted by the OS. The folder itself
 * must exist — it is never created, so a stick that is not plugged in is reported, not replaced by
 * a folder of the same name on the system disk.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rm, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { KassaError } from '../domain/errors.js';
import { replaceFile } from '../fs/replace-file.js';
import { folderError } from './errors.js';
import { byteCounter, isOurTemp, segments, shortWrite, splitPrefix, TEMP_SUFFIX, withTest, writeSource, type StorageEntry, type StorageTarget } from './target.js';

export function folderTarget(root: string): StorageTarget {
  const where = `папка ${root}`;
  const full = (path: string) => join(root, ...segments(path));

  async function connect(): Promise<void> {
    let info;
    try {
      info = await stat(root);
    } catch (err) {
      if ((err as { code?: string }).code === 'ENOENT') throw new KassaError('STORAGE_ERROR', `Папка ${root} не найдена: флешка вставлена? путь верный?`);
      throw folderError(err, root, 'Папка недоступна');
    }
    if (!info.isDirectory()) throw new KassaError('STORAGE_ERROR', `${root} — не папка`);
  }

  return withTest({
    where,
    connect,
    async list(prefix) {
      await connect();
      const { folder, start } = splitPrefix(prefix);
      const dir = join(root, ...folder);
      let names;
      try {
        names = await readdir(dir, { withFileTypes: true });
      } catch (err) {
        if ((err as { code?: string }).code === 'ENOENT') return [];
        throw folderError(err, root, 'Список файлов не прочитан');
      }
      const entries: StorageEntry[] = [];
      for (const d of names) {
        if (!d.name.startsWith(start) || isOurTemp(d.name) || !(d.isFile() || d.isDirectory())) continue;
        const info = await stat(join(dir, d.name)).catch(() => null);
        if (!info) continue; // removed meanwhile
        entries.push({
          name: d.name,
          path: [...folder, d.name].join('/'),
          folder: d.isDirectory(),
          size: d.isFile() ? info.size : 0,
          modifiedAt: info.mtime.toISOString(),
        });
      }
      return entries.sort((a, b) => a.name.localeCompare(b.name));
    },
    async read(path) {
      const file = full(path);
      await connect();
      try {
        // Opened here so a missing file is refused now, not as a stream error later.
        const handle = await open(file, 'r');
        return handle.createReadStream();
      } catch (err) {
        throw folderError(err, root, `Файл ${path}`);
      }
    },
    async write(path, data: Readable | Buffer) {
      const file = full(path);
      const source = writeSource(data, path);
      await connect();
      const temp = join(dirname(file), `.${basename(file)}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`);
      try {
        await mkdir(dirname(file), { recursive: true });
        const counted = byteCounter();
        await pipeline(source, counted, createWriteStream(temp, { flags: 'wx' }));
        const stored = (await stat(temp)).size;
        if (stored !== counted.bytes) throw shortWrite(path, stored, counted.bytes);
        // On the stick before the name points at it: a pulled stick keeps the old file or the new one.
        const handle = await open(temp, 'r+');
        try {
          await handle.sync();
        } finally {
          await handle.close();
        }
        await replaceFile(temp, file); // Windows: a scanner holding the new file lets go in a moment
      } catch (err) {
        await rm(temp, { force: true }).catch(() => undefined);
        throw folderError(err, root, `Файл ${path} не записан`);
      }
    },
    async remove(path) {
      const file = full(path);
      await connect();
      try {
        await unlink(file);
      } catch (err) {
        throw folderError(err, root, `Файл ${path} не удалён`);
      }
    },
  });
}
