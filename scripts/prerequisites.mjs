// What `npm test` needs outside node_modules — a Chromium-family browser, socat, Xvfb, openssl,
// rclone and pyftpdlib (the storage tests' WebDAV and FTP servers), Node — where to find each on this machine, and the one line that says how to install a missing
// one. Plain Node, no dependencies: scripts/preflight.mjs runs it before anything is installed or
// built, and the tests find their tools through it too, so both always agree.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { join, posix, win32 } from 'node:path';
import { electronBinaryPath } from './electron-binary.mjs';

export const BROWSER_VARIABLE = 'KASSA_BROWSER';
export const SOCAT_VARIABLE = 'KASSA_SOCAT';
export const RCLONE_VARIABLE = 'KASSA_RCLONE';
export const FTP_PYTHON_VARIABLE = 'KASSA_FTP_PYTHON';

/** Looked up on PATH, in this order. */
export const BROWSER_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/**
 * Where Chromium, Chrome and Edge install themselves when they are not on PATH (macOS and Windows
 * put nothing there). The only absolute tool paths the tests may name: tests/unit/tool-paths.test.ts
 * allows these and no others. Windows places are built from its own variables, never a drive letter.
 * @param {NodeJS.Platform} platform
 * @param {Record<string, string | undefined>} env
 * @returns {string[]}
 */
export function browserInstallPlaces(platform, env) {
  if (platform === 'darwin') {
    const apps = ['Chromium.app/Contents/MacOS/Chromium', 'Google Chrome.app/Contents/MacOS/Google Chrome', 'Microsoft Edge.app/Contents/MacOS/Microsoft Edge'];
    const home = envValue(env, 'HOME');
    return [...apps.map((a) => posix.join('/Applications', a)), ...(home ? apps.map((a) => posix.join(home, 'Applications', a)) : [])];
  }
  if (platform === 'win32') {
    const roots = ['PROGRAMFILES', 'PROGRAMFILES(X86)', 'LOCALAPPDATA'].map((k) => envValue(env, k)).filter((v) => v !== undefined);
    const exes = ['Chromium\\Application\\chrome.exe', 'Google\\Chrome\\Application\\chrome.exe', 'Microsoft\\Edge\\Application\\msedge.exe'];
    return exes.flatMap((exe) => roots.map((root) => win32.join(root, exe)));
  }
  return [];
}

/** A variable by name; on Windows names are case-insensitive (`Path`, `PATH`). */
function envValue(env, name) {
  if (env[name] !== undefined) return env[name] || undefined;
  const key = Object.keys(env).find((k) => k.toUpperCase() === name.toUpperCase());
  return key === undefined ? undefined : env[key] || undefined;
}

