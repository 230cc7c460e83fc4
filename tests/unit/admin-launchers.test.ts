/**
 * kassa-admin in the installed app (issue 13): the app's `admin` sub-command (main/host/admin-argv.ts,
 * what main/index.ts dispatches on), the launchers electron-builder packs beside it
 * (resources/bin/kassa-admin, kassa-admin.cmd), and the afterPack check that they run the binary.
 * The Linux launcher runs for real against a stand-in for the app that records its argv.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { adminArgv } from '../../main/host/admin-argv.js';
import { checkAdminLauncher } from '../../scripts/after-pack.mjs';
import { noPosixExecutables } from '../fixtures/platform.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };
type Resources = { from: string; to: string }[];
const config = yaml.load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as {
  productName: string;
  win: { extraResources: Resources };
  linux: { executableName: string; extraResources: Resources };
};

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true, maxRetries: 10 });
});

describe('the app started with `admin`', () => {
  it('gives kassa-admin the words after `admin`, packaged and in development', () => {
    expect(adminArgv(['C:\\Program Files\\Kassa Desk\\Kassa Desk.exe', 'admin', 'export', '--to', 'E:\\'], false)).toEqual(['export', '--to', 'E:\\']);
    expect(
      adminArgv(['/opt/Kassa Desk/kassa-desk', '--ozone-platform=headless', '--disable-gpu', 'admin', 'report', 'goods', '--from', '2026-03-01'], false),
    ).toEqual(['report', 'goods', '--from', '2026-03-01']);
    expect(adminArgv(['/usr/lib/electron/electron', '.', 'admin', '--help'], true)).toEqual(['--help']);
    expect(adminArgv(['kassa-desk', 'admin'], false)).toEqual([]);
  });

  it('starts the till for anything else', () => {
    expect(adminArgv(['kassa-desk'], false)).toBeNull();
    expect(adminArgv(['kassa-desk', '--no-sandbox'], false)).toBeNull();
    expect(adminArgv(['electron', '.'], true)).toBeNull();
    // In development argv[1] is the app's path, even one called «admin».
    expect(adminArgv(['electron', 'admin'], true)).toBeNull();
    // Only the first word after the switches: a file the OS opened the app with is not a command.
    expect(adminArgv(['kassa-desk', '/home/kassir/admin'], false)).toBeNull();
    expect(adminArgv(['kassa-desk', 'report.pdf', 'admin'], false)).toBeNull();
    expect(adminArgv(['kassa-desk', 'Admin', 'export'], false)).toBeNull();
  });
});

/** The installed layout: <dir>/<binary> and <dir>/resources/bin/<launcher>, in a folder with a space as on a till. */
function installed(binary: string, launcher: string): { dir: string; launcher: string } {
  const dir = join(mkdtempSync(join(tmpdir(), 'kassa-launcher-')), 'Kassa Desk');
  made.push(join(dir, '..'));
  mkdirSync(join(dir, 'resources', 'bin'), { recursive: true });
  copyFileSync(join(ROOT, 'resources', 'bin', launcher), join(dir, 'resources', 'bin', launcher));
  // The stand-in app: writes the arguments it was given and exits with the code the test asks for.
  writeFileSync(
    join(dir, binary),
    `#!${process.execPath}\nrequire('node:fs').writeFileSync(process.env.ARGV_OUT, JSON.stringify(process.argv.slice(2)));\nprocess.exit(Number(process.env.EXIT_WITH));\n`,
  );
  chmodSync(join(dir, binary), 0o755);
  return { dir, launcher: join(dir, 'resources', 'bin', launcher) };
}

const noPosix = noPosixExecutables();
if (noPosix) console.warn(`admin-launchers: the Linux launcher's tests skipped — ${noPosix}`);

