/**
 * The one storage module against real places: a folder, an FTP server (pyftpdlib) and a WebDAV
 * server (rclone) on loopback. Each kind writes atomically (a write that fails midway leaves no
 * file, and an older file stays whole), reads back byte for byte, lists, removes, passes its own
 * «Проверить подключение», and says in Russian what is wrong: wrong password, server down, a
 * server that does not answer (within the deadline), a missing file.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StorageConnection } from '../../preload/contract/index.js';
import { KassaError } from '../../main/domain/errors.js';
import { openTarget, type StorageTarget } from '../../main/storage/index.js';
import { readAll } from '../../main/storage/target.js';
import { closedPort, cuttingProxy, PASSWORD, silentServer, startFtp, startWebdav, type StorageServer } from '../fixtures/storage-servers.js';

const TIMEOUT_MS = 1_500;

/** A stream that gives `good` bytes in small chunks, then fails. */
function failingSource(good: Buffer): Readable {
  let at = 0;
  return new Readable({
    read() {
      if (at < good.length) {
        const chunk = good.subarray(at, at + 16_384);
        at += chunk.length;
        setTimeout(() => this.push(chunk), 1);
      } else setTimeout(() => this.destroy(new Error('архив оборвался')), 5);
    },
  });
}

function chunked(data: Buffer): Readable {
  return Readable.from(
    (function* () {
      for (let at = 0; at < data.length; at += 10_000) yield data.subarray(at, at + 10_000);
    })(),
  );
}

/** Every file under `dir`, relative, `/`-separated. */
function filesUnder(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as { name: string; parentPath: string; isFile(): boolean }[])
    .filter((d) => d.isFile())
    .map((d) =>
      join(d.parentPath, d.name)
        .slice(dir.length + 1)
        .replace(/\\/g, '/'),
    )
    .sort();
}

/** The same server settings, pointed at another port on loopback. */
function onPort(connection: StorageConnection, port: number): StorageConnection {
  if (connection.kind === 'ftp') return { ...connection, port };
  if (connection.kind === 'webdav') return { ...connection, url: `http://127.0.0.1:${port}` };
  throw new Error('a folder has no port');
}

async function refusal(p: Promise<unknown>): Promise<KassaError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(KassaError);
  return err as KassaError;
}

type Place = {
  /** The target's own folder on disk, where the server (or the OS) keeps what the till wrote. */
  folder: string;
  connection: StorageConnection;
  server: StorageServer | null;
  close(): Promise<void>;
};

const KINDS: Record<'folder' | 'ftp' | 'webdav', () => Promise<Place>> = {
  async folder() {
    const dir = mkdtempSync(join(tmpdir(), 'kassa-stick-'));
    const folder = join(dir, 'FLASH');
    mkdirSync(folder);
    return { folder, connection: { kind: 'folder', path: folder }, server: null, close: async () => rmSync(dir, { recursive: true, force: true, maxRetries: 10 }) };
  },
  async ftp() {
    const server = await startFtp();
    return { folder: join(server.dir, 'kassa'), connection: server.connection, server, close: () => server.close() };
  },
  async webdav() {
    const server = await startWebdav();
    return { folder: join(server.dir, 'kassa'), connection: server.connection, server, close: () => server.close() };
  },
};

