/**
 * An FTP or FTPS server (basic-ftp). One connection per operation: a till writes a few files a day,
 * and a fresh login cannot be left half-broken by the previous failure. A file is uploaded as
 * `name.part` and renamed when whole.
 */
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { createRequire } from 'node:module';
import type { Client } from 'basic-ftp';
import type { StorageConnection } from '../../preload/contract/index.js';
import { KassaError } from '../domain/errors.js';
import { networkError } from './errors.js';
import {
  byteCounter,
  isOurTemp,
  lengthChecked,
  segments,
  shortWrite,
  splitPrefix,
  TEMP_SUFFIX,
  withTest,
  writeSource,
  type StorageEntry,
  type StorageTarget,
} from './target.js';

type FtpConnection = Extract<StorageConnection, { kind: 'ftp' }>;

// basic-ftp loads with the first FTP connection, not at the till's start (cold start).
const load = createRequire(import.meta.url);
const ftp = () => load('basic-ftp') as typeof import('basic-ftp');

export function ftpTarget(conn: FtpConnection, password: string | null, timeoutMs: number): StorageTarget {
  const server = `${conn.host}:${conn.port}`;
  const rootShown = conn.root === '' ? '' : `, папка ${conn.root}`;
  const where = `${conn.secure === 'none' ? 'FTP' : 'FTPS'} ${server}${rootShown}`;

  /** A server's refusal in the admin's words; `what` says what was being done. */
  function fail(err: unknown, what: string, notFound?: string): KassaError {
    const net = networkError(err, server, timeoutMs);
    if (net) return net;
    if (err instanceof ftp().FTPError) {
      const code = err.code;
      if (code === 530) return new KassaError('STORAGE_ERROR', `Сервер ${server} не принял имя пользователя или пароль`);
      if (code === 550 && notFound) return new KassaError('NOT_FOUND', notFound);
      if (code === 552 || code === 452) return new KassaError('STORAGE_ERROR', `${what}: на сервере нет места`);
      if (code === 553) return new KassaError('STORAGE_ERROR', `${what}: сервер не принял имя файла`);
      if (code === 550) return new KassaError('STORAGE_ERROR', `${what}: сервер отказал — нет прав или нет такого файла (${err.message})`);
      if (code === 421) return new KassaError('STORAGE_ERROR', `Сервер ${server} занят или закрывает соединение, попробуйте позже`);
      return new KassaError('STORAGE_ERROR', `${what}: сервер ответил «${code} ${err.message}»`);
    }
    if (/SSL|TLS|certificate/i.test(err instanceof Error ? err.message : '')) {
      return new KassaError('STORAGE_ERROR', `Защищённое соединение с ${server} не установлено: ${(err as Error).message}`);
    }
    return new KassaError('STORAGE_ERROR', `${what}: ${err instanceof Error ? err.message : String(err)}`);
  }

  /** Logged in, with the target's folder as an absolute path (checked to exist). */
  async function login(): Promise<{ client: Client; base: string }> {
    const client = new (ftp().Client)(timeoutMs);
    try {
      await client.access({
        host: conn.host,
        port: conn.port,
        user: conn.user === '' ? 'anonymous' : conn.user,
        password: password ?? (conn.user === '' ? 'anonymous@' : ''),
        secure: conn.secure === 'none' ? false : conn.secure === 'implicit' ? 'implicit' : true,
        secureOptions: { servername: conn.host },
      });
    } catch (err) {
      client.close();
      throw fail(err, `Подключение к ${server}`);
    }
    try {
      const home = await client.pwd();
      const base = posix.resolve(home, conn.root.replace(/\\/g, '/'));
      await client.cd(base).catch((err: unknown) => {
        throw fail(err, `Папка ${base}`, `Папка ${base} не найдена на сервере ${server}: создайте её или исправьте путь`);
      });
      return { client, base };
    } catch (err) {
      client.close();
      throw err instanceof KassaError ? err : fail(err, `Подключение к ${server}`);
    }
  }

  async function withClient<T>(work: (client: Client, base: string) => Promise<T>): Promise<T> {
    const { client, base } = await login();
    try {
      return await work(client, base);
    } finally {
      client.close();
    }
  }

  return withTest({
    where,
    connect: () => withClient(() => Promise.resolve(undefined)),
    list(prefix) {
      const { folder, start } = splitPrefix(prefix);
      return withClient(async (client, base) => {
        let files;
        try {
          files = await client.list(posix.join(base, ...folder));
        } catch (err) {
          if (folder.length > 0 && err instanceof ftp().FTPError && err.code === 550) return [];
          throw fail(err, 'Список файлов не прочитан');
        }
        return files
          .filter((f) => f.name.startsWith(start) && !isOurTemp(f.name) && f.name !== '.' && f.name !== '..' && (f.isFile || f.isDirectory))
          .map((f): StorageEntry => ({
            name: f.name,
            path: [...folder, f.name].join('/'),
            folder: f.isDirectory,
            size: f.isFile ? f.size : 0,
            modifiedAt: f.modifiedAt?.toISOString() ?? null,
          }))
          .sort((a, b) => a.name.localeCompare(b.name));
      });
    },
    async read(path) {
      const parts = segments(path);
      const { client, base } = await login();
      const file = posix.join(base, ...parts);
      let size: number;
      try {
        size = await client.size(file); // a missing file is refused now, not as a stream error later
      } catch (err) {
        client.close();
        throw fail(err, `Файл ${path}`, `Файл ${path} не найден (${where})`);
      }
      const out = lengthChecked(path, size);
      // The consumer stopping early (destroying the stream) ends the transfer and the login.
      out.once('close', () => client.close());
      client.downloadTo(out, file).then(
        () => client.close(),
        (err: unknown) => {
          client.close();
          out.destroy(fail(err, `Файл ${path} не прочитан`));
        },
      );
      return out;
    },
    async write(path, data: Readable | Buffer) {
      const parts = segments(path);
      const source = writeSource(data, path);
      let sourceError = null as Error | null; // set by the stream's error event, which TS cannot follow
      source.once('error', (err) => (sourceError = err));
      const counted = byteCounter();
      let part: string | null = null;
      try {
        await withClient(async (client, base) => {
          const file = posix.join(base, ...parts);
          if (parts.length > 1) await client.ensureDir(posix.dirname(file));
          // Failed while logging in: a destroyed stream would leave the upload waiting for the deadline.
          if (sourceError || source.destroyed) throw sourceError ?? new Error('поток данных закрыт');
          part = file + TEMP_SUFFIX;
          source.pipe(counted);
          source.once('error', (err) => counted.destroy(err));
          await client.uploadFrom(counted, part);
          const stored = await client.size(part);
          if (stored !== counted.bytes) throw shortWrite(path, stored, counted.bytes);
          try {
            await client.rename(part, file);
          } catch (err) {
            // Some servers (IIS) refuse to rename over an existing file.
            if (!(err instanceof ftp().FTPError && err.code === 550)) throw err;
            await client.remove(file);
            await client.rename(part, file);
          }
          part = null;
        });
      } catch (err) {
        const leftover = part;
        // The failed connection may be gone: a new one removes the half file (best effort).
        if (leftover) await withClient((client) => client.remove(leftover, true)).catch(() => undefined);
        if (sourceError)
          throw sourceError instanceof KassaError
            ? sourceError
            : new KassaError('STORAGE_ERROR', `Файл ${path} не записан: данные оборвались (${sourceError.message})`);
        throw fail(err, `Файл ${path} не записан`);
      }
    },
    remove(path) {
      const parts = segments(path);
      return withClient(async (client, base) => {
        try {
          await client.remove(posix.join(base, ...parts));
        } catch (err) {
          throw fail(err, `Файл ${path} не удалён`, `Файл ${path} не найден (${where})`);
        }
      });
    },
  });
}
