/**
 * The till's log: JSON lines in `<data>/logs/kassa.log`, capped in size and in files, written
 * before a crash ends the process. Real files, real processes (the built hosts: `npm run build`).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../main/core.js';
import { LOG_DIR, openLog } from '../../main/log/logger.js';
import { startEmulatorProcess } from '../fixtures/sko-emulator-process.js';
import { useTempDir } from '../fixtures/temp-dir.js';
import { startWebHostProcess } from '../fixtures/web-host-process.js';

const tmp = useTempDir('kassa-log-');

type Line = { level: string; msg: string; requestId?: string; method?: string; code?: string; err?: { message: string; stack: string }; [key: string]: unknown };

function lines(file: string): Line[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Line);
}

/** Makes a read fail inside the handler, as a damaged database would: no table `shifts`. */
function loseShiftsTable(dataDir: string): void {
  const db = new Database(join(dataDir, 'kassa.sqlite'));
  db.exec('ALTER TABLE shifts RENAME TO shifts_lost');
  db.close();
}

describe('the log file', () => {
  it('rotates at its size cap and keeps at most the given number of files, newest lines last', () => {
    const log = openLog({ dataDir: tmp.dir(), name: 'kassa', maxBytes: 4_000, keep: 3 });
    for (let n = 0; n < 400; n++) log.logger.info({ n }, 'продажа пробита');
    log.close();
    const dir = join(tmp.dir(), LOG_DIR);
    expect(readdirSync(dir).sort()).toEqual(['kassa.1.log', 'kassa.2.log', 'kassa.log']);
    for (const f of readdirSync(dir)) expect(statSync(join(dir, f)).size).toBeLessThanOrEqual(4_000);
    const kept = ['kassa.2.log', 'kassa.1.log', 'kassa.log'].flatMap((f) => lines(join(dir, f)).map((l) => l.n as number));
    expect(kept.at(-1)).toBe(399);
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, i) => 400 - kept.length + i)); // nothing lost between files
    expect(kept.length).toBeLessThan(400); // the oldest were dropped
  });

  it('counts what an earlier run wrote towards the cap', () => {
    const first = openLog({ dataDir: tmp.dir(), name: 'kassa', maxBytes: 1_000, keep: 2 });
    for (let n = 0; n < 6; n++) first.logger.info({ n }, 'первый запуск');
    first.close();
    const before = statSync(join(tmp.dir(), LOG_DIR, 'kassa.log')).size;
    const second = openLog({ dataDir: tmp.dir(), name: 'kassa', maxBytes: 1_000, keep: 2 });
    for (let n = 0; n < 6; n++) second.logger.info({ n }, 'второй запуск');
    second.close();
    expect(before).toBeGreaterThan(500);
    expect(lines(join(tmp.dir(), LOG_DIR, 'kassa.1.log')).map((l) => l.msg)).toContain('первый запуск');
    expect(statSync(join(tmp.dir(), LOG_DIR, 'kassa.log')).size).toBeLessThanOrEqual(1_000);
  });

  it('never writes a PIN, a password or a token', () => {
    const log = openLog({ dataDir: tmp.dir(), name: 'kassa' });
    log.logger.info({ input: { pin: '7777', login: 'ivanova', password: 'пароль-5823' }, token: 'f00dcafe', sko: { session: { refreshToken: 'r-abc' } } }, 'вход');
    log.close();
    const text = readFileSync(log.path, 'utf8');
    expect(text).toContain('ivanova');
    for (const secret of ['7777', 'пароль-5823', 'f00dcafe', 'r-abc']) expect(text).not.toContain(secret);
  });
});

