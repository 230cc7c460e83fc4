/**
 * «Хранилища» through the router on a real SQLite file: the admin's named list of targets, their
 * passwords kept out of the database and out of every answer (in a 0600 file, sealed by the OS where
 * it can), «Проверить подключение» for a saved target and for the form as typed, and the files on a
 * target — against the real FTP and WebDAV servers on loopback.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SecretBox } from '../../main/storage/index.js';
import { ADMIN_PASSWORD, adminReady, makeTill, type TestTill } from '../fixtures/core.js';
import { PASSWORD, startFtp, startWebdav } from '../fixtures/storage-servers.js';

let ftp: Awaited<ReturnType<typeof startFtp>>;
let webdav: Awaited<ReturnType<typeof startWebdav>>;
beforeAll(async () => {
  [ftp, webdav] = await Promise.all([startFtp(), startWebdav()]);
});
afterAll(async () => {
  await Promise.all([ftp?.close(), webdav?.close()]);
});

let till: TestTill;
afterEach(() => till?.dispose());

async function adminTill(secretBox?: SecretBox): Promise<TestTill> {
  till = makeTill({ storage: { timeoutMs: 3_000 }, ...(secretBox ? { secretBox } : {}) });
  await adminReady(till);
  return till;
}

/** Every row of every table, as text. */
function wholeDatabase(t: TestTill): string {
  const tables = t.ctx.db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[];
  return tables.map((name) => JSON.stringify(t.ctx.db.prepare(`SELECT * FROM "${name}"`).all())).join('\n');
}

const secretsFile = (t: TestTill) => join(t.dir, 'secrets.json');

/**
 * Stands in for Electron's safeStorage, which runs only inside Electron: a real cipher with a key
 * this "OS" keeps, so what reaches the file is sealed.
 */
