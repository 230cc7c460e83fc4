/**
 * The installers as CI builds them: electron-builder.yml's targets, the afterPack hook that sets
 * the Electron fuses with @electron/fuses (run for real on a binary that carries Electron's fuse
 * wire), the udev rule packed into the .deb, the generic update server, and the workflow itself.
 * https://www.electronjs.org/docs/latest/tutorial/fuses
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { afterEach, describe, expect, it } from 'vitest';
import afterPack, { FUSES } from '../../scripts/after-pack.mjs';
import { checkPrerequisites, nodeSatisfies } from '../../scripts/prerequisites.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// js-yaml comes with electron-builder, which reads this very file with it.
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

type Config = {
  afterPack: string;
  electronFuses?: unknown;
  asar: boolean;
  win: { target: { target: string; arch: string[] }[] };
  linux: { target: string[]; extraResources: { from: string; to: string }[] };
  deb: { fpm: string[] };
  nsis: { deleteAppDataOnUninstall: boolean; oneClick: boolean };
  publish: { provider: string; url: string }[];
};
const config = () => yaml.load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as Config;

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true, maxRetries: 10 });
});

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/** A stand-in for the packed binary: Electron's fuse wire (version 1, 8 fuses, all as shipped) inside other bytes. */
function packedApp(platform: 'linux' | 'win32'): { appOutDir: string; binary: string; context: Parameters<typeof afterPack>[0] } {
  const appOutDir = mkdtempSync(join(tmpdir(), 'kassa-after-pack-'));
  made.push(appOutDir);
  const binary = join(appOutDir, platform === 'win32' ? 'Kassa Desk.exe' : 'kassa-desk');
  const shipped = [0x31, 0x30, 0x31, 0x31, 0x30, 0x30, 0x30, 0x31]; // Electron's defaults: RunAsNode on, cookie encryption off…
  writeFileSync(binary, Buffer.concat([Buffer.alloc(4096, 0xcc), Buffer.from(SENTINEL), Buffer.from([1, 8, ...shipped]), Buffer.alloc(4096, 0xcc)]));
  // kassa-admin's launcher, as extraResources packs it (tests/unit/admin-launchers.test.ts).
  const launcher = platform === 'win32' ? 'kassa-admin.cmd' : 'kassa-admin';
  mkdirSync(join(appOutDir, 'resources', 'bin'), { recursive: true });
  copyFileSync(join(ROOT, 'resources', 'bin', launcher), join(appOutDir, 'resources', 'bin', launcher));
  return {
    appOutDir,
    binary,
    context: { appOutDir, electronPlatformName: platform, packager: { executableName: 'kassa-desk', appInfo: { productFilename: 'Kassa Desk' } } },
  };
}

