/**
 * The first-run wizard's look at the store PC: serial ports (COM ports on Windows), USB printers
 * and Windows printer queues; on Linux, whether the till's user may open each device node, and the
 * exact commands that fix it (the udev rule in native/, the groups dialout and lp).
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HardwareSurvey } from '../../preload/contract/index.js';
import { powershellPath } from '../devices/printer/transports/windows.js';
import { audit } from './audit.js';
import type { Ctx } from './context.js';
import { getSetting, setSetting } from './settings.js';

const RULES_NAME = '99-kassa-desk.rules';
/** Where the .deb puts the rule; an AppImage or a copy by hand puts it in /etc. */
const UDEV_RULES = [`/usr/lib/udev/rules.d/${RULES_NAME}`, `/etc/udev/rules.d/${RULES_NAME}`] as const;

/** Device nodes a till uses, and the group the udev rule gives each. */
function deviceNodes(dev = '/dev'): { path: string; group: string }[] {
  const list = (dir: string, pattern: RegExp) => {
    try {
      return readdirSync(dir)
        .filter((n) => pattern.test(n))
        .sort()
        .map((n) => `${dir}/${n}`);
    } catch {
      return [];
    }
  };
  return [...list(dev, /^tty(USB|ACM)\d+$/).map((path) => ({ path, group: 'dialout' })), ...list(`${dev}/usb`, /^lp\d+$/).map((path) => ({ path, group: 'lp' }))];
}

/** The names of the groups this process runs with (its user's, as at login). */
function memberOf(): Set<string> {
  const gids = new Set(process.getgroups?.() ?? []);
  const names = new Set<string>();
  try {
    for (const line of readFileSync('/etc/group', 'utf8').split('\n')) {
      const [name, , gid] = line.split(':');
      if (name && gids.has(Number(gid))) names.add(name);
    }
  } catch {
    // no /etc/group: nothing known
  }
  return names;
}

function canOpen(path: string): boolean {
  try {
    accessSync(path, constants.R_OK | constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Windows printer queues, by PowerShell's Get-Printer (empty when it does not answer in 10 s). */
function windowsPrinters(): Promise<string[]> {
  return new Promise((resolve) => {
    execFile(
      // By its full path: a bare name is looked up in the current folder first.
      powershellPath(process.env) ?? 'powershell.exe',
      ['-NoProfile', '-NonInteractive', '-Command', 'Get-Printer | Select-Object -ExpandProperty Name'],
      { timeout: 10_000, windowsHide: true },
      (err, stdout) =>
        resolve(
          err
            ? []
            : stdout
                .split(/\r?\n/)
                .map((s) => s.trim())
                .filter(Boolean),
        ),
    );
  });
}

/** The rule file this program carries: beside app.asar in the Electron app, native/ in the project. */
export function rulesSource(): string {
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  if (resources && existsSync(join(resources, 'udev', RULES_NAME))) return join(resources, 'udev', RULES_NAME);
  return fileURLToPath(new URL(`../../native/${RULES_NAME}`, import.meta.url));
}

export function linuxFix(user: string, missingGroups: readonly string[], rulesInstalled: boolean, source = rulesSource()): string[] {
  const fix: string[] = [];
  if (!rulesInstalled) {
    fix.push(`sudo install -m 0644 '${source}' /etc/udev/rules.d/${RULES_NAME} && sudo udevadm control --reload-rules && sudo udevadm trigger`);
  }
  if (missingGroups.length > 0)
    fix.push(`sudo usermod -aG ${missingGroups.join(',')} ${user}`, 'Затем выйдите из системы и войдите снова (группы применяются при входе).');
  return fix;
}

export async function hardwareSurvey(ctx: Ctx, options: { platform?: NodeJS.Platform; dev?: string } = {}): Promise<HardwareSurvey> {
  const platform = options.platform ?? process.platform;
  const user = userInfo().username;
  const serialPorts = (await ctx.devices.listPorts().catch(() => [])).map((p) => ({ path: p.path, label: p.label }));
  const linux = platform === 'linux';
  const nodes = linux ? deviceNodes(options.dev) : [];
  const access = nodes.map((n) => ({ ...n, ok: canOpen(n.path) }));
  const member = linux ? memberOf() : new Set<string>();
  const groups = linux ? ['dialout', 'lp'].map((name) => ({ name, member: member.has(name) })) : [];
  const rulesInstalled = UDEV_RULES.some((f) => existsSync(f));
  const missing = groups.filter((g) => !g.member).map((g) => g.name);
  const fix = linux && (missing.length > 0 || !rulesInstalled || access.some((a) => !a.ok)) ? linuxFix(user, missing, rulesInstalled) : [];
  return {
    platform,
    user,
    serialPorts,
    usbPrinters: nodes.filter((n) => n.group === 'lp').map((n) => n.path),
    windowsPrinters: platform === 'win32' ? await windowsPrinters() : [],
    access,
    groups,
    fix,
    wizardDone: getSetting(ctx, 'firstRunDone'),
  };
}

export function wizardDone(ctx: Ctx, skipped: boolean): null {
  ctx.db.transaction(() => {
    setSetting(ctx, 'firstRunDone', true);
    audit(ctx, skipped ? 'firstRun.skipped' : 'firstRun.done', {});
  })();
  return null;
}
