/**
 * The installed app as kassa-admin: `<app> [chromium switches] admin <command> …` runs the command
 * line instead of the till (the RunAsNode fuse is off, so the binary cannot be Node). Pure, so it
 * is tested without Electron; main/index.ts and host/electron-admin.ts act on it.
 */

/** The word after the app (and any Chromium switches the launcher puts first) that makes it kassa-admin. */
export const ADMIN_SUBCOMMAND = 'admin';

/**
 * kassa-admin's own arguments, or null when the app starts as the till. `startedByDefaultApp`:
 * `process.defaultApp` (`electron .` in development: the app's path is argv[1], the arguments
 * start at 2; packaged: at 1). Chromium switches before the sub-command are skipped (written as
 * `--name=value`); everything after it is the CLI's, even words Chromium also reads.
 */
export function adminArgv(argv: readonly string[], startedByDefaultApp: boolean): string[] | null {
  const args = argv.slice(startedByDefaultApp ? 2 : 1);
  const first = args.findIndex((a) => !a.startsWith('-'));
  if (first === -1 || args[first] !== ADMIN_SUBCOMMAND) return null;
  return args.slice(first + 1);
}