function osBox(key = randomBytes(32)): SecretBox {
  return {
    at: 'os',
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    },
    open(sealed) {
      const raw = Buffer.from(sealed, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

describe('the admin keeps a list of storage targets', () => {
  it('adds an FTP target with a password that no answer, no table and no audit entry holds; the secrets file is 0600', async () => {
    await adminTill();
    const saved = await till.ok('storage.saveTarget', { name: 'FTP офиса', connection: ftp.connection, password: PASSWORD });
    expect(saved).toMatchObject({ name: 'FTP офиса', connection: ftp.connection, hasPassword: true });
    const list = await till.ok('storage.targets');
    expect(list).toEqual({ targets: [saved], secretsAt: 'file' });

    for (const answer of [saved, list, await till.ok('storage.test', { id: saved.id })]) expect(JSON.stringify(answer)).not.toContain(PASSWORD);
    expect(wholeDatabase(till)).not.toContain(PASSWORD);
    expect(wholeDatabase(till)).toContain('FTP офиса'); // the check above looks where the target is
    expect(readFileSync(secretsFile(till), 'utf8')).toContain(JSON.stringify(PASSWORD));
    if (process.platform !== 'win32') expect(statSync(secretsFile(till)).mode & 0o777).toBe(0o600);
  });

  it('keeps the password when the target is changed without one, forgets it on null, and with the target', async () => {
    await adminTill();
    const { id } = await till.ok('storage.saveTarget', { name: 'Яндекс Диск', connection: webdav.connection, password: PASSWORD });
    const renamed = await till.ok('storage.saveTarget', { id, name: 'Яндекс Диск магазина', connection: webdav.connection });
    expect(renamed).toMatchObject({ id, name: 'Яндекс Диск магазина', hasPassword: true });
    expect(await till.ok('storage.test', { id })).toMatchObject({ ok: true });

    expect(await till.ok('storage.saveTarget', { id, name: 'Яндекс Диск магазина', connection: webdav.connection, password: null })).toMatchObject({
      hasPassword: false,
    });
    expect(readFileSync(secretsFile(till), 'utf8')).not.toContain(id);
    expect(await till.ok('storage.test', { id })).toMatchObject({
      ok: false,
      step: 'connect',
      message: expect.stringMatching(/не принял имя пользователя или пароль/),
    });

    await till.ok('storage.saveTarget', { id, name: 'Яндекс Диск магазина', connection: webdav.connection, password: PASSWORD });
    expect(await till.ok('storage.removeTarget', { id })).toBeNull();
    expect(await till.ok('storage.targets')).toEqual({ targets: [], secretsAt: 'file' });
    expect(readFileSync(secretsFile(till), 'utf8')).not.toContain(PASSWORD);
    expect(await till.call('storage.test', { id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    const audit = till.ctx.db.prepare("SELECT action, details FROM audit_log WHERE action LIKE 'storage.%' ORDER BY id").all() as {
      action: string;
      details: string;
    }[];
    expect(audit.map((a) => a.action)).toEqual([
      'storage.addTarget',
      'storage.changeTarget',
      'storage.changeTarget',
      'storage.changeTarget',
      'storage.removeTarget',
    ]);
    expect(audit.map((a) => (JSON.parse(a.details) as { password?: string }).password)).toEqual(['set', 'kept', 'removed', 'set', undefined]);
    expect(JSON.stringify(audit)).not.toContain(PASSWORD);
  });

  it('keeps no password for a folder, and refuses a second target with the same name and a bad folder path, in Russian', async () => {
    await adminTill();
    // A folder has no login: a password sent with it is not kept.
    expect(await till.ok('storage.saveTarget', { name: 'Флешка', connection: { kind: 'folder', path: ftp.dir }, password: PASSWORD })).toMatchObject({
      hasPassword: false,
    });
    expect(await till.call('storage.saveTarget', { name: 'флешка', connection: { kind: 'folder', path: webdav.dir } })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: 'Хранилище «флешка» уже есть: выберите другое название' },
    });
    expect(await till.call('storage.saveTarget', { name: 'Флешка 2', connection: { kind: 'folder', path: 'kassa' } })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringMatching(/полный путь к папке/) },
    });
    expect((await till.ok('storage.targets')).targets).toHaveLength(1);
  });
});

describe('«Проверить подключение» and the files on a target', () => {
  it('checks the form as typed, with the typed password or the saved one', async () => {
    await adminTill();
    expect(await till.ok('storage.test', { connection: ftp.connection, password: PASSWORD })).toMatchObject({ ok: true, step: null });
    expect(await till.ok('storage.test', { connection: ftp.connection, password: 'не тот' })).toMatchObject({
      ok: false,
      step: 'connect',
      message: expect.stringMatching(/не принял имя пользователя или пароль/),
    });
    const { id } = await till.ok('storage.saveTarget', { name: 'FTP', connection: ftp.connection, password: PASSWORD });
    // The form of a saved target, changed but with its password field untouched.
    const verdict = await till.ok('storage.test', { id, connection: { ...ftp.connection, root: 'другая папка' } });
    expect(verdict).toMatchObject({ ok: false, step: 'connect', message: expect.stringMatching(/другая папка не найдена на сервере/) });
  });

  it('lists the files on a saved target', async () => {
    await adminTill();
    const { id } = await till.ok('storage.saveTarget', { name: 'WebDAV', connection: webdav.connection, password: PASSWORD });
    writeFileSync(join(webdav.dir, 'kassa', 'price-2026-12-01.csv'), 'Штрихкод;Цена\n');
    writeFileSync(join(webdav.dir, 'kassa', 'notes.txt'), '');
    expect((await till.ok('storage.list', { id, prefix: 'price-' })).files).toEqual([
      { name: 'price-2026-12-01.csv', path: 'price-2026-12-01.csv', folder: false, size: Buffer.byteLength('Штрихкод;Цена\n'), modifiedAt: expect.any(String) },
    ]);
  });
});

describe('passwords sealed by the OS', () => {
  it('keeps only the sealed password in the file, and says so', async () => {
    await adminTill(osBox());
    const { id } = await till.ok('storage.saveTarget', { name: 'FTP', connection: ftp.connection, password: PASSWORD });
    expect((await till.ok('storage.targets')).secretsAt).toBe('os');
    expect(readFileSync(secretsFile(till), 'utf8')).not.toContain(PASSWORD);
    expect(await till.ok('storage.test', { id })).toMatchObject({ ok: true });
  });

  it('asks for the password again where the sealed one cannot be opened (another OS user, or the web host)', async () => {
    await adminTill(osBox());
    const { id } = await till.ok('storage.saveTarget', { name: 'FTP', connection: ftp.connection, password: PASSWORD });
    const dataDir = till.dir;
    till.close(); // the same data folder, opened by the web host (no OS box)
    const webHost = makeTill({ dataDir });
    try {
      await webHost.ok('auth.login', { login: 'admin', password: ADMIN_PASSWORD });
      expect((await webHost.ok('storage.targets')).targets[0]).toMatchObject({ id, hasPassword: true });
      expect(await webHost.call('storage.test', { id })).toMatchObject({
        ok: false,
        error: { code: 'STORAGE_ERROR', message: expect.stringMatching(/введите пароль заново/) },
      });
    } finally {
      webHost.dispose();
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 10 });
      till = undefined as unknown as TestTill; // closed above
    }
  });
});