describe.each(['folder', 'ftp', 'webdav'] as const)('%s', (kind) => {
  let place: Place;
  let target: StorageTarget;
  beforeAll(async () => {
    place = await KINDS[kind]();
    target = openTarget(place.connection, kind === 'folder' ? null : PASSWORD, TIMEOUT_MS);
  });
  afterAll(() => place?.close());

  it('writes a stream and a buffer whole, into new folders, and reads them back byte for byte', async () => {
    const big = randomBytes(700_000);
    await target.write('archives/2026/kassa-1.zip', chunked(big));
    expect(readFileSync(join(place.folder, 'archives', '2026', 'kassa-1.zip')).equals(big)).toBe(true);
    expect((await readAll(await target.read('archives/2026/kassa-1.zip'))).equals(big)).toBe(true);

    const csv = Buffer.from('Штрихкод;Цена\n4810268001055;2,89\n', 'utf8');
    await target.write('price.csv', csv);
    expect((await readAll(await target.read('price.csv'))).equals(csv)).toBe(true);
    expect(filesUnder(place.folder)).toEqual(['archives/2026/kassa-1.zip', 'price.csv']);
  });

  it('a write whose data fail midway leaves no file under its name, no half file, and the older file whole', async () => {
    const older = Buffer.from('старый прайс\n');
    await target.write('z/report.csv', older);
    const before = filesUnder(place.folder);

    const err = await refusal(target.write('z/report.csv', failingSource(randomBytes(200_000))));
    expect(err.message).toMatch(/не записан.*оборвал/);
    const err2 = await refusal(target.write('z/new.csv', failingSource(randomBytes(200_000))));
    expect(err2.message).toMatch(/не записан/);

    expect(filesUnder(place.folder)).toEqual(before);
    expect(readFileSync(join(place.folder, 'z', 'report.csv')).equals(older)).toBe(true);
    expect((await target.list('z/')).map((f) => f.name)).toEqual(['report.csv']);
  });

  it('writes a stream whole even when a byte counter listens to it, and refuses one already read', async () => {
    // A 'data' listener sets a stream flowing: without the write holding it still, what flowed while it logged in would be lost.
    const data = randomBytes(300_000);
    const source = chunked(data);
    let counted = 0;
    source.on('data', (c: Buffer) => (counted += c.length));
    await target.write('flowing/whole.bin', source);
    expect(readFileSync(join(place.folder, 'flowing', 'whole.bin')).equals(data)).toBe(true);
    expect(counted).toBe(data.length);

    const read = chunked(data);
    read.read(); // a chunk is gone already
    const err = await refusal(target.write('flowing/short.bin', read));
    expect(err.message).toMatch(/не записан: данные уже прочитаны до записи/);
    expect(filesUnder(place.folder).filter((f) => f.startsWith('flowing/'))).toEqual(['flowing/whole.bin']);
  });

  it('lists a folder and names starting with a prefix, with sizes, and hides temporary files', async () => {
    mkdirSync(join(place.folder, 'exports'), { recursive: true });
    writeFileSync(join(place.folder, 'exports', 'z-0001.csv'), 'a');
    writeFileSync(join(place.folder, 'exports', 'z-0002.csv'), 'bb');
    writeFileSync(join(place.folder, 'exports', 'x-0001.csv'), 'ccc');
    writeFileSync(join(place.folder, 'exports', 'z-0003.csv.part'), 'half');

    const all = await target.list('exports/');
    expect(all.map((f) => [f.name, f.path, f.size, f.folder])).toEqual([
      ['x-0001.csv', 'exports/x-0001.csv', 3, false],
      ['z-0001.csv', 'exports/z-0001.csv', 1, false],
      ['z-0002.csv', 'exports/z-0002.csv', 2, false],
    ]);
    expect(all.every((f) => f.modifiedAt === null || !Number.isNaN(Date.parse(f.modifiedAt)))).toBe(true);
    expect((await target.list('exports/z-')).map((f) => f.name)).toEqual(['z-0001.csv', 'z-0002.csv']);
    expect((await target.list()).find((f) => f.name === 'exports')).toMatchObject({ folder: true });
    expect(await target.list('nothing-here/')).toEqual([]);
  });

  it('removes a file; a missing file is NOT_FOUND, said in Russian', async () => {
    await target.write('gone.txt', Buffer.from('x'));
    await target.remove('gone.txt');
    expect(filesUnder(place.folder)).not.toContain('gone.txt');
    const read = await refusal(target.read('gone.txt'));
    expect(read.code).toBe('NOT_FOUND');
    expect(read.message).toMatch(/gone\.txt.*(не найден|не найдено)/);
    expect((await refusal(target.remove('gone.txt'))).code).toBe('NOT_FOUND');
  });

  it('refuses a path that would leave its folder', async () => {
    expect((await refusal(target.write('../escape.txt', Buffer.from('x')))).code).toBe('VALIDATION');
    expect((await refusal(target.read('a/../../b'))).code).toBe('VALIDATION');
  });

  it('passes «Проверить подключение» and leaves nothing behind', async () => {
    const before = filesUnder(place.folder);
    const verdict = await target.test();
    expect(verdict, verdict.message).toMatchObject({ ok: true, step: null });
    expect(verdict.message).toMatch(/^Подключение работает/);
    expect(filesUnder(place.folder)).toEqual(before);
  });

  it('says where the target folder is missing', async () => {
    const missing =
      place.connection.kind === 'folder' ? { ...place.connection, path: join(place.folder, 'no-stick') } : { ...place.connection, root: 'no-such-folder' };
    const verdict = await openTarget(missing, PASSWORD, TIMEOUT_MS).test();
    expect(verdict).toMatchObject({ ok: false, step: 'connect' });
    expect(verdict.message).toMatch(
      kind === 'folder' ? /Не удалось подключиться.*не найдена: флешка вставлена/ : /Не удалось подключиться.*no-such-folder не найдена на сервере/,
    );
  });

  if (kind !== 'folder') {
    it('says the password is wrong, in Russian, and writes nothing', async () => {
      const wrong = openTarget(place.connection, 'не тот пароль', TIMEOUT_MS);
      const verdict = await wrong.test();
      expect(verdict).toMatchObject({ ok: false, step: 'connect' });
      expect(verdict.message).toMatch(/не принял имя пользователя или пароль/);
      const before = filesUnder(place.folder);
      expect((await refusal(wrong.write('x.txt', Buffer.from('x')))).message).toMatch(/не принял имя пользователя или пароль/);
      expect(filesUnder(place.folder)).toEqual(before);
    });

    it('says a server that does not answer has not answered, within the deadline', async () => {
      const silent = await silentServer();
      try {
        const connection = onPort(place.connection, silent.port);
        const started = Date.now();
        const verdict = await openTarget(connection, PASSWORD, TIMEOUT_MS).test();
        const took = Date.now() - started;
        expect(verdict).toMatchObject({ ok: false, step: 'connect' });
        expect(verdict.message).toMatch(/не ответил за 1,5 с/);
        expect(took).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
        expect(took).toBeLessThan(TIMEOUT_MS + 2_000);
      } finally {
        await silent.close();
      }
    });

    it('says a server that is down refuses the connection, at once (run last: it stops the server)', async () => {
      const down = onPort(place.connection, await closedPort());
      for (const connection of [down, place.connection]) {
        if (connection === place.connection) await place.server!.stop();
        const started = Date.now();
        const verdict = await openTarget(connection, PASSWORD, TIMEOUT_MS).test();
        expect(verdict).toMatchObject({ ok: false, step: 'connect' });
        expect(verdict.message).toMatch(/не принимает подключение: проверьте адрес и порт/);
        expect(Date.now() - started).toBeLessThan(TIMEOUT_MS);
      }
    });
  }
});