/** True for a file this user may run (Windows: any file; the extension decides there). */
function isExecutable(path, platform) {
  try {
    if (!statSync(path).isFile()) return false;
    if (platform !== 'win32') accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The first of `names` on PATH, as a shell would find it; on Windows each name is tried with the
 * extensions of PATHEXT.
 * @param {readonly string[]} names
 * @param {{ env?: Record<string, string | undefined>, platform?: NodeJS.Platform }} [options]
 * @returns {string | null}
 */
export function findOnPath(names, { env = process.env, platform = process.platform } = {}) {
  const path = platform === 'win32' ? win32 : posix;
  const dirs = (envValue(env, 'PATH') ?? '').split(path.delimiter).filter((d) => d !== '');
  const exts = platform === 'win32' ? (envValue(env, 'PATHEXT') ?? '.COM;.EXE;.BAT;.CMD').split(';').filter((e) => e !== '') : [''];
  for (const name of names) {
    const candidates = platform === 'win32' && exts.some((e) => name.toUpperCase().endsWith(e.toUpperCase())) ? [name] : exts.map((e) => name + e.toLowerCase());
    for (const dir of dirs) {
      for (const file of candidates) {
        const full = path.join(dir, file);
        if (isExecutable(full, platform)) return full;
      }
    }
  }
  return null;
}

/**
 * @typedef {{ path: string, via: string }} Found
 * @typedef {{ env?: Record<string, string | undefined>, platform?: NodeJS.Platform }} Where
 */

/**
 * A tool named by its variable (which then must point at it: a typo is not papered over by
 * another find), else the first of `names` on PATH, else the first of `places` that exists.
 */
function findTool(variable, names, places, { env = process.env, platform = process.platform } = {}) {
  const named = envValue(env, variable);
  if (named !== undefined) return isExecutable(named, platform) ? { path: named, via: variable } : null;
  const onPath = findOnPath(names, { env, platform });
  if (onPath) return { path: onPath, via: 'PATH' };
  const place = places.find((p) => isExecutable(p, platform));
  return place ? { path: place, via: 'install place' } : null;
}

/**
 * The browser the E2E tests drive: $KASSA_BROWSER, else chromium / chromium-browser /
 * google-chrome / google-chrome-stable on PATH, else Chrome or Edge where they install on macOS
 * and Windows.
 * @param {Where} [where]
 * @returns {Found | null}
 */
export function findBrowser(where = {}) {
  const platform = where.platform ?? process.platform;
  return findTool(BROWSER_VARIABLE, BROWSER_NAMES, browserInstallPlaces(platform, where.env ?? process.env), where);
}

/** @param {Where} [where] @returns {Found | null} */
export function findSocat(where = {}) {
  return findTool(SOCAT_VARIABLE, ['socat'], [], where);
}

/** rclone: the storage tests serve WebDAV with it (`rclone serve webdav`). @param {Where} [where] @returns {Found | null} */
export function findRclone(where = {}) {
  return findTool(RCLONE_VARIABLE, ['rclone'], [], where);
}

/**
 * A Python that has pyftpdlib (the storage tests' FTP server; Debian's rclone has no `serve ftp`):
 * $KASSA_FTP_PYTHON, else every python3 / python on PATH in turn — a pyenv shim first on PATH
 * often lacks the distribution's package.
 * @param {Where} [where]
 * @returns {Found | null}
 */
export function findFtpPython({ env = process.env, platform = process.platform } = {}) {
  const hasIt = (python) => spawnSync(python, ['-c', 'import pyftpdlib'], { stdio: 'ignore', timeout: 10_000 }).status === 0;
  const named = envValue(env, FTP_PYTHON_VARIABLE);
  if (named !== undefined) return isExecutable(named, platform) && hasIt(named) ? { path: named, via: FTP_PYTHON_VARIABLE } : null;
  const path = platform === 'win32' ? win32 : posix;
  const dirs = (envValue(env, 'PATH') ?? '').split(path.delimiter).filter((d) => d !== '');
  for (const dir of dirs) {
    const python = findOnPath(['python3', 'python'], { env: { ...env, PATH: dir, Path: undefined }, platform });
    if (python && hasIt(python)) return { path: python, via: 'PATH' };
  }
  return null;
}

/** Pseudo-terminals (and so socat's pty pairs) exist on Linux and macOS, not on Windows. */
export function hasPseudoTerminals(platform = process.platform) {
  return platform !== 'win32';
}

/**
 * The package manager of a Linux distribution, from /etc/os-release's ID and ID_LIKE.
 * @param {string} osRelease the file's text
 * @returns {'apt' | 'dnf' | 'pacman' | 'zypper' | null}
 */
export function linuxPackageManager(osRelease) {
  const field = (name) => (new RegExp(`^${name}=(.*)$`, 'm').exec(osRelease)?.[1] ?? '').replace(/["']/g, '');
  const ids = `${field('ID')} ${field('ID_LIKE')}`.split(/\s+/);
  if (ids.some((id) => ['debian', 'ubuntu'].includes(id))) return 'apt';
  if (ids.some((id) => ['fedora', 'rhel', 'centos'].includes(id))) return 'dnf';
  if (ids.some((id) => ['arch', 'manjaro'].includes(id))) return 'pacman';
  if (ids.some((id) => ['suse', 'opensuse'].includes(id))) return 'zypper';
  return null;
}

/** Package names per package manager. */
const PACKAGES = {
  browser: { apt: 'chromium', dnf: 'chromium', pacman: 'chromium', zypper: 'chromium', brew: '--cask chromium', winget: 'Google.Chrome' },
  socat: { apt: 'socat', dnf: 'socat', pacman: 'socat', zypper: 'socat', brew: 'socat' },
  xvfb: { apt: 'xvfb', dnf: 'xorg-x11-server-Xvfb', pacman: 'xorg-server-xvfb', zypper: 'xorg-x11-server-Xvfb' },
  openssl: { apt: 'openssl', dnf: 'openssl', pacman: 'openssl', zypper: 'openssl', brew: 'openssl' },
  rclone: { apt: 'rclone', dnf: 'rclone', pacman: 'rclone', zypper: 'rclone', brew: 'rclone', winget: 'Rclone.Rclone' },
  pyftpdlib: { apt: 'python3-pyftpdlib', dnf: 'python3-pyftpdlib', pacman: 'python-pyftpdlib', zypper: 'python3-pyftpdlib' },
  node: { apt: 'nodejs', dnf: 'nodejs', pacman: 'nodejs', zypper: 'nodejs', brew: 'node', winget: 'OpenJS.NodeJS.LTS' },
};

/**
 * @typedef {{ platform: NodeJS.Platform, osRelease?: string, root?: boolean }} System
 * `osRelease`: /etc/os-release's text (read when not given); `root`: running as root, so no `sudo`
 * in front (as this process is, when not given).
 */

/**
 * The exact command that installs `piece` here, or null where no package manager is known.
 * @param {keyof typeof PACKAGES} piece
 * @param {System} system
 * @returns {string | null}
 */
export function installCommand(piece, { platform, osRelease = platform === 'linux' ? readOsRelease() : '', root = process.getuid?.() === 0 }) {
  const sudo = root ? '' : 'sudo ';
  const manager = platform === 'darwin' ? 'brew' : platform === 'win32' ? 'winget' : platform === 'linux' ? linuxPackageManager(osRelease) : null;
  // macOS and Windows have no pyftpdlib package: pip brings it.
  if (piece === 'pyftpdlib' && manager === 'brew') return 'python3 -m pip install pyftpdlib';
  if (piece === 'pyftpdlib' && manager === 'winget') return 'py -m pip install pyftpdlib';
  const name = manager ? PACKAGES[piece][manager] : undefined;
  if (!manager || !name) return null;
  // Ubuntu ships Chromium only as a snap (its apt package merely installs the snap).
  if (piece === 'browser' && /^ID="?ubuntu"?$/m.test(osRelease)) return `${sudo}snap install chromium`;
  switch (manager) {
    case 'apt':
      return `${sudo}apt-get install -y ${name}`;
    case 'dnf':
      return `${sudo}dnf install -y ${name}`;
    case 'pacman':
      return `${sudo}pacman -S --noconfirm ${name}`;
    case 'zypper':
      return `${sudo}zypper install -y ${name}`;
    case 'brew':
      return `brew install ${name}`;
    case 'winget':
      return `winget install --id ${name} -e`;
  }
  return null;
}

const WHAT = {
  browser: 'Chromium, Chrome or Edge (the E2E tests drive it)',
  socat: 'socat (the serial tests make pseudo-terminal pairs with it)',
  xvfb: 'Xvfb (the Electron tests need a display; there is none)',
  openssl: 'openssl (the HTTPS test makes its certificates with it)',
  rclone: 'rclone (the storage tests serve WebDAV with it)',
  pyftpdlib: 'Python with pyftpdlib (the storage tests serve FTP with it)',
};
const VARIABLE = { browser: BROWSER_VARIABLE, socat: SOCAT_VARIABLE, rclone: RCLONE_VARIABLE, pyftpdlib: FTP_PYTHON_VARIABLE };

/**
 * One line for a missing piece: what it is, how to install it here, or the variable to set.
 * @param {'browser' | 'socat' | 'xvfb' | 'openssl' | 'rclone' | 'pyftpdlib'} piece
 * @param {System & { env?: Record<string, string | undefined> }} system
 */
export function missingLine(piece, system) {
  const env = system.env ?? process.env;
  const variable = VARIABLE[piece];
  const named = variable ? envValue(env, variable) : undefined;
  if (named !== undefined) return `missing ${WHAT[piece]} — ${variable}=${named} is not an executable file; point ${variable} at the executable`;
  const command = installCommand(piece, system);
  const install = command ? `install: ${command}` : 'install it with your package manager';
  return `missing ${WHAT[piece]} — ${install}${variable ? `, or set ${variable} to its executable` : ''}`;
}

/**
 * Whether `version` (e.g. v20.19.1) satisfies a `>=X.Y[.Z]` engines range; other ranges pass.
 * @param {string} version
 * @param {string} range
 */
export function nodeSatisfies(version, range) {
  const want = /^\s*>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$/.exec(range);
  if (!want) return true;
  const have = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!have) return false;
  for (let i = 1; i <= 3; i++) {
    const h = Number(have[i]);
    const w = Number(want[i] ?? 0);
    if (h !== w) return h > w;
  }
  return true;
}

/**
 * Every missing prerequisite of `npm test` in the project at `rootDir`, one line each; empty
 * when all is there. Checks: the Node version against package.json's engines; a browser; socat
 * where pseudo-terminals exist (Linux, macOS: there the pty tests must run, not skip); rclone and
 * pyftpdlib (the storage tests' servers); on Linux
 * openssl, and Xvfb when the Electron binary is installed and there is no display.
 * @param {string} rootDir
 * @param {{ env?: Record<string, string | undefined>, platform?: NodeJS.Platform, osRelease?: string, nodeVersion?: string, root?: boolean }} [options]
 * @returns {{ missing: string[], found: string[] }}
 */
export function checkPrerequisites(rootDir, options = {}) {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const osRelease = options.osRelease ?? (platform === 'linux' ? readOsRelease() : '');
  const system = { platform, osRelease, root: options.root ?? process.getuid?.() === 0, env };
  const missing = [];
  const found = [];

  const nodeVersion = options.nodeVersion ?? process.version;
  const range = JSON.parse(readFileSync(join(rootDir, 'package.json'), 'utf8')).engines?.node ?? '';
  if (nodeSatisfies(nodeVersion, range)) found.push(`Node ${nodeVersion}`);
  else {
    const command = installCommand('node', system);
    missing.push(
      `missing Node.js ${range} (this is ${nodeVersion}) — install: ${command ?? 'https://nodejs.org'}${platform === 'win32' ? '' : ', or `nvm install 22`'}`,
    );
  }

  const browser = findBrowser({ env, platform });
  if (browser) found.push(`browser ${browser.path} (${browser.via})`);
  else missing.push(missingLine('browser', system));

  if (hasPseudoTerminals(platform)) {
    const socat = findSocat({ env, platform });
    if (socat) found.push(`socat ${socat.path} (${socat.via})`);
    else missing.push(missingLine('socat', system));
  } else found.push('no pseudo-terminals here: the pty tests will skip');

  const rclone = findRclone({ env, platform });
  if (rclone) found.push(`rclone ${rclone.path} (${rclone.via})`);
  else missing.push(missingLine('rclone', system));
  const ftpPython = findFtpPython({ env, platform });
  if (ftpPython) found.push(`pyftpdlib ${ftpPython.path} (${ftpPython.via})`);
  else missing.push(missingLine('pyftpdlib', system));

  if (platform === 'linux') {
    if (findOnPath(['openssl'], { env, platform })) found.push('openssl');
    else missing.push(missingLine('openssl', system));
    const hasDisplay = envValue(env, 'DISPLAY') !== undefined || envValue(env, 'WAYLAND_DISPLAY') !== undefined;
    if (electronBinaryPath(rootDir, platform) && !hasDisplay) {
      if (findOnPath(['Xvfb'], { env, platform })) found.push('Xvfb');
      else missing.push(missingLine('xvfb', system));
    }
  }
  return { missing, found };
}

function readOsRelease() {
  try {
    return readFileSync('/etc/os-release', 'utf8');
  } catch {
    return '';
  }
}
