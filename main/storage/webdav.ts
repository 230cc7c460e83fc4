/**
 * A WebDAV server (the webdav client; Яндекс Диск is https://webdav.yandex.ru). A file is PUT as
 * `name.part` and MOVEd over the final name when whole. Every request has a deadline; transfers
 * are cut when no byte moves for that long, so a big archive is not limited by a total time.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { createRequire } from 'node:module';
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import type { FileStat, WebDAVClient, WebDAVClientOptions } from 'webdav';
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

type WebdavConnection = Extract<StorageConnection, { kind: 'webdav' }>;

/** Aborts when `touch()` has not been called for `ms`. */
function idleDeadline(ms: number): { signal: AbortSignal; touch(): void; stop(): void } {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | null = null;
  const touch = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => controller.abort(new Error(`timeout after ${ms} ms`)), ms);
  };
  touch();
  return { signal: controller.signal, touch, stop: () => timer && clearTimeout(timer) };
}

/**
 * The client's own login (basic or digest, as the server asks) takes Latin-1 only; a password
 * with Cyrillic letters goes as UTF-8 basic auth (RFC 7617), which is what servers decode.
 */
function credentials(user: string, password: string): WebDAVClientOptions {
  if (user === '') return {};
  if (/^[\x00-\xff]*$/.test(user + password)) return { username: user, password };
  return {
    authType: 'none' as WebDAVClientOptions['authType'],
    headers: { Authorization: `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}` },
  };
}

