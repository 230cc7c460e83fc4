/**
 * The installed app's `admin` sub-command (issue 13) without an Electron binary: runAdminInApp
 * (main/host/admin-app.ts, what host/electron-admin.ts runs with Electron's `app`) given a
 * stand-in `app` that records what kassa-admin asks of it, and the real commands on a real data folder.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdminInApp, type AdminApp } from '../../main/host/admin-app.js';
import { CASHIER, cashierReady, makeTill } from '../fixtures/core.js';

function standInApp(temp: string) {
  const calls: string[] = [];
  const exits: number[] = [];
  const app: AdminApp = {
    setPath: (name, path) => void calls.push(`setPath ${name} ${path}`),
    getPath: (name) => (name === 'temp' ? temp : 'not asked'),
    disableHardwareAcceleration: () => void calls.push('no GPU'),
    exit: (code) => void exits.push(code),
  };
  return { app, calls, exits };
}

function captured() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, write: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) } };
}

describe('kassa-admin inside the app (the `admin` sub-command)', () => {
  let root: string;
  let dataDir: string;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'kassa-admin-app-'));
    dataDir = join(root, 'till data');
    const till = makeTill({ dataDir });
    await cashierReady(till);
    till.close();
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("runs the command on the till's data folder, with Chromium's profile in temp, no GPU, and exits with the code", async () => {
    const { app, calls, exits } = standInApp(join(root, 'temp'));
    const io = captured();
    const code = await runAdminInApp(app, ['users', 'list', '--json'], dataDir, io.write);
    expect(code, io.err.join('')).toBe(0);
    expect(exits).toEqual([0]);
    expect(calls).toEqual([`setPath userData ${join(root, 'temp', 'kassa-desk-admin')}`, 'no GPU']);
    const users = (JSON.parse(io.out.join('')) as { users: { login: string }[] }).users;
    expect(users.map((u) => u.login)).toEqual(['admin', CASHIER.login]);
  });

  it('passes the refusals on as exit codes: a damaged archive 1, a wrong command line 2', async () => {
    const bad = join(root, 'bad.zip');
    writeFileSync(bad, 'это не архив');
    const damaged = standInApp(join(root, 'temp'));
    const io = captured();
    expect(await runAdminInApp(damaged.app, ['verify', bad], dataDir, io.write)).toBe(1);
    expect(damaged.exits).toEqual([1]);
    expect(io.err.join('')).toMatch(/Архив повреждён/);

    const wrong = standInApp(join(root, 'temp'));
    const io2 = captured();
    expect(await runAdminInApp(wrong.app, ['frobnicate'], dataDir, io2.write)).toBe(2);
    expect(wrong.exits).toEqual([2]);
    expect(io2.err.join('')).toMatch(/Неизвестная команда: frobnicate/);
  });
});