describe.skipIf(noPosix !== null)('the Linux launcher (resources/bin/kassa-admin)', () => {
  it('is packed into resources/bin of the AppImage and the .deb, executable', () => {
    expect(config.linux.extraResources).toContainEqual({ from: 'resources/bin/kassa-admin', to: 'bin/kassa-admin' });
    expect(statSync(join(ROOT, 'resources/bin/kassa-admin')).mode & 0o111).not.toBe(0);
  });

  it('runs the app with `admin` and the arguments as given, without a display, and passes the exit code on', () => {
    const app = installed(config.linux.executableName, 'kassa-admin');
    const argvOut = join(app.dir, '..', 'argv.json');
    const args = ['report', 'goods', '--from', '2026-03-01', '--data-dir', '/var/lib/kassa data', '*', '$HOME'];
    const r = spawnSync(app.launcher, args, { env: { PATH: process.env.PATH, ARGV_OUT: argvOut, EXIT_WITH: '3' }, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(3);
    const argv = JSON.parse(readFileSync(argvOut, 'utf8')) as string[];
    expect(argv).toEqual(['--ozone-platform=headless', '--disable-gpu', 'admin', ...args]);
    // …and the app reads them back as kassa-admin's own.
    expect(adminArgv([join(app.dir, config.linux.executableName), ...argv], false)).toEqual(args);
  });

  it('finds the app through a symlink put on the PATH', () => {
    const app = installed(config.linux.executableName, 'kassa-admin');
    const bin = join(app.dir, '..', 'usr-local-bin');
    mkdirSync(bin);
    symlinkSync(app.launcher, join(bin, 'kassa-admin'));
    const argvOut = join(app.dir, '..', 'argv.json');
    const r = spawnSync('kassa-admin', ['--help'], { env: { PATH: `${bin}:${process.env.PATH}`, ARGV_OUT: argvOut, EXIT_WITH: '0' }, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(argvOut, 'utf8'))).toEqual(['--ozone-platform=headless', '--disable-gpu', 'admin', '--help']);
  });
});

describe('the Windows launcher (resources/bin/kassa-admin.cmd)', () => {
  const text = readFileSync(join(ROOT, 'resources/bin/kassa-admin.cmd'), 'utf8');

  it('is packed into resources\\bin of the NSIS install', () => {
    expect(config.win.extraResources).toContainEqual({ from: 'resources/bin/kassa-admin.cmd', to: 'bin/kassa-admin.cmd' });
  });

  it('runs <install dir>\\<productName>.exe admin with every argument, and exits with its code', () => {
    const lines = text.split('\r\n');
    expect(lines.at(-1)).toBe(''); // CRLF throughout, the last line ended
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(lines[0]).toBe('@echo off');
    // A batch file waits for a GUI program (cmd /? «start»), so %ERRORLEVEL% is the command's own.
    expect(lines).toContain(`"%~dp0..\\..\\${config.productName}.exe" admin %*`);
    expect(lines.at(-2)).toBe('exit /b %ERRORLEVEL%');
    // cmd.exe reads a batch file in the OEM code page: ASCII only.
    expect(text).toMatch(/^[\x20-\x7e\r\n]*$/);
  });
});

describe('afterPack', () => {
  const context = (appOutDir: string, platform: 'linux' | 'win32') => ({
    appOutDir,
    electronPlatformName: platform,
    packager: { executableName: config.linux.executableName, appInfo: { productFilename: config.productName } },
  });

  it('accepts the packed launchers as they are', () => {
    for (const [platform, launcher] of [
      ['linux', 'kassa-admin'],
      ['win32', 'kassa-admin.cmd'],
    ] as const) {
      const app = installed(platform === 'win32' ? `${config.productName}.exe` : config.linux.executableName, launcher);
      expect(() => checkAdminLauncher(context(app.dir, platform))).not.toThrow();
    }
  });

  it('fails the build when the launcher is missing, runs another binary, or is not executable', () => {
    const app = installed(config.linux.executableName, 'kassa-admin');
    expect(() => checkAdminLauncher({ ...context(app.dir, 'linux'), packager: { executableName: 'kassa', appInfo: { productFilename: 'Kassa' } } })).toThrow(
      /does not run kassa$/,
    );
    chmodSync(app.launcher, 0o644);
    expect(() => checkAdminLauncher(context(app.dir, 'linux'), 'linux')).toThrow(/is not executable/);
    // Built on Windows, whose file system keeps no executable bit, the mode is not read.
    expect(() => checkAdminLauncher(context(app.dir, 'linux'), 'win32')).not.toThrow();
    rmSync(app.launcher);
    expect(() => checkAdminLauncher(context(app.dir, 'linux'))).toThrow(/is not packed/);
    const win = installed(`${config.productName}.exe`, 'kassa-admin.cmd');
    expect(() => checkAdminLauncher({ ...context(win.dir, 'win32'), packager: { appInfo: { productFilename: 'Kassa Till' } } })).toThrow(
      /does not run Kassa Till\.exe$/,
    );
  });
});
