/**
 * The installed app's `admin` sub-command: kassa-admin's commands (main/admin.ts) in the Electron
 * main process, with no window, no single-instance lock (the till may be running: export, verify
 * and reports work beside it; import and cleanup refuse with exit 3) and its own Chromium profile.
 * All but the `app` lives in host/admin-app.ts (tested without Electron).
 */
import { app } from 'electron';
import { runAdminInApp } from './admin-app.js';

/** Runs one command and exits with its code. Call before `ready`; `tillDataDir`: the till's data folder (the default of --data-dir). */
export function runAdminCommand(argv: readonly string[], tillDataDir: string): void {
  void runAdminInApp(app, argv, tillDataDir);
}
