/**
 * The Electron host starts: one window on app://kassa, `window.kassa` from the preload, no Node
 * in the page, and the router answering over IPC. Runs wherever the Electron binary is
 * installed; here (no binary, it cannot be downloaded) it is skipped with the reason printed.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, type ElectronApplication } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { electronBinaryPath } from '../../scripts/electron-binary.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = join(ROOT, 'dist', 'main', 'index.js');
const ARTIFACTS = join(ROOT, 'tests', 'e2e', 'artifacts');
const bin = electronBinaryPath(ROOT);

if (!bin) {
  console.log('electron-start: skipped — Electron binary not installed at node_modules/electron/dist (cannot be downloaded on this machine)');
}

describe('Electron host', () => {
  it.skipIf(!bin)('opens the till window with window.kassa and answers app.status over IPC', async () => {
    if (!bin) throw new Error('unreachable: skipped without the binary');
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first`);
    const dataDir = mkdtempSync(join(tmpdir(), 'kassa-electron-start-'));
    const args = [MAIN];
    // Chromium will not start as root with its OS sandbox (containers, CI); the page keeps
    // `sandbox: true` semantics (no Node, no require) either way.
    if (process.getuid?.() === 0) args.unshift('--no-sandbox');
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
    delete env.ELECTRON_RUN_AS_NODE; // would start the binary as plain Node, with no window
    env.KASSA_DATA_DIR = dataDir;
    let electronApp: ElectronApplication | undefined;
    try {
      electronApp = await _electron.launch({
        executablePath: bin,
        args,
        cwd: ROOT,
        env,
        timeout: 60_000,
      });
      const page = await electronApp.firstWindow();
      await page.waitForLoadState('domcontentloaded');
      expect(page.url()).toMatch(/^app:\/\/kassa\//);

      const bridge = await page.evaluate(() => {
        const w = window as unknown as { kassa?: Record<string, unknown>; require?: unknown; process?: unknown };
        return {
          hasKassa: typeof w.kassa === 'object' && w.kassa !== null,
          areas: w.kassa ? Object.keys(w.kassa).sort() : [],
          on: typeof w.kassa?.on,
          require: typeof w.require,
          process: typeof w.process,
          ipcRenderer: w.kassa ? 'ipcRenderer' in w.kassa : false,
        };
      });
      expect(bridge).toMatchObject({ hasKassa: true, on: 'function', require: 'undefined', process: 'undefined', ipcRenderer: false });
      expect(bridge.areas).toContain('app');

      const status = await page.evaluate(async () => {
        const kassa = (window as unknown as { kassa: { app: { status(): Promise<{ ok: boolean }> } } }).kassa;
        return kassa.app.status();
      });
      expect(status).toMatchObject({ ok: true });

      const title = await electronApp.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.getTitle());
      expect(title).toBe('Kassa Desk — касса');

      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'electron-start.png') });
    } finally {
      await electronApp?.close();
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 10 });
    }
  });

  it.skipIf(!bin)('opens the customer window on a second BrowserWindow when the admin turns it on, and it only listens', async () => {
    if (!bin) throw new Error('unreachable: skipped without the binary');
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first`);
    const dataDir = mkdtempSync(join(tmpdir(), 'kassa-electron-customer-'));
    const args = [MAIN];
    if (process.getuid?.() === 0) args.unshift('--no-sandbox');
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
    delete env.ELECTRON_RUN_AS_NODE;
    env.KASSA_DATA_DIR = dataDir;
    let electronApp: ElectronApplication | undefined;
    try {
      electronApp = await _electron.launch({ executablePath: bin, args, cwd: ROOT, env, timeout: 60_000 });
      const page = await electronApp.firstWindow();
      await page.waitForLoadState('domcontentloaded');
      type Api = Record<string, Record<string, (input?: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>>>;
      const opened = electronApp.waitForEvent('window');
      const saved = await page.evaluate(async () => {
        const k = (window as unknown as { kassa: Api }).kassa;
        await k.setup!.enterPin!({ pin: '1234' });
        await k.auth!.login!({ login: 'admin', password: '1111' });
        await k.auth!.changePassword!({ oldPassword: '1111', newPassword: '258036' });
        const s = (await k.devices!.getSettings!({})) as { value: { display: Record<string, unknown> } };
        return k.devices!.saveSettings!({ display: { ...s.value.display, customerWindow: true } });
      });
      expect(saved).toMatchObject({ ok: true });
      const customer = await opened;
      await customer.waitForLoadState('domcontentloaded');
      expect(customer.url()).toBe('app://kassa/index.html?view=customer');
      await customer.getByTestId('customer-window').waitFor({ state: 'visible' });
      const facts = await customer.evaluate(async () => {
        const w = window as unknown as { kassa: Api; require?: unknown };
        const call = await w.kassa.devices!.getSettings!({});
        return { require: typeof w.require, refused: call.ok === false ? call.error?.code : 'allowed' };
      });
      expect(facts).toEqual({ require: 'undefined', refused: 'FORBIDDEN' }); // it only listens
      const windows = await electronApp.evaluate(({ BrowserWindow }) =>
        BrowserWindow.getAllWindows()
          .map((w) => w.getTitle())
          .sort(),
      );
      expect(windows).toEqual(['Kassa Desk — касса', 'Kassa Desk — покупатель']);
      mkdirSync(ARTIFACTS, { recursive: true });
      await customer.screenshot({ path: join(ARTIFACTS, 'electron-customer-window.png') });
    } finally {
      await electronApp?.close();
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 10 });
    }
  });
});
