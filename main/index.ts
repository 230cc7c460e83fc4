/**
 * The Electron shell: the till window over the core (and the customer's, on a second monitor). Opens the database, applies the security rules,
 * serves the renderer on app://kassa and binds the router to IPC. No business logic here.
 * Bundled to dist/main/index.js (ESM); paths below are relative to that file.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, Menu, session } from 'electron';
import type { Core } from './core.js';
import { createRestartableCore } from './host/restartable-core.js';
import { markRunning } from './host/running-lock.js';
import { adminArgv } from './host/admin-argv.js';
import { runAdminCommand } from './host/electron-admin.js';
import { osSecretBox } from './host/electron-secrets.js';
import { manageCustomerWindow } from './host/electron-customer.js';
import { bindIpc } from './host/electron-ipc.js';
import { APP_ENTRY_URL, refusedDebugSwitch } from './host/electron-policy.js';
import { registerAppScheme, serveRenderer } from './host/electron-protocol.js';
import { enableSandboxEverywhere, guardAllWebContents, secureSession, windowWebPreferences } from './host/electron-security.js';
import { startUpdates } from './host/electron-updates.js';
import { logCrashes, openLog } from './log/logger.js';

const WINDOW_TITLE = 'Kassa Desk — касса';
const PRELOAD = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
const RENDERER_DIR = fileURLToPath(new URL('../renderer/', import.meta.url));

// ── Before ready: everything here must stay synchronous (an ESM entry's top-level await
//    would let `ready` fire first). ─────────────────────────────────────────────────────────

// A packaged till never starts with a debugger port open: it exits below, before `ready`.
const debugSwitch = refusedDebugSwitch(process.argv, app.isPackaged);
// `<app> admin <command>`: kassa-admin, no window (README «Командная строка администратора»).
const adminCommand = adminArgv(process.argv, process.defaultApp === true);

registerAppScheme();
enableSandboxEverywhere();

// KASSA_DATA_DIR (tests, a training copy) also moves Chromium's profile, so the single-instance
// lock below is per data folder: one process per database file, never two.
const dataDirOverride = process.env.KASSA_DATA_DIR ? resolve(process.env.KASSA_DATA_DIR) : null;
if (dataDirOverride !== null) app.setPath('userData', dataDirOverride);

if (debugSwitch !== null) {
  process.stderr.write(`Kassa Desk: ключ ${debugSwitch} (отладка) запрещён в установленной кассе. Запустите её без него.\n`);
  app.exit(1);
} else if (adminCommand !== null) {
  runAdminCommand(adminCommand, dataDirOverride ?? app.getPath('userData'));
} else if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  runShell();
}

function runShell(): void {
  let core: Core | null = null;
  let window: BrowserWindow | null = null;
  const dataDir = dataDirOverride ?? app.getPath('userData');
  // First, so that nothing after it can fail unrecorded. A rejection is logged and the till goes
  // on; after an uncaught exception (logged with its stack) nothing can be trusted: say so, exit.
  const log = openLog({ dataDir, name: 'kassa', stderr: true });
  logCrashes(log.logger, {
    afterUncaught: (err) => {
      dialog.showErrorBox(WINDOW_TITLE, `Внутренняя ошибка программы, касса будет закрыта. Запустите её снова.\n\n${describe(err)}\n\nЖурнал: ${log.path}`);
      app.exit(1);
    },
  });
  log.logger.info({ dataDir, version: app.getVersion() }, 'Electron shell started');
  app.on('render-process-gone', (_event, _contents, details) => log.logger.error({ details }, "a window's page process ended"));

  guardAllWebContents();
  Menu.setApplicationMenu(null); // no Reload / DevTools menu on the till

  app.on('second-instance', () => {
    if (window === null || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  app.on('window-all-closed', () => app.quit()); // a till: closing the window ends the app, on macOS too
  // A call in flight (a payment) gets its answer before the database closes: quit waits for it once.
  let drained = false;
  let unmarkRunning = () => {};
  app.on('before-quit', (event) => {
    if (drained || core === null) return;
    event.preventDefault();
    void core.router.drain().finally(() => {
      drained = true;
      app.quit();
    });
  });
  app.on('will-quit', () => {
    core?.close();
    unmarkRunning();
    core = null;
    log.close();
  });

  app
    .whenReady()
    .then(async () => {
      try {
        core = createRestartableCore({ dataDir, logger: log.logger, secretBox: osSecretBox() ?? undefined, pagePdf: () => pagePdf(window) });
        unmarkRunning = markRunning(dataDir, { host: 'electron' });
      } catch (err) {
        log.logger.fatal({ err }, 'the core did not open');
        dialog.showErrorBox(WINDOW_TITLE, `Не удалось открыть базу данных кассы.\n\n${describe(err)}`);
        app.exit(1);
        return;
      }
      secureSession(session.defaultSession);
      serveRenderer(session.defaultSession, RENDERER_DIR);
      window = createMainWindow();
      bindIpc(core.router, core, window);
      await window.loadURL(APP_ENTRY_URL);
      manageCustomerWindow({ core, till: window, preload: PRELOAD }); // the second monitor, when the setting is on
      startUpdates(core, log.logger); // only when the admin turned updates on
    })
    .catch((err: unknown) => {
      log.logger.fatal({ err }, 'the shell did not start');
      dialog.showErrorBox(WINDOW_TITLE, `Не удалось запустить кассу.\n\n${describe(err)}`);
      app.exit(1);
    });
}

/** «PDF» on the reports screen: the page as the print styles lay it out (the report and its table), A4. */
function pagePdf(of: BrowserWindow | null): Promise<Uint8Array> {
  if (of === null || of.isDestroyed()) return Promise.reject(new Error('Окно кассы закрыто'));
  return of.webContents.printToPDF({ pageSize: 'A4', printBackground: false });
}

function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 640,
    title: WINDOW_TITLE,
    show: false, // shown on ready-to-show: no white flash before the first paint
    backgroundColor: '#ffffff',
    webPreferences: windowWebPreferences(PRELOAD),
  });
  window.on('page-title-updated', (event) => event.preventDefault()); // the title names the app, not the screen
  window.once('ready-to-show', () => window.show());
  return window;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