describe('electron-builder.yml', () => {
  it('builds the NSIS installer for Windows x64, and an AppImage and a .deb for Linux', () => {
    const c = config();
    expect(c.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(c.linux.target).toEqual(['AppImage', 'deb']);
    expect(c.asar).toBe(true);
    // The folder holds the fiscal database: uninstalling never deletes it.
    expect(c.nsis.deleteAppDataOnUninstall).toBe(false);
  });

  it('sets the fuses in its afterPack hook, and nowhere else', () => {
    const c = config();
    expect(c.afterPack).toBe('./scripts/after-pack.mjs');
    expect(c.electronFuses).toBeUndefined();
  });

  it('packs the udev rule into the .deb where udev reads it, and ships it beside the AppImage', () => {
    const c = config();
    expect(c.deb.fpm).toContain('native/99-kassa-desk.rules=/usr/lib/udev/rules.d/99-kassa-desk.rules');
    expect(c.linux.extraResources).toContainEqual({ from: 'native/99-kassa-desk.rules', to: 'udev/99-kassa-desk.rules' });
    const rules = readFileSync(join(ROOT, 'native/99-kassa-desk.rules'), 'utf8');
    expect(rules).toMatch(/KERNEL=="ttyUSB\[0-9\]\*", GROUP="dialout", MODE="0660"/);
    expect(rules).toMatch(/SUBSYSTEM=="usbmisc", KERNEL=="lp\[0-9\]\*", GROUP="lp", MODE="0660"/);
  });

  it('publishes updates to a generic server over https', () => {
    expect(config().publish).toEqual([expect.objectContaining({ provider: 'generic', url: expect.stringMatching(/^https:\/\//) })]);
  });
});

describe('the afterPack hook', () => {
  it('asks for RunAsNode, NODE_OPTIONS and inspect off; asar only, asar integrity and cookie encryption on', () => {
    expect(FUSES).toMatchObject({
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.EnableCookieEncryption]: true,
    });
  });

  it.each(['linux', 'win32'] as const)('flips them in the packed %s binary with @electron/fuses', async (platform) => {
    const app = packedApp(platform);
    await afterPack(app.context);
    const wire = await getCurrentFuseWire(app.binary);
    const on = 0x31;
    const off = 0x30;
    expect(wire).toMatchObject({
      [FuseV1Options.RunAsNode]: off,
      [FuseV1Options.EnableCookieEncryption]: on,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: off,
      [FuseV1Options.EnableNodeCliInspectArguments]: off,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: on,
      [FuseV1Options.OnlyLoadAppFromAsar]: on,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: off,
    });
    // The wire's seventh fuse (V8 snapshot) is left as Electron ships it.
    expect(wire[FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]).toBe(0x30);
  });

  it('fails the build when the binary has no fuse wire', async () => {
    const app = packedApp('linux');
    writeFileSync(app.binary, 'not electron');
    await expect(afterPack(app.context)).rejects.toThrow(/sentinel/);
  });
});

describe('the CI workflow', () => {
  const workflow = () =>
    yaml.load(readFileSync(join(ROOT, '.github/workflows/ci.yml'), 'utf8')) as {
      jobs: Record<
        string,
        {
          'runs-on': string;
          strategy?: { matrix: Record<string, unknown> };
          steps: { run?: string; uses?: string; name?: string; if?: string; shell?: string; with?: Record<string, unknown> }[];
        }
      >;
    };

  it('tests on Windows and Linux, the _electron tests under Xvfb, then builds and uploads the installers', () => {
    const { jobs } = workflow();
    expect(jobs.test!.strategy!.matrix.os).toEqual(['ubuntu-latest', 'windows-latest']);
    const runs = jobs.test!.steps.map((s) => s.run ?? '');
    expect(runs).toContain('npm ci');
    expect(runs.some((r) => /^xvfb-run .* npm test$/.test(r))).toBe(true);
    // Before the _electron tests, on Ubuntu 24.04: Electron's SUID sandbox helper is root's and 4755.
    const helper = runs.findIndex((r) => r.includes('chmod 4755 node_modules/electron/dist/chrome-sandbox'));
    expect(helper).toBeGreaterThan(runs.indexOf('npm ci'));
    expect(helper).toBeLessThan(runs.findIndex((r) => r.startsWith('xvfb-run')));
    const build = jobs.installers!.steps.map((s) => s.run ?? '').join('\n');
    expect(build).toMatch(/electron-builder --config electron-builder\.yml --publish never/);
    expect(jobs.installers!.strategy!.matrix.include).toEqual([
      { os: 'windows-latest', targets: '--win nsis' },
      { os: 'ubuntu-latest', targets: '--linux AppImage deb' },
    ]);
    expect(jobs.installers!.steps.some((s) => s.uses?.startsWith('actions/upload-artifact@'))).toBe(true);
  });

  it('runs on Windows what pwsh can run, with the Node of engines, and names there what the preflight asks of Windows', () => {
    const { jobs } = workflow();
    const engines = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
    for (const job of Object.values(jobs)) {
      for (const step of job.steps) {
        // setup-node takes a bare major as its newest release.
        if (step.uses?.startsWith('actions/setup-node@')) expect(nodeSatisfies(`v${String(step.with!['node-version'])}.999.0`, engines), engines).toBe(true);
        const linuxOnly = /runner\.os == 'Linux'/.test(step.if ?? '');
        // windows-latest runs `run:` in pwsh unless told: no POSIX shell there, one plain command.
        if (step.run && !linuxOnly && !step.shell) expect(step.run.trim(), step.name ?? step.run).toMatch(/^[\w@./: -]+$/);
      }
    }
    const windows = jobs.test!.steps.find((s) => s.name === 'Prerequisites (Windows)')!;
    expect(windows.shell).toBe('pwsh');
    // What the preflight finds missing on a bare Windows, other than the browser (Chrome and Edge are on the runner image).
    const bare = checkPrerequisites(ROOT, { env: {}, platform: 'win32', nodeVersion: 'v22.0.0' }).missing.filter((l) => !l.includes('Chromium'));
    expect(bare.map((l) => /set (KASSA_\w+) to its executable/.exec(l)?.[1])).toEqual(['KASSA_RCLONE', 'KASSA_FTP_PYTHON']);
    for (const variable of ['KASSA_RCLONE', 'KASSA_FTP_PYTHON']) expect(windows.run).toContain(`Add-Content -Path $env:GITHUB_ENV -Value "${variable}=`);
  });

  it('says plainly in the log when the signing secrets are absent', () => {
    const signing = workflow().jobs.installers!.steps.find((s) => s.name === 'Code signing')!.run!;
    expect(signing).toMatch(/::warning title=Installer NOT signed::The secret WIN_CSC_LINK/);
    expect(signing).toMatch(/::warning title=Linux packages NOT signed::/);
  });
});
