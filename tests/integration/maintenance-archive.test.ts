/**
 * Database archives (issue 13): export while the till runs, check, import with a restart of the
 * core. Real SQLite files, the real worker threads of main/tasks, a folder, FTP and WebDAV servers
 * on loopback. Every refused archive leaves the till exactly as it was.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../main/db/database.js';
import { migrations } from '../../main/db/migrations/index.js';
import { createRestartableCore } from '../../main/host/restartable-core.js';
import { ARCHIVE_FOLDER, describeSnapshot, zipArchive } from '../../main/services/maintenance/archive.js';
import { ADMIN_PASSWORD, adminReady, cashierOnShift, loginAs, makeTill, pieceBarcodes, type TestTill } from '../fixtures/core.js';
import { seedShopV1 } from '../fixtures/shop-v1.js';
import { sellOne } from '../fixtures/sko-till.js';
import { closedPort, cuttingProxy, silentServer, startFtp, startWebdav, type StorageServer } from '../fixtures/storage-servers.js';
import { useTempDir } from '../fixtures/temp-dir.js';

const tmp = useTempDir('kassa-archive-');

const restartableTill = () => makeTill({}, createRestartableCore);

/** A folder target on the till; returns its id and the folder. */
async function folderTarget(till: TestTill, name = 'Флешка'): Promise<{ id: string; dir: string }> {
  const dir = join(tmp.dir(), `target-${Math.random().toString(36).slice(2, 8)}`);
  mkdirSync(dir);
  const t = await till.ok('storage.saveTarget', { name, connection: { kind: 'folder', path: dir } });
  return { id: t.id, dir };
}

/** A shift with two sales, closed, every document accepted; the admin logged in. */
async function tillWithClosedShift(till: TestTill): Promise<number> {
  await cashierOnShift(till);
  const codes = await pieceBarcodes(till, 2);
  for (const c of codes) await sellOne(till, c);
  await till.outbox.drain(10_000);
  await till.ok('shift.zReport', { cashOutAll: true });
  await till.outbox.drain(10_000);
  await loginAs(till, 'admin');
  return till.ctx.db.prepare('SELECT count(*) FROM documents').pluck().get() as number;
}

function auditActions(till: TestTill): string[] {
  return till.ctx.db.prepare("SELECT action FROM audit_log WHERE action LIKE 'maintenance.%' ORDER BY id").pluck().all() as string[];
}