describe('API calls in the log', () => {
  it('has an INTERNAL error at error with its stack and the request id the caller got; a refusal at debug without one', async () => {
    const log = openLog({ dataDir: tmp.dir(), name: 'kassa', level: 'debug' });
    const core = createCore({ dataDir: tmp.dir(), logger: log.logger, devices: false });
    try {
      const refused = await core.router.call('setup.enterPin', { pin: '12' }, true);
      expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      loseShiftsTable(tmp.dir());
      const failed = await core.router.call('app.status', {}, true);
      expect(failed).toMatchObject({ ok: false, error: { code: 'INTERNAL', details: { requestId: expect.any(String) } } });
      const requestId = (failed as { error: { details: { requestId: string } } }).error.details.requestId;

      const all = lines(log.path);
      const refusal = all.find((l) => l.method === 'setup.enterPin');
      expect(refusal).toMatchObject({ level: 'debug', code: 'VALIDATION', requestId: expect.any(String) });
      expect(refusal?.requestId).not.toBe(requestId);
      expect(refusal?.err).toBeUndefined();
      const error = all.filter((l) => l.requestId === requestId);
      expect(error).toEqual([expect.objectContaining({ level: 'error', method: 'app.status' })]);
      expect(error[0]?.err?.stack).toMatch(/no such table: shifts[\s\S]*\n\s+at /);
    } finally {
      core.close();
      log.close();
    }
  });
});

describe('the hosts write their log', () => {
  it('the web host: the file exists once it serves, and an INTERNAL error of a call is in it with its stack and request id', async () => {
    const dataDir = join(tmp.dir(), 'till');
    const host = await startWebHostProcess(dataDir);
    let requestId: string;
    try {
      const file = join(dataDir, LOG_DIR, 'kassa.log');
      expect(lines(file)).toContainEqual(expect.objectContaining({ level: 'info', msg: 'web host started' }));
      loseShiftsTable(dataDir);
      const res = await host.call('app.status', {});
      expect(res).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
      requestId = (res.error as unknown as { details: { requestId: string } }).details.requestId;
    } finally {
      await host.stop();
    }
    const all = lines(join(dataDir, LOG_DIR, 'kassa.log'));
    const error = all.find((l) => l.requestId === requestId);
    expect(error).toMatchObject({ level: 'error', method: 'app.status' });
    expect(error?.err?.stack).toMatch(/no such table: shifts[\s\S]*\n\s+at /);
    expect(readFileSync(join(dataDir, LOG_DIR, 'kassa.log'), 'utf8')).not.toContain(host.token);
  });

  it('the СКО emulator: its own file in its data folder', async () => {
    const dataDir = join(tmp.dir(), 'sko');
    const emulator = await startEmulatorProcess(dataDir);
    try {
      expect(lines(join(dataDir, LOG_DIR, 'sko-emulator.log'))).toContainEqual(
        expect.objectContaining({ level: 'info', msg: 'СКО emulator started', url: emulator.url }),
      );
    } finally {
      await emulator.stop();
    }
    expect(existsSync(join(dataDir, LOG_DIR, 'kassa.log'))).toBe(false);
  });
});

describe('a crash', () => {
  const script = fileURLToPath(new URL('../fixtures/crash-process.ts', import.meta.url));
  const run = (mode: 'throw' | 'reject') =>
    new Promise<{ code: number | null; out: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', script, tmp.dir(), mode], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      child.on('error', reject);
      child.on('exit', (code) => resolve({ code, out }));
    });

  it('an uncaught exception leaves its stack in the file, then the process exits with 1', async () => {
    const { code, out } = await run('throw');
    expect(code, out).toBe(1);
    const fatal = lines(join(tmp.dir(), LOG_DIR, 'kassa.log')).find((l) => l.level === 'fatal');
    expect(fatal).toMatchObject({ msg: 'uncaught exception', err: { message: 'принтер ответил мусором' } });
    expect(fatal?.err?.stack).toMatch(/printReceiptOnBrokenPrinter \(.*crash-process\.ts:\d+/);
  });

  it('an unhandled rejection is in the file with its stack, and the process goes on', async () => {
    const { code, out } = await run('reject');
    expect(out).toContain('still serving');
    expect(code, out).toBe(0);
    const error = lines(join(tmp.dir(), LOG_DIR, 'kassa.log')).find((l) => l.msg === 'unhandled promise rejection');
    expect(error).toMatchObject({ level: 'error', err: { message: 'принтер ответил мусором' } });
    expect(error?.err?.stack).toMatch(/printReceiptOnBrokenPrinter \(.*crash-process\.ts:\d+/);
  });
});