export function webdavTarget(conn: WebdavConnection, password: string | null, timeoutMs: number): StorageTarget {
  const url = new URL(conn.url);
  const server = url.host;
  const base = posix.resolve('/', conn.root.replace(/\\/g, '/'));
  const where = `WebDAV ${url.host}${url.pathname === '/' ? '' : url.pathname}${base === '/' ? '' : `, папка ${base}`}`;
  // No kept-alive sockets: one left from before a server restart would answer the next request with
  // a reset instead of the server's own refusal or answer.
  // The webdav package loads with the first request to a server, not at the till's start (cold start);
  // required, not import()ed (an ES module, which Node ≥ 20.19 requires): the web host's bundle runs
  // from V8's code cache, where import() has no loader (main/host/code-cache.ts).
  let made: Promise<WebDAVClient> | null = null;
  const client = () =>
    (made ??= Promise.resolve()
      .then(() => createRequire(import.meta.url)('webdav') as typeof import('webdav'))
      .then(({ createClient }) =>
        createClient(url.toString(), {
          ...credentials(conn.user, password ?? ''),
          httpAgent: new HttpAgent({ keepAlive: false }),
          httpsAgent: new HttpsAgent({ keepAlive: false }),
        }),
      ));
  const deadline = () => ({ signal: AbortSignal.timeout(timeoutMs) });

  function fail(err: unknown, what: string, notFound?: string): KassaError {
    const status = (err as { status?: unknown } | null)?.status;
    if (typeof status === 'number') {
      if (status === 401) return new KassaError('STORAGE_ERROR', `Сервер ${server} не принял имя пользователя или пароль`);
      if (status === 403) return new KassaError('STORAGE_ERROR', `${what}: сервер ${server} запретил это (нет прав)`);
      if (status === 404 && notFound) return new KassaError('NOT_FOUND', notFound);
      if (status === 507) return new KassaError('STORAGE_ERROR', `${what}: на диске нет места`);
      if (status === 413) return new KassaError('STORAGE_ERROR', `${what}: файл больше, чем сервер принимает`);
      if (status >= 500) return new KassaError('STORAGE_ERROR', `${what}: ошибка на сервере ${server} (${status}), попробуйте позже`);
      return new KassaError('STORAGE_ERROR', `${what}: сервер ответил ${status}`);
    }
    return networkError(err, server, timeoutMs) ?? new KassaError('STORAGE_ERROR', `${what}: ${err instanceof Error ? err.message : String(err)}`);
  }

  /** Logs in (every request does) and checks the target's folder is there. */
  async function connect(): Promise<void> {
    let info: FileStat;
    try {
      info = (await (await client()).stat(base, deadline())) as FileStat;
    } catch (err) {
      throw fail(err, `Подключение к ${server}`, `Папка ${base} не найдена на сервере ${server}: создайте её или исправьте путь`);
    }
    if (info.type !== 'directory') throw new KassaError('STORAGE_ERROR', `${base} на сервере ${server} — не папка`);
  }

  /** Creates the folders on the way to `dir` (below the target's folder, which exists). */
  async function ensureFolders(dir: string): Promise<void> {
    const below = posix.relative(base, dir).split('/').filter(Boolean);
    let at = base;
    for (const name of below) {
      at = posix.join(at, name);
      if (!(await (await client()).exists(at, deadline()))) await (await client()).createDirectory(at, deadline());
    }
  }

  /**
   * Removes the half file of a failed PUT. The server may still be finishing the aborted request:
   * the file is not there yet (404) or still open (423 Locked, as rclone says), so it is tried
   * again, briefly.
   */
  async function removeLeftover(part: string): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await (await client()).deleteFile(part, deadline());
        return;
      } catch (err) {
        const status = (err as { status?: unknown }).status;
        if (status !== 404 && status !== 423) return; // best effort: list() hides it anyway
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  return withTest({
    where,
    connect,
    async list(prefix) {
      const { folder, start } = splitPrefix(prefix);
      if (folder.length === 0) await connect();
      let stats: FileStat[];
      try {
        stats = await (await client()).getDirectoryContents(posix.join(base, ...folder), deadline());
      } catch (err) {
        if ((err as { status?: unknown }).status === 404 && folder.length > 0) return [];
        throw fail(err, 'Список файлов не прочитан');
      }
      return stats
        .filter((s) => s.basename.startsWith(start) && !isOurTemp(s.basename))
        .map((s): StorageEntry => {
          const modified = s.lastmod ? new Date(s.lastmod) : null;
          return {
            name: s.basename,
            path: [...folder, s.basename].join('/'),
            folder: s.type === 'directory',
            size: s.type === 'file' ? s.size : 0,
            modifiedAt: modified && !Number.isNaN(modified.getTime()) ? modified.toISOString() : null,
          };
        })
        .sort((a, b) => a.name.localeCompare(b.name));
    },
    async read(path) {
      const file = posix.join(base, ...segments(path));
      const idle = idleDeadline(timeoutMs);
      let body: Readable;
      let expected: number | null = null;
      try {
        const response = await (await client()).customRequest(file, { method: 'GET', signal: idle.signal });
        if (!response.ok) throw Object.assign(new Error(response.statusText), { status: response.status });
        // 206 or another 2xx is not the whole file.
        if (response.status !== 200) throw new KassaError('STORAGE_ERROR', `Файл ${path} не прочитан: сервер ответил ${response.status} вместо файла целиком`);
        body = (response as unknown as { body: Readable }).body;
        // The length the server announced, unless the body comes compressed (then it is the compressed length).
        const length = response.headers.get('content-length');
        const encoding = response.headers.get('content-encoding');
        expected = length !== null && /^\d+$/.test(length) && (encoding === null || encoding === 'identity') ? Number(length) : null;
      } catch (err) {
        idle.stop();
        throw fail(err, `Файл ${path}`, `Файл ${path} не найден (${where})`);
      }
      // A body cut off mid-way errors (node-fetch: «Premature close») or ends short of its length;
      // the idle deadline aborts a stalled one.
      const out = lengthChecked(path, expected, () => idle.touch());
      body.on('error', (err) => out.destroy(fail(err, `Файл ${path} не прочитан`)));
      out.once('close', () => {
        idle.stop();
        body.destroy();
      });
      body.pipe(out);
      return out;
    },
    async write(path, data: Readable | Buffer) {
      const parts = segments(path);
      const file = posix.join(base, ...parts);
      const part = file + TEMP_SUFFIX;
      const source = writeSource(data, path);
      let sourceError: unknown = null;
      let sent = false;
      const idle = idleDeadline(timeoutMs);
      // Bytes the server takes keep the deadline away; the source failing aborts the PUT.
      const body = byteCounter(() => idle.touch());
      source.once('error', (err) => {
        sourceError = err;
        body.destroy(err);
      });
      try {
        await connect(); // a wrong password is said before a big body is sent
        await ensureFolders(posix.dirname(file));
        idle.touch();
        source.pipe(body);
        sent = true;
        // A buffer still goes through `body`, so its upload too is timed by progress, not in total.
        await (
          await client()
        ).putFileContents(part, body, {
          overwrite: true,
          signal: idle.signal,
          ...(Buffer.isBuffer(data) ? { headers: { 'Content-Length': String(data.length) } } : {}),
        });
        idle.stop();
        // A proxy or server that cut the body may still answer 201: the size it kept tells.
        const stored = ((await (await client()).stat(part, deadline())) as FileStat).size;
        if (stored !== body.bytes) throw shortWrite(path, stored, body.bytes);
        await (await client()).moveFile(part, file, { overwrite: true, ...deadline() });
      } catch (err) {
        idle.stop();
        if (sent) await removeLeftover(part);
        if (sourceError)
          throw sourceError instanceof KassaError
            ? sourceError
            : new KassaError('STORAGE_ERROR', `Файл ${path} не записан: данные оборвались (${(sourceError as Error).message})`);
        throw fail(err, `Файл ${path} не записан`);
      }
    },
    async remove(path) {
      const file = posix.join(base, ...segments(path));
      try {
        await (await client()).deleteFile(file, deadline());
      } catch (err) {
        throw fail(err, `Файл ${path} не удалён`, `Файл ${path} не найден (${where})`);
      }
    },
  });
}
