/**
 * The installed app's `admin` sub-command: kassa-admin's commands (main/admin.ts) in the Electron
 * main process, with no window, no single-instance lock (the till may be running: export, verify
 * and reports work beside it; import and cleanup refuse with exit 3) and its own Chromium profile.
 */
import { join } from 'node:path';
import { app } from 'electron';
import { runAdmin } from '../admin.js';

/** Runs one command and exits with its code. Call before `ready`; `tillDataDir`: the till's data folder (the default of --data-dir). */
export function runAdminCommand(argv: readonly string[], tillDataDir: string): void {
  // Chromium's own files of this run never go into the till's folder, which a running till holds.
  app.setPath('userData', join(app.getPath('temp'), 'kassa-desk-admin'));
  app.disableHardwareAcceleration();
  runAdmin({ argv, defaultDataDir: tillDataDir }).then(
    (code) => app.exit(code),
    (err: unknown) => {
      process.stderr.write(`kassa-admin: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      app.exit(1);
    },
  );
}
