/**
 * kassa-admin (issue 13): the built CLI (dist/main/admin.js) run as a process on a real data folder:
 * export and verify while the till could run, refusals with exit codes, users, cleanup preview,
 * import refused while the till runs.
 */
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_FILE } from '../../main/core.js';
import { RUNNING_FILE } from '../../main/host/running-lock.js';
import { CASHIER, cashierReady, makeTill } from '../fixtures/core.js';

const CLI = join(process.cwd(), 'dist/main/admin.js');

function admin(dataDir: string, ...args: string[]): { code: number | null; out: Record<string, unknown>; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, '--data-dir', dataDir, '--json', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout.trim() ? (JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, unknown>) : {}, stderr: r.stderr };
}

describe('kassa-admin', () => {
  let root: string;
  let dataDir: string;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'kassa-cli-'));
    dataDir = join(root, 'data');
    mkdirSync(dataDir);
    const till = makeTill({ dataDir });
    await cashierReady(till);
    till.close();
  });
  afterAll(() => rmSync(root, { recursive: true, force: true, maxRetries: 10 }));

  it('exports to a folder and verifies the archive; a flipped byte fails the check with exit 1', () => {
    const to = join(root, 'flash');
    mkdirSync(to);
    const exported = admin(dataDir, 'export', '--to', to);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.out).toMatchObject({ ok: true, path: expect.stringMatching(/kassa-archives\/kassa-training-\d{8}-\d{6}\.zip$/) });
    const path = exported.out.path as string;
    // In the till's journals as the till's own export is, by no user: the admin sees it and when it was.
    const db = new Database(join(dataDir, DB_FILE), { readonly: true });
    try {
      expect(db.prepare("SELECT user_id AS userId, json_extract(details, '$.by') AS by FROM audit_log WHERE action = 'maintenance.export'").all()).toEqual([
        { userId: null, by: 'cli' },
      ]);
      expect(db.prepare("SELECT count(*) FROM maintenance_log WHERE kind = 'export'").pluck().get()).toBe(1);
    } finally {
      db.close();
    }
    const verified = admin(dataDir, 'verify', path);
    expect(verified).toMatchObject({ code: 0, out: { ok: true, message: expect.stringMatching(/^Архив в порядке: схема \d+/) } });
    const bytes = readFileSync(path);
    bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
    const bad = join(to, 'bad.zip');
    writeFileSync(bad, bytes);
    expect(admin(dataDir, 'verify', bad)).toMatchObject({ code: 1, out: { ok: false, code: 'VALIDATION', message: expect.stringMatching(/Архив повреждён/) } });
  });

  it('manages users and previews a cleanup with the till stopped', () => {
    const list = admin(dataDir, 'users', 'list');
    expect(list.code, list.stderr).toBe(0);
    expect((list.out.users as { login: string }[]).map((u) => u.login)).toEqual(['admin', CASHIER.login]);
    expect(admin(dataDir, 'users', 'disable', CASHIER.login)).toMatchObject({ code: 0 });
    expect((admin(dataDir, 'users', 'list').out.users as { login: string; disabled: boolean }[])[1]).toMatchObject({ disabled: true });
    expect(admin(dataDir, 'users', 'disable', 'admin')).toMatchObject({
      code: 1,
      out: { code: 'CONFLICT', message: expect.stringMatching(/последнего администратора/) },
    });
    expect(admin(dataDir, 'users', 'enable', CASHIER.login)).toMatchObject({ code: 0 });
    expect(admin(dataDir, 'cleanup', '--to', '2026-01-01')).toMatchObject({ code: 0, out: { message: expect.stringMatching(/^Удалять нечего/) } });
  });

  it('refuses an import and a cleanup while the till runs (exit 3), a wrong command line (exit 2)', () => {
    writeFileSync(join(dataDir, RUNNING_FILE), JSON.stringify({ pid: process.pid, host: 'web' }));
    try {
      expect(admin(dataDir, 'import', join(root, 'flash', 'x.zip'))).toMatchObject({
        code: 3,
        out: { code: 'TILL_RUNNING', message: expect.stringMatching(/Касса запущена/) },
      });
      expect(admin(dataDir, 'cleanup', '--to', '2026-01-01', '--yes')).toMatchObject({ code: 3 });
    } finally {
      rmSync(join(dataDir, RUNNING_FILE));
    }
    expect(admin(dataDir, 'cleanup')).toMatchObject({ code: 2, out: { code: 'USAGE' } });
    expect(admin(dataDir, 'frobnicate')).toMatchObject({ code: 2 });
  });
});