describe('webdav: a transfer cut on the way (a proxy that drops the rest)', () => {
  let server: StorageServer;
  beforeAll(async () => {
    server = await startWebdav();
  });
  afterAll(() => server?.close());
  const via = (port: number) => ({ ...(server.connection as Extract<StorageConnection, { kind: 'webdav' }>), url: `http://127.0.0.1:${port}` });

  it('an upload the server kept short is a transfer error, and no file is left, short or half', async () => {
    const proxy = await cuttingProxy(server.port, 'put', 100_000);
    try {
      const target = openTarget(via(proxy.port), PASSWORD, TIMEOUT_MS);
      const err = await refusal(target.write('cut/archive.zip', chunked(randomBytes(400_000))));
      expect(err.code).toBe('STORAGE_ERROR');
      expect(err.message).toMatch(/Файл cut\/archive\.zip не записан: на хранилище 100000 байт из 400000 — передача оборвалась/);
      expect(filesUnder(join(server.dir, 'kassa')).filter((f) => f.startsWith('cut/'))).toEqual([]);
    } finally {
      await proxy.close();
    }
  });

  it('a download cut short is a transfer error for the reader, never a short file', async () => {
    const data = randomBytes(400_000);
    await openTarget(server.connection, PASSWORD, TIMEOUT_MS).write('cut/whole.zip', data);
    const proxy = await cuttingProxy(server.port, 'get', 100_000);
    try {
      const target = openTarget(via(proxy.port), PASSWORD, TIMEOUT_MS);
      const err = await refusal(target.read('cut/whole.zip').then(readAll));
      expect(err.code).toBe('STORAGE_ERROR');
      expect(err.message).toMatch(/оборвал соединение|прочитан не полностью/);
    } finally {
      await proxy.close();
    }
  });
});