describe('database archives on a folder', () => {
  it('exports while the till runs: a zip with the database and a manifest that checks out', async () => {
    using till = makeTill();
    const documents = await tillWithClosedShift(till);
    const target = await folderTarget(till);
    const done = await till.ok('maintenance.export', { targetId: target.id });
    expect(done).toMatchObject({ where: 'Флешка', documents, shifts: 1, removed: [] });
    expect(done.path).toMatch(/^kassa-archives\/kassa-training-\d{8}-\d{6}\.zip$/);
    const files = readdirSync(join(target.dir, ARCHIVE_FOLDER));
    expect(files).toEqual([done.path.split('/')[1]]); // no half-written .part left
    const { files: listed } = await till.ok('maintenance.archives', { targetId: target.id });
    expect(listed.map((f) => f.path)).toEqual([done.path]);
    const check = await till.ok('maintenance.inspect', { targetId: target.id, path: done.path });
    expect(check).toMatchObject({
      sameTill: true,
      migrates: false,
      manifest: { schemaVersion: migrations.length, documents, shifts: { count: 1, firstNumber: 1 } },
    });
    expect(check.manifest.files?.[0]).toMatchObject({ name: 'kassa.sqlite', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(auditActions(till)).toEqual(['maintenance.export']);
    const status = await till.ok('maintenance.status');
    expect(status).toMatchObject({ lastExport: { path: done.path, where: 'Флешка' }, exportOverdue: false });
  });

  it('keeps the last N archives of this till on the target', async () => {
    let now = Date.parse('2026-11-20T08:00:00Z');
    using till = makeTill({ clock: () => new Date(now) });
    await adminReady(till);
    const target = await folderTarget(till);
    const paths: string[] = [];
    for (let i = 0; i < 3; i++) {
      paths.push((await till.ok('maintenance.export', { targetId: target.id, keepLast: 2 })).path);
      now += 60_000;
    }
    expect(readdirSync(join(target.dir, ARCHIVE_FOLDER)).sort()).toEqual(paths.slice(1).map((p) => p.split('/')[1]));
  });

  describe('refuses a damaged or foreign archive with a clear message and changes nothing', () => {
    let till: TestTill;
    let target: { id: string; dir: string };
    let good: string;
    let scratch: string;
    beforeAll(async () => {
      till = restartableTill();
      scratch = mkdtempSync(join(tmpdir(), 'kassa-archive-bad-'));
      await tillWithClosedShift(till);
      const dir = join(scratch, 'target');
      mkdirSync(dir);
      target = { id: (await till.ok('storage.saveTarget', { name: 'Флешка', connection: { kind: 'folder', path: dir } })).id, dir };
      good = (await till.ok('maintenance.export', { targetId: target.id })).path;
    });
    afterAll(() => {
      till.dispose();
      rmSync(scratch, { recursive: true, force: true, maxRetries: 10 });
    });

    const variant = (name: string, change: (bytes: Buffer) => Buffer): string => {
      const bytes = readFileSync(join(target.dir, good));
      writeFileSync(join(target.dir, ARCHIVE_FOLDER, name), change(Buffer.from(bytes)));
      return `${ARCHIVE_FOLDER}/${name}`;
    };

    const refused = async (path: string, message: RegExp) => {
      const before = till.fingerprint({ except: ['audit_log'] });
      for (const method of ['maintenance.inspect', 'maintenance.import'] as const) {
        const res = await till.call(method, { targetId: target.id, path });
        expect(res, method).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
        if (!res.ok) expect(res.error.message, method).toMatch(message);
      }
      expect(till.fingerprint({ except: ['audit_log'] })).toBe(before);
      expect(till.ctx.session.userId).not.toBeNull(); // no restart happened
    };

    it('one flipped byte in the middle', async () => {
      const path = variant('flipped.zip', (b) => {
        b[Math.floor(b.length / 2)]! ^= 0x01;
        return b;
      });
      await refused(path, /Архив повреждён|контрольная сумма/);
    });

    it('a truncated archive', async () => {
      await refused(
        variant('truncated.zip', (b) => b.subarray(0, Math.floor(b.length * 0.6))),
        /Архив повреждён или не полностью записан/,
      );
    });

    it('an archive of a newer version of the program', async () => {
      const snapshot = join(scratch, 'newer.sqlite');
      await till.ctx.db.backup(snapshot);
      const db = new Database(snapshot);
      db.pragma(`user_version = ${migrations.length + 5}`);
      db.close();
      const zip = zipArchive(snapshot, describeSnapshot(snapshot, new Date().toISOString()));
      const chunks: Buffer[] = [];
      for await (const c of zip) chunks.push(c as Buffer);
      writeFileSync(join(target.dir, ARCHIVE_FOLDER, 'newer.zip'), Buffer.concat(chunks));
      await refused(`${ARCHIVE_FOLDER}/newer.zip`, new RegExp(`более новой версией программы.*схема базы ${migrations.length + 5}`));
    });

    it('not a zip at all', async () => {
      await refused(
        variant('text.zip', () => Buffer.from('это не архив')),
        /Архив повреждён/,
      );
    });
  });
});

describe('temporary databases', () => {
  it('export, check and import leave nothing beside them in <data>/maintenance: no -wal, no -shm, only the safety copy', async () => {
    using till = restartableTill();
    await tillWithClosedShift(till);
    const target = await folderTarget(till);
    const { path } = await till.ok('maintenance.export', { targetId: target.id });
    const maintenance = join(till.dir, 'maintenance');
    expect(readdirSync(maintenance)).toEqual([]);
    await till.ok('maintenance.inspect', { targetId: target.id, path });
    expect(readdirSync(maintenance)).toEqual([]);
    const { safetyCopy } = await till.ok('maintenance.import', { targetId: target.id, path });
    expect(readdirSync(maintenance)).toEqual([safetyCopy.split(/[\\/]/).pop()]);
  });

  it('an export its target refused at once leaves nothing either: its zip is stopped and done with before the snapshot goes', async () => {
    using till = restartableTill();
    await tillWithClosedShift(till);
    // 48 MB that do not compress: the deflate would still run long after the refusal.
    till.ctx.db.exec('CREATE TABLE filler (b BLOB)');
    const insert = till.ctx.db.prepare('INSERT INTO filler VALUES (randomblob(1048576))');
    till.ctx.db.transaction(() => {
      for (let i = 0; i < 48; i++) insert.run();
    })();
    const port = await closedPort();
    const t = await till.ok('storage.saveTarget', { name: 'NAS', connection: { kind: 'ftp', host: '127.0.0.1', port, secure: 'none', user: '', root: '' } });
    const res = await till.call('maintenance.export', { targetId: t.id });
    expect(res).toMatchObject({ ok: false, error: { code: 'STORAGE_ERROR', message: expect.stringMatching(/не принимает подключение/) } });
    expect(readdirSync(join(till.dir, 'maintenance'))).toEqual([]);
  });
});

describe('import', () => {
  it('refuses while a shift is open, and while the СКО queue holds unsent documents', async () => {
    using till = restartableTill();
    await cashierOnShift(till);
    await loginAs(till, 'admin');
    const target = await folderTarget(till);
    const { path } = await till.ok('maintenance.export', { targetId: target.id });
    const before = till.fingerprint({ except: ['audit_log'] });
    const open = await till.call('maintenance.import', { targetId: target.id, path });
    expect(open).toMatchObject({ ok: false, error: { code: 'SHIFT_OPEN', message: expect.stringMatching(/Смена открыта: закройте её/) } });
    expect(till.fingerprint({ except: ['audit_log'] })).toBe(before);
  });

  it('refuses while the СКО queue holds unsent documents', async () => {
    using till = restartableTill();
    await tillWithClosedShift(till);
    const target = await folderTarget(till);
    const { path } = await till.ok('maintenance.export', { targetId: target.id });
    // The СКО went away with two documents still queued: the sender stops, the rows wait.
    till.outbox.stop();
    till.ctx.db.prepare('UPDATE outbox SET delivered_at = NULL WHERE id IN (SELECT id FROM outbox ORDER BY id DESC LIMIT 2)').run();
    const before = till.fingerprint({ except: ['audit_log'] });
    const res = await till.call('maintenance.import', { targetId: target.id, path });
    expect(res).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: 'В очереди СКО 2 неотправленных документов: дождитесь отправки, иначе они пропадут' },
    });
    expect(till.fingerprint({ except: ['audit_log'] })).toBe(before);
  });

  it('takes another till’s archive only when the admin confirms the transfer in words; then the core restarts on it', async () => {
    // The other till: a shift with sales, exported to a folder.
    using other = makeTill();
    const otherDocs = await tillWithClosedShift(other);
    const shared = await folderTarget(other, 'Флешка');
    const { path } = await other.ok('maintenance.export', { targetId: shared.id });
    const otherIdempotency = other.ctx.db.prepare('SELECT idempotency_key FROM documents ORDER BY id').pluck().all();

    using till = restartableTill();
    await adminReady(till);
    const t = await till.ok('storage.saveTarget', { name: 'Флешка', connection: { kind: 'folder', path: shared.dir } });
    const check = await till.ok('maintenance.inspect', { targetId: t.id, path });
    expect(check).toMatchObject({ sameTill: false, manifest: { documents: otherDocs } });
    const before = till.fingerprint({ except: ['audit_log'] });
    const unconfirmed = await till.call('maintenance.import', { targetId: t.id, path });
    expect(unconfirmed).toMatchObject({
      ok: false,
      error: { code: 'CONFIRM_REQUIRED', message: expect.stringMatching(/архив другой кассы.*введите слово ПЕРЕНОС/) },
    });
    const wrongWord = await till.call('maintenance.import', { targetId: t.id, path, confirmTransfer: 'да' });
    expect(wrongWord).toMatchObject({ ok: false, error: { code: 'CONFIRM_REQUIRED' } });
    expect(till.fingerprint({ except: ['audit_log'] })).toBe(before);

    const oldCtx = till.ctx;
    const done = await till.ok('maintenance.import', { targetId: t.id, path, confirmTransfer: 'ПЕРЕНОС' });
    expect(done).toMatchObject({ transferred: true, documents: otherDocs });
    expect(existsSync(done.safetyCopy)).toBe(true);
    // A new core on the other till's data; nobody logged in; the admin logs in with that till's password.
    expect(till.ctx).not.toBe(oldCtx);
    expect(till.ctx.db.prepare('SELECT idempotency_key FROM documents ORDER BY id').pluck().all()).toEqual(otherIdempotency);
    expect(till.ctx.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(await till.call('maintenance.status')).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    await till.ok('auth.login', { login: 'admin', password: ADMIN_PASSWORD });
    const actions = till.ctx.db.prepare("SELECT action FROM audit_log WHERE action LIKE 'maintenance.import%'").pluck().all();
    expect(actions).toEqual(['maintenance.import']);
    // The safety copy is the till as it was before.
    const safety = new Database(done.safetyCopy, { readonly: true });
    expect(safety.prepare('SELECT count(*) FROM documents').pluck().get()).toBe(0);
    safety.close();
  });

  it('brings an archive of an older schema up to date', async () => {
    using till = restartableTill();
    await adminReady(till);
    const target = await folderTarget(till);
    const oldFile = join(tmp.dir(), 'schema9.sqlite');
    const old = openDatabase(oldFile, { migrateTo: 9 });
    seedShopV1(old);
    old.close();
    const chunks: Buffer[] = [];
    for await (const c of zipArchive(oldFile, describeSnapshot(oldFile, '2026-03-14T10:00:00.000Z'))) chunks.push(c as Buffer);
    mkdirSync(join(target.dir, ARCHIVE_FOLDER));
    writeFileSync(join(target.dir, ARCHIVE_FOLDER, 'old.zip'), Buffer.concat(chunks));
    const check = await till.ok('maintenance.inspect', { targetId: target.id, path: `${ARCHIVE_FOLDER}/old.zip` });
    expect(check).toMatchObject({ migrates: true, manifest: { schemaVersion: 9 } });
    await till.ok('maintenance.import', { targetId: target.id, path: `${ARCHIVE_FOLDER}/old.zip`, confirmTransfer: 'ПЕРЕНОС' });
    expect(till.ctx.db.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(till.ctx.db.prepare('SELECT count(*) FROM documents').pluck().get()).toBeGreaterThan(0);
  });
});

describe.each(['ftp', 'webdav'] as const)('archives over %s (a real server on loopback)', (kind) => {
  let server: StorageServer;
  beforeAll(async () => {
    server = kind === 'ftp' ? await startFtp() : await startWebdav();
  });
  afterAll(() => server.close());

  it('exports, lists, checks and imports back', async () => {
    using till = restartableTill();
    const documents = await tillWithClosedShift(till);
    const t = await till.ok('storage.saveTarget', { name: kind, connection: server.connection, password: 'Пароль-1 с пробелом' });
    const { path } = await till.ok('maintenance.export', { targetId: t.id });
    expect((await till.ok('maintenance.archives', { targetId: t.id })).files.map((f) => f.path)).toEqual([path]);
    expect(await till.ok('maintenance.inspect', { targetId: t.id, path })).toMatchObject({ sameTill: true, manifest: { documents } });
    const keys = till.ctx.db.prepare('SELECT idempotency_key FROM documents ORDER BY id').pluck().all();
    await till.ok('maintenance.import', { targetId: t.id, path });
    expect(till.ctx.db.prepare('SELECT idempotency_key FROM documents ORDER BY id').pluck().all()).toEqual(keys);
  });
});

describe('the core’s storage deadline', () => {
  it('reaches every worker job that opens a target: export, check, import, support bundle, and the archive list', async () => {
    const hung = await silentServer();
    try {
      using till = makeTill({ storage: { timeoutMs: 1_500 } }, createRestartableCore);
      await tillWithClosedShift(till);
      const t = await till.ok('storage.saveTarget', {
        name: 'Зависший NAS',
        connection: { kind: 'webdav', url: `http://127.0.0.1:${hung.port}`, user: 'kassa', root: 'kassa' },
        password: 'пароль',
      });
      const path = `${ARCHIVE_FOLDER}/kassa-training-20261120-080000.zip`;
      const calls = [
        till.call('maintenance.export', { targetId: t.id }),
        till.call('maintenance.inspect', { targetId: t.id, path }),
        till.call('maintenance.import', { targetId: t.id, path }),
        till.call('maintenance.supportBundle', { targetId: t.id }),
        till.call('maintenance.archives', { targetId: t.id }),
      ];
      for (const res of await Promise.all(calls)) {
        // The default would be «не ответил за 20 с», twenty seconds later.
        expect(res).toMatchObject({ ok: false, error: { code: 'STORAGE_ERROR', message: expect.stringMatching(/не ответил за 1,5 с/) } });
      }
    } finally {
      await hung.close();
    }
  }, 15_000);
});

describe('an export whose upload is cut on the way (WebDAV behind a proxy that drops the rest)', () => {
  it('is refused as a transfer error: no archive under its name, short or half, and nothing in the journal', async () => {
    const server = await startWebdav();
    const proxy = await cuttingProxy(server.port, 'put', 20_000);
    try {
      using till = restartableTill();
      await tillWithClosedShift(till);
      const t = await till.ok('storage.saveTarget', {
        name: 'NAS',
        connection: { ...server.connection, url: `http://127.0.0.1:${proxy.port}` },
        password: 'Пароль-1 с пробелом',
      });
      const res = await till.call('maintenance.export', { targetId: t.id });
      expect(res).toMatchObject({
        ok: false,
        error: { code: 'STORAGE_ERROR', message: expect.stringMatching(/не записан: на хранилище 20000 байт из \d+ — передача оборвалась/) },
      });
      expect(readdirSync(join(server.dir, 'kassa', ARCHIVE_FOLDER))).toEqual([]);
      expect(auditActions(till)).toEqual([]);
      expect((await till.ok('maintenance.status')).lastExport).toBeNull();
    } finally {
      await proxy.close();
      await server.close();
    }
  });
});
