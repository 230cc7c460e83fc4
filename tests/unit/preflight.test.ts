/**
 * scripts/preflight.mjs, the first step of `npm test`: on a machine without the browser and socat
 * it prints one line per missing piece, with this OS's install command or the variable to set, and
 * stops with a non-zero exit before anything else of `npm test` runs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { browserInstallPlaces, checkPrerequisites, hasPseudoTerminals, installCommand, linuxPackageManager, nodeSatisfies } from '../../scripts/prerequisites.mjs';
import { useTempDir } from '../fixtures/temp-dir.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const temp = useTempDir('kassa-preflight-');

/**
 * This machine's environment without the variables that name the tools, and PATH as given;
 * `bare` also drops the variables Windows install places are found by (Edge is always installed).
 */
function envWithPath(path: string, bare = false): Record<string, string> {
  const env: Record<string, string> = {};
  const drop = bare ? /^(PATH|KASSA_BROWSER|KASSA_SOCAT|PROGRAMFILES|PROGRAMFILES\(X86\)|LOCALAPPDATA)$/i : /^(PATH|KASSA_BROWSER|KASSA_SOCAT)$/i;
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || drop.test(key)) continue;
    env[key] = value;
  }
  env.PATH = path;
  return env;
}

function preflight(env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [join(ROOT, 'scripts/preflight.mjs')], { cwd: ROOT, env, encoding: 'utf8', timeout: 30_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const DEBIAN = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n';
const UBUNTU = 'NAME="Ubuntu"\nID=ubuntu\nID_LIKE=debian\n';
const FEDORA = 'NAME="Fedora Linux"\nID=fedora\n';
const ARCH = 'NAME="Arch Linux"\nID=arch\n';

describe('the preflight', () => {
  it('stops with one line per missing piece when PATH holds neither the browser nor socat', () => {
    const env = envWithPath(join(temp.dir(), 'empty-bin'), true);
    const { status, stdout, stderr } = preflight(env);
    expect(status).not.toBe(0);
    expect(stdout).toBe('');
    const lines = stderr.trim().split(/\r?\n/);
    for (const line of lines) expect(line).toMatch(/^preflight: missing .+ — (install: .+|install it with your package manager)/);

    const browserLine = lines.filter((l) => l.startsWith('preflight: missing Chromium, Chrome or Edge'));
    // On macOS a browser in its install place is found without PATH.
    const installedElsewhere = browserInstallPlaces(process.platform, env).some((p) => existsSync(p));
    expect(browserLine).toHaveLength(installedElsewhere ? 0 : 1);
    const command = installCommand('browser', { platform: process.platform });
    for (const line of browserLine) {
      expect(line).toContain(command ? `install: ${command}` : 'install it with your package manager');
      expect(line).toMatch(/, or set KASSA_BROWSER to its executable$/);
    }

    const socatLine = lines.filter((l) => l.startsWith('preflight: missing socat'));
    expect(socatLine).toHaveLength(hasPseudoTerminals() ? 1 : 0);
    for (const line of socatLine) {
      expect(line).toContain(`install: ${installCommand('socat', { platform: process.platform }) ?? ''}`);
      expect(line).toMatch(/, or set KASSA_SOCAT to its executable$/);
    }
  });

  it('passes here, with what it found, when the tools are on PATH', () => {
    const { status, stdout, stderr } = preflight(envWithPath(process.env.PATH ?? ''));
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toMatch(/^preflight: ok — Node v\d+\.\d+\.\d+; browser .+ \((KASSA_BROWSER|PATH|install place)\)/);
  });

  it('is the first step of npm test, so a missing piece stops it before vitest starts', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.test).toMatch(/^node scripts\/preflight\.mjs && /);
  });
});

