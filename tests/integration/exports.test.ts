/**
 * Background exports (issues 12 and 13): a shift's reports after its Z and the database archive
 * after a Z or daily, to real FTP and WebDAV servers on loopback, through the real worker threads
 * of main/tasks. A target that is down is retried with a growing delay and never holds up a Z; the
 * daily archive follows the till's clock; the target keeps the last N archives.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShiftExportReport, StorageConnection } from '../../preload/contract/index.js';
import { cashierReady, loginAs, makeTill, pieceBarcodes, type TestTill } from '../fixtures/core.js';
import { sellOne } from '../fixtures/sko-till.js';
import { PASSWORD, silentServer, startFtp, startWebdav, type StorageServer } from '../fixtures/storage-servers.js';
import { useTempDir } from '../fixtures/temp-dir.js';

const tmp = useTempDir('kassa-exports-');
const ALL: ShiftExportReport[] = ['goods', 'payments', 'cashiers', 'hours', 'sections'];

let ftp: StorageServer;
let webdav: StorageServer;
beforeAll(async () => {
  [ftp, webdav] = await Promise.all([startFtp(), startWebdav()]);
});
afterAll(async () => {
  await Promise.all([ftp?.close(), webdav?.close()]);
});

/** A clock the test moves: «daily at 21:00» without waiting for 21:00. Local time, as the shop sees it. */
function testClock(start: Date) {
  let now = start.getTime();
  return { clock: () => new Date(now), set: (d: Date) => (now = d.getTime()), add: (ms: number) => (now += ms) };
}

async function saveTarget(till: TestTill, name: string, connection: StorageConnection): Promise<string> {
  return (await till.ok('storage.saveTarget', { name, connection, ...(connection.kind !== 'folder' && { password: PASSWORD }) })).id;
}

/** A shift of the cashier with `sales` one-item cash sales, closed by Z; the Z's answer and how long it took. */
async function shiftWithSales(till: TestTill, sales: number, first = 0) {
  await loginAs(till, 'cashier');
  await till.ok('shift.open');
  const codes = await pieceBarcodes(till, first + sales);
  for (const c of codes.slice(first)) await sellOne(till, c);
  await till.outbox.drain(10_000);
  const started = performance.now();
  const z = await till.ok('shift.zReport', { cashOutAll: true });
  return { z, ms: performance.now() - started };
}

const served = (server: StorageServer, path: string) => join(server.dir, 'kassa', path);

