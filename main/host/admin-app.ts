/**
 * The installed app's `admin` sub-command without Electron itself: what kassa-admin asks of
 * Electron's `app` (its own Chromium profile away from the till's folder, no GPU, the exit code),
 * so the path is tested on any host (host/electron-admin.ts hands it the real `app`).
 */
import { join } from 'node:path';
import { runAdmin, type AdminRun } from '../admin.js';

/** The part of Electron's `app` kassa-admin uses. */
export type AdminApp = {
  setPath(name: 'userData', path: string): void;
  getPath(name: 'temp'): string;
  disableHardwareAcceleration(): void;
  exit(code: number): void;
};

/** Chromium's files of an admin run: never the till's folder, which a running till holds. */
export const adminProfile = (app: Pick<AdminApp, 'getPath'>) => join(app.getPath('temp'), 'kassa-desk-admin');

/** Runs one command in the app and exits it with the command's code (1, with the stack on stderr, when the command throws). */
export async function runAdminInApp(app: AdminApp, argv: readonly string[], tillDataDir: string, write?: AdminRun['write']): Promise<number> {
  app.setPath('userData', adminProfile(app));
  app.disableHardwareAcceleration();
  let code: number;
  try {
    code = await runAdmin({ argv, defaultDataDir: tillDataDir, write });
  } catch (err) {
    (write?.err ?? ((t: string) => void process.stderr.write(t)))(`kassa-admin: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    code = 1;
  }
  app.exit(code);
  return code;
}