describe('what the preflight checks, on each OS', () => {
  /** A project folder with package.json's engines and, if asked, an installed Electron binary. */
  function project(electron: boolean): string {
    const root = join(temp.dir(), electron ? 'with-electron' : 'without-electron');
    mkdirSync(root, { recursive: true });
    writeFileSync(join(root, 'package.json'), JSON.stringify({ engines: { node: '>=20.19' } }));
    if (electron) {
      mkdirSync(join(root, 'node_modules', 'electron', 'dist'), { recursive: true });
      writeFileSync(join(root, 'node_modules', 'electron', 'path.txt'), 'electron');
      writeFileSync(join(root, 'node_modules', 'electron', 'dist', 'electron'), '');
    }
    return root;
  }
  const nothing = () => ({ PATH: join(temp.dir(), 'empty-bin') });

  it('gives the install command of the distribution, without sudo for root', () => {
    const root = project(false);
    const check = (osRelease: string, isRoot = false) =>
      checkPrerequisites(root, { env: nothing(), platform: 'linux', osRelease, nodeVersion: 'v22.1.0', root: isRoot }).missing;
    expect(check(DEBIAN)).toEqual([
      'missing Chromium, Chrome or Edge (the E2E tests drive it) — install: sudo apt-get install -y chromium, or set KASSA_BROWSER to its executable',
      'missing socat (the serial tests make pseudo-terminal pairs with it) — install: sudo apt-get install -y socat, or set KASSA_SOCAT to its executable',
      'missing rclone (the storage tests serve WebDAV with it) — install: sudo apt-get install -y rclone, or set KASSA_RCLONE to its executable',
      'missing Python with pyftpdlib (the storage tests serve FTP with it) — install: sudo apt-get install -y python3-pyftpdlib, or set KASSA_FTP_PYTHON to its executable',
      'missing openssl (the HTTPS test makes its certificates with it) — install: sudo apt-get install -y openssl',
    ]);
    expect(check(DEBIAN, true)[1]).toContain('install: apt-get install -y socat,');
    expect(check(UBUNTU)[0]).toContain('install: sudo snap install chromium,');
    expect(check(FEDORA)).toEqual([
      expect.stringContaining('install: sudo dnf install -y chromium,'),
      expect.stringContaining('install: sudo dnf install -y socat,'),
      expect.stringContaining('install: sudo dnf install -y rclone,'),
      expect.stringContaining('install: sudo dnf install -y python3-pyftpdlib,'),
      expect.stringContaining('install: sudo dnf install -y openssl'),
    ]);
    expect(check(ARCH)[1]).toContain('install: sudo pacman -S --noconfirm socat,');
    expect(check('ID=gentoo\n')[1]).toBe(
      'missing socat (the serial tests make pseudo-terminal pairs with it) — install it with your package manager, or set KASSA_SOCAT to its executable',
    );
  });

  it('asks macOS for brew and Windows for winget, and Windows for no socat (it has no pseudo-terminals)', () => {
    const root = project(false);
    const mac = checkPrerequisites(root, { env: nothing(), platform: 'darwin', nodeVersion: 'v22.1.0' });
    expect(mac.missing.filter((l) => !l.startsWith('missing Chromium'))).toEqual([
      'missing socat (the serial tests make pseudo-terminal pairs with it) — install: brew install socat, or set KASSA_SOCAT to its executable',
      'missing rclone (the storage tests serve WebDAV with it) — install: brew install rclone, or set KASSA_RCLONE to its executable',
      'missing Python with pyftpdlib (the storage tests serve FTP with it) — install: python3 -m pip install pyftpdlib, or set KASSA_FTP_PYTHON to its executable',
    ]);
    const win = checkPrerequisites(root, { env: nothing(), platform: 'win32', nodeVersion: 'v22.1.0' });
    expect(win.missing).toEqual([
      'missing Chromium, Chrome or Edge (the E2E tests drive it) — install: winget install --id Google.Chrome -e, or set KASSA_BROWSER to its executable',
      'missing rclone (the storage tests serve WebDAV with it) — install: winget install --id Rclone.Rclone -e, or set KASSA_RCLONE to its executable',
      'missing Python with pyftpdlib (the storage tests serve FTP with it) — install: py -m pip install pyftpdlib, or set KASSA_FTP_PYTHON to its executable',
    ]);
    expect(win.found).toContain('no pseudo-terminals here: the pty tests will skip');
  });

  it('names a KASSA_BROWSER that points at nothing instead of looking elsewhere', () => {
    const missing = checkPrerequisites(project(false), {
      env: { ...nothing(), KASSA_BROWSER: join(temp.dir(), 'typo') },
      platform: 'linux',
      osRelease: DEBIAN,
      nodeVersion: 'v22.1.0',
    }).missing;
    expect(missing[0]).toBe(
      `missing Chromium, Chrome or Edge (the E2E tests drive it) — KASSA_BROWSER=${join(temp.dir(), 'typo')} is not an executable file; point KASSA_BROWSER at the executable`,
    );
  });

  it('wants Xvfb on Linux only where the Electron binary is installed and there is no display', () => {
    const xvfb = (root: string, env: Record<string, string>) =>
      checkPrerequisites(root, { env, platform: 'linux', osRelease: DEBIAN, nodeVersion: 'v22.1.0', root: true }).missing.filter((l) => l.includes('Xvfb'));
    expect(xvfb(project(true), nothing())).toEqual(['missing Xvfb (the Electron tests need a display; there is none) — install: apt-get install -y xvfb']);
    expect(xvfb(project(true), { ...nothing(), DISPLAY: ':0' })).toEqual([]);
    expect(xvfb(project(false), nothing())).toEqual([]);
  });

  it("checks the Node version against package.json's engines", () => {
    const root = project(false);
    const node = (version: string, platform: NodeJS.Platform) =>
      checkPrerequisites(root, { env: nothing(), platform, osRelease: FEDORA, nodeVersion: version, root: false }).missing.filter((l) => l.includes('Node.js'));
    expect(node('v20.19.0', 'linux')).toEqual([]);
    expect(node('v20.18.3', 'linux')).toEqual(['missing Node.js >=20.19 (this is v20.18.3) — install: sudo dnf install -y nodejs, or `nvm install 22`']);
    expect(node('v18.20.0', 'win32')).toEqual(['missing Node.js >=20.19 (this is v18.20.0) — install: winget install --id OpenJS.NodeJS.LTS -e']);
    expect(nodeSatisfies('v21.0.0', '>=20.19')).toBe(true);
    expect(nodeSatisfies('v20.9.0', '>=20.19')).toBe(false);
  });

  it('reads the package manager from /etc/os-release, ID_LIKE included', () => {
    expect(linuxPackageManager('ID=linuxmint\nID_LIKE="ubuntu debian"\n')).toBe('apt');
    expect(linuxPackageManager('ID="rocky"\nID_LIKE="rhel centos fedora"\n')).toBe('dnf');
    expect(linuxPackageManager('ID=endeavouros\nID_LIKE=arch\n')).toBe('pacman');
    expect(linuxPackageManager('ID="opensuse-tumbleweed"\nID_LIKE="opensuse suse"\n')).toBe('zypper');
    expect(linuxPackageManager('ID=alpine\n')).toBeNull();
  });
});