function csvRows(file: string): string[][] {
  const text = readFileSync(file, 'utf8');
  expect(text.startsWith('\uFEFF')).toBe(true);
  const parsed = Papa.parse<string[]>(text.slice(1), { delimiter: ';', skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

/** One table of a report's file, its column heading first: the rows between its own title line and the next table's. */
function table(rows: string[][], title: string): string[][] {
  const at = rows.findIndex((r) => r.length === 1 && r[0] === title);
  expect(at).toBeGreaterThan(0);
  const next = rows.findIndex((r, i) => i > at + 1 && r.length === 1);
  return rows.slice(at + 1, next < 0 ? undefined : next);
}

const kopecks = (s: string) => {
  const m = /^(-?)(\d+),(\d{2})$/.exec(s);
  if (!m) throw new Error(`not money with a decimal comma: ${s}`);
  return (m[1] ? -1 : 1) * (Number(m[2]) * 100 + Number(m[3]));
};

/**
 * A TCP gate in front of a server, on a port of its own that stays the same: closed = the server is
 * down; `to` may be changed (the server behind it replaced).
 */
async function gate(to: number): Promise<{ port: number; to: number; open(): Promise<void>; close(): Promise<void> }> {
  let server: Server | null = null;
  let port = 0;
  const sockets = new Set<Socket>();
  const open = async () => {
    const srv = createServer((client) => {
      const upstream = connect(door.to, '127.0.0.1');
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('error', () => undefined);
        s.once('close', () => sockets.delete(s));
      }
      client.pipe(upstream).pipe(client);
      client.once('close', () => upstream.destroy());
      upstream.once('close', () => client.destroy());
    });
    await new Promise<void>((r) => srv.listen(port, '127.0.0.1', r));
    port = (srv.address() as { port: number }).port;
    server = srv;
  };
  const close = async () => {
    for (const s of sockets) s.destroy();
    const srv = server;
    server = null;
    if (srv) await new Promise<void>((r) => srv.close(() => r()));
  };
  const door = {
    get port() {
      return port;
    },
    to,
    open,
    close,
  };
  await open();
  return door;
}

describe('export at shift close over FTP (a real server on loopback)', () => {
  it('writes each chosen report of the closed shift, over that shift only, and journals it', async () => {
    using till = makeTill();
    await cashierReady(till);
    await loginAs(till, 'admin');
    const targetId = await saveTarget(till, 'FTP', ftp.connection);
    await till.ok('exports.saveSettings', { enabled: true, targetId, reports: ALL, format: 'csv' });
    const first = await shiftWithSales(till, 2);
    await till.exports.tick();
    // A second shift the same day: its files count its own sale only.
    const second = await shiftWithSales(till, 1, 2);
    await till.exports.tick();

    await loginAs(till, 'admin');
    const { jobs, attempts } = await till.ok('exports.journal', {});
    expect(jobs.map((j) => [j.kind, j.cause, j.shiftNumber, j.state, j.attempts, j.targetName])).toEqual([
      ['reports', 'z', 2, 'done', 1, 'FTP'],
      ['reports', 'z', 1, 'done', 1, 'FTP'],
    ]);
    expect(attempts.map((a) => a.ok)).toEqual([true, true]);
    const files = jobs[0]!.files;
    expect(files.map((f) => f.replace(/-\d{8}\//, '-ДАТА/'))).toEqual(ALL.map((r) => `kassa-reports/training-shift-0002-ДАТА/${r}.csv`));
    for (const [job, z] of [
      [jobs[1]!, first.z],
      [jobs[0]!, second.z],
    ] as const) {
      const goods = csvRows(
        served(
          ftp,
          job.files.find((f) => f.endsWith('goods.csv'))!,
        ),
      );
      expect(goods[0]![0]).toBe(`Реализация в разрезе товаров — смена № ${z.shiftNumber}`);
      const items = table(goods, 'Товары');
      expect(items[0]!.slice(0, 2)).toEqual(['Товар', 'Код']);
      const total = items.at(-1)!;
      expect(total[0]).toBe('Итого');
      expect(kopecks(total[items[0]!.indexOf('Сумма')]!)).toBe(z.salesTotal);
      expect(items.length - 2).toBe(z.salesCount); // heading, total; one item a sale
      const payments = csvRows(
        served(
          ftp,
          job.files.find((f) => f.endsWith('payments.csv'))!,
        ),
      );
      expect(kopecks(payments.at(-1)!.at(-1)!)).toBe(z.netTotal);
      const cashiers = csvRows(
        served(
          ftp,
          job.files.find((f) => f.endsWith('cashiers.csv'))!,
        ),
      );
      expect(table(cashiers, 'По кассирам')[1]!.slice(0, 2)).toEqual(['Иванова А.', String(z.salesCount)]);
    }
    expect(readdirSync(served(ftp, 'kassa-reports')).some((f) => f.endsWith('.part'))).toBe(false);
    expect(await till.ok('exports.notices')).toEqual([]);
  });

  it('queues nothing when the export is off, and the archive after each Z when the schedule asks for it', async () => {
    using till = makeTill();
    await cashierReady(till);
    await loginAs(till, 'admin');
    const targetId = await saveTarget(till, 'FTP архивы', ftp.connection);
    await shiftWithSales(till, 1);
    await till.exports.tick();
    expect(till.ctx.db.prepare('SELECT count(*) FROM export_jobs').pluck().get()).toBe(0);
    await loginAs(till, 'admin');
    await till.ok('maintenance.saveSchedule', { targetId, daily: false, at: '21:00', afterZ: true, keepLast: 3, warnAfterDays: 7 });
    await shiftWithSales(till, 1, 1);
    await till.exports.tick();
    await loginAs(till, 'admin');
    const { jobs } = await till.ok('exports.journal', {});
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ kind: 'archive', cause: 'z', shiftNumber: 2, state: 'done', removed: [] });
    expect(existsSync(served(ftp, jobs[0]!.files[0]!))).toBe(true);
    // The archive is in the maintenance journal too: the status no longer calls the last export overdue.
    expect(await till.ok('maintenance.status')).toMatchObject({ lastExport: { path: jobs[0]!.files[0] }, exportOverdue: false });
  });
});

describe('export at shift close over WebDAV', () => {
  it('writes XLSX that reads back to the Z figures', async () => {
    using till = makeTill();
    await cashierReady(till);
    await loginAs(till, 'admin');
    const targetId = await saveTarget(till, 'WebDAV', webdav.connection);
    await till.ok('exports.saveSettings', { enabled: true, targetId, reports: ['sections', 'payments'], format: 'xlsx' });
    const { z } = await shiftWithSales(till, 3);
    await till.exports.tick();
    await loginAs(till, 'admin');
    const [job] = (await till.ok('exports.journal', {})).jobs;
    expect(job).toMatchObject({ state: 'done', attempts: 1 });
    expect(job!.files.map((f) => f.split('/').pop())).toEqual(['sections.xlsx', 'payments.xlsx']);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(served(webdav, job!.files[0]!));
    const sheet = book.getWorksheet('По ставкам НДС')!;
    const rows = sheet.getSheetValues().filter(Boolean) as unknown[][];
    expect(rows[0]![1]).toBe(`Отчёт по секциям и ставкам НДС — смена № ${z.shiftNumber}. По ставкам НДС`);
    const vatTotal = rows.findLast((r) => r[1] === 'Итого')!;
    expect(Math.round(Number(vatTotal[2]) * 100)).toBe(z.salesTotal);
    expect(Math.round(Number(vatTotal[7]) * 100)).toBe(z.byVatRate.reduce((s, v) => s + v.vat, 0));
  });
});

describe('a target that is down', () => {
  it('never holds up the Z: a hung server leaves the export running while the next Z answers', async () => {
    const hung = await silentServer();
    try {
      using till = makeTill({ storage: { timeoutMs: 6_000 } });
      await cashierReady(till);
      await loginAs(till, 'admin');
      const targetId = await saveTarget(till, 'Зависший FTP', { ...(ftp.connection as Extract<StorageConnection, { kind: 'ftp' }>), port: hung.port });
      await till.ok('exports.saveSettings', { enabled: true, targetId, reports: ['goods'], format: 'csv' });
      const first = await shiftWithSales(till, 1);
      // The export of shift 1 is under way against a server that never answers …
      const running = till.exports.tick();
      const state = () => till.ctx.db.prepare('SELECT state FROM export_jobs ORDER BY id').pluck().all();
      expect(state()).toEqual(['running']);
      // … and the next shift opens, sells and closes without waiting for it.
      const second = await shiftWithSales(till, 1, 1);
      expect(state()).toEqual(['running', 'waiting']);
      expect(second.ms).toBeLessThan(6_000);
      expect(first.ms).toBeLessThan(6_000);
      await running;
      await loginAs(till, 'admin');
      const { jobs } = await till.ok('exports.journal', {});
      expect(jobs.map((j) => [j.shiftNumber, j.state, j.attempts])).toEqual([
        [2, 'waiting', 1],
        [1, 'waiting', 1],
      ]);
      expect(jobs[1]!.lastError).toMatch(/не ответил за 6 с/);
    } finally {
      await hung.close();
    }
  }, 60_000);

  it('is tried again later each time, shows on the menu meanwhile, and lands once the server is back', async () => {
    const door = await gate(webdav.port);
    await door.close(); // the server is down
    const t = testClock(new Date(2026, 10, 20, 19, 30));
    using till = makeTill({ clock: t.clock });
    await cashierReady(till);
    await loginAs(till, 'admin');
    const targetId = await saveTarget(till, 'NAS', {
      ...(webdav.connection as Extract<StorageConnection, { kind: 'webdav' }>),
      url: `http://127.0.0.1:${door.port}`,
    });
    await till.ok('exports.saveSettings', { enabled: true, targetId, reports: ['goods'], format: 'csv' });
    await shiftWithSales(till, 1);
    await till.exports.tick();
    // The cashier who closed the shift sees it on the menu.
    const notices = await till.ok('exports.notices');
    expect(notices).toEqual([
      { jobId: 1, text: 'Выгрузка отчётов после смены № 1 не удалась — повторим в 19:31', error: expect.stringMatching(/не принимает подключение/) },
    ]);
    await till.exports.tick(); // not due yet: nothing is tried
    t.add(60_000);
    await till.exports.tick(); // the 2nd try, due after a minute, fails: the next waits 2 minutes
    expect((await till.ok('exports.notices'))[0]!.text).toMatch(/повторим в 19:33$/);
    t.add(60_000);
    await till.exports.tick(); // not yet
    await door.open();
    t.add(60_000);
    await till.exports.tick();
    expect(await till.ok('exports.notices')).toEqual([]);
    await loginAs(till, 'admin');
    const { jobs, attempts } = await till.ok('exports.journal', {});
    expect(jobs[0]).toMatchObject({ state: 'done', attempts: 3, lastError: null });
    expect(attempts.map((a) => [a.ok, a.startedAt.slice(11, 16)])).toEqual([
      [false, new Date(2026, 10, 20, 19, 30).toISOString().slice(11, 16)],
      [false, new Date(2026, 10, 20, 19, 31).toISOString().slice(11, 16)],
      [true, new Date(2026, 10, 20, 19, 33).toISOString().slice(11, 16)],
    ]);
    expect(existsSync(served(webdav, jobs[0]!.files[0]!))).toBe(true);
    expect(await till.call('exports.retry', { id: jobs[0]!.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: 'Эта выгрузка уже выполнена' } });
    await door.close();
  });

  it('is tried again on the next start, even one the till was stopped in the middle of', async () => {
    const hung = await silentServer();
    const door = await gate(hung.port); // the NAS hangs …
    const dir = tmp.dir();
    {
      const till = makeTill({ dataDir: dir, storage: { timeoutMs: 30_000 } });
      await cashierReady(till);
      await loginAs(till, 'admin');
      const targetId = await saveTarget(till, 'NAS', {
        ...(webdav.connection as Extract<StorageConnection, { kind: 'webdav' }>),
        url: `http://127.0.0.1:${door.port}`,
      });
      await till.ok('exports.saveSettings', { enabled: true, targetId, reports: ['payments'], format: 'csv' });
      await shiftWithSales(till, 1);
      void till.exports.tick();
      expect(till.ctx.db.prepare('SELECT state FROM export_jobs').pluck().get()).toBe('running');
      till.close(); // … and the till stops with the export under way
    }
    door.to = webdav.port; // the NAS is back
    using till = makeTill({ dataDir: dir });
    await till.exports.tick();
    await loginAs(till, 'admin');
    const { jobs, attempts } = await till.ok('exports.journal', {});
    expect(jobs[0]).toMatchObject({ state: 'done', attempts: 2 });
    expect(attempts.map((a) => [a.ok, a.message])).toEqual([
      [false, 'Прервано: программа закрылась во время выгрузки'],
      [true, jobs[0]!.files[0]],
    ]);
    expect(csvRows(served(webdav, jobs[0]!.files[0]!))[0]).toEqual(['Выручка по способам оплаты — смена № 1']);
    await door.close();
    await hung.close();
  }, 60_000);
});

describe('the scheduled database export', () => {
  it('runs daily at its time by the till clock and keeps the last N archives on the WebDAV server', async () => {
    const t = testClock(new Date(2026, 10, 20, 20, 58));
    using till = makeTill({ clock: t.clock });
    await cashierReady(till);
    await loginAs(till, 'admin');
    const targetId = await saveTarget(till, 'Архивы', webdav.connection);
    await till.ok('maintenance.saveSchedule', { targetId, daily: true, at: '21:00', afterZ: false, keepLast: 2, warnAfterDays: 7 });
    const archives = () => (existsSync(served(webdav, 'kassa-archives')) ? readdirSync(served(webdav, 'kassa-archives')).sort() : []);
    const before = archives();
    await till.exports.tick();
    expect(archives()).toEqual(before); // 20:58: not yet
    const written: string[] = [];
    for (let day = 0; day < 3; day++) {
      t.set(new Date(2026, 10, 20 + day, 21, 0));
      await till.exports.tick();
      t.add(30 * 60_000);
      await till.exports.tick(); // 21:30: once a day only
      await loginAs(till, 'admin'); // the clock moved past the admin's idle logout
      const { jobs } = await till.ok('exports.journal', {});
      expect(jobs.length).toBe(day + 1);
      expect(jobs[0]).toMatchObject({ kind: 'archive', cause: 'daily', state: 'done', attempts: 1 });
      written.push(jobs[0]!.files[0]!.split('/').pop()!);
    }
    // Three days, keep 2: the first day's archive was removed from the server after the third was written.
    const { jobs } = await till.ok('exports.journal', {});
    expect(jobs[0]!.removed).toEqual([`kassa-archives/${written[0]}`]);
    expect(archives().filter((f) => !before.includes(f))).toEqual(written.slice(1));
  });
});

describe('the queue and the Z', () => {
  it('queues the export in the Z’s own transaction: a refused Z queues nothing', async () => {
    using till = makeTill();
    await cashierReady(till);
    await loginAs(till, 'admin');
    const targetId = await saveTarget(till, 'FTP', ftp.connection);
    await till.ok('exports.saveSettings', { enabled: true, targetId, reports: ['goods'], format: 'csv' });
    await loginAs(till, 'cashier');
    await till.ok('shift.open');
    const [code] = await pieceBarcodes(till, 1);
    await till.ok('sale.addItem', { barcode: code! }); // a check left open: the Z is refused
    expect(await till.call('shift.zReport', { cashOutAll: true })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(till.ctx.db.prepare('SELECT count(*) FROM export_jobs').pluck().get()).toBe(0);
    await till.ok('sale.cancel');
    await till.ok('shift.zReport', { cashOutAll: true });
    expect(till.ctx.db.prepare('SELECT kind, shift_number FROM export_jobs').all()).toEqual([{ kind: 'reports', shift_number: 1 }]);
    await till.exports.tick();
  });
});

describe('«Выгрузки» settings', () => {
  it('refuses a setting without a target or a report, in Russian, and changes nothing', async () => {
    using till = makeTill();
    await cashierReady(till);
    await loginAs(till, 'admin');
    const before = await till.ok('exports.settings');
    const r1 = await till.call('exports.saveSettings', { enabled: true, targetId: null, reports: ['goods'], format: 'csv' });
    expect(r1).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/Выберите хранилище/) } });
    const r2 = await till.call('exports.saveSettings', { enabled: true, targetId: '6c1d1ad0-1d3a-4a3e-9d55-2b0c5d0c1f11', reports: [], format: 'csv' });
    expect(r2).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const r3 = await till.call('exports.saveSettings', { enabled: true, targetId: '6c1d1ad0-1d3a-4a3e-9d55-2b0c5d0c1f11', reports: ['goods'], format: 'csv' });
    expect(r3).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await till.ok('exports.settings')).toEqual(before);
    // A cashier may not read or change them.
    await loginAs(till, 'cashier');
    expect(await till.call('exports.settings')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await till.call('exports.retry', { id: 1 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
