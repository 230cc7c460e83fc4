/**
 * The core both hosts run: the database, the services and the one router. No Electron here.
 */
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { newWriteGate, openDatabase } from './db/database.js';
import { privateDataFolder } from './db/private-files.js';
import { createRouter, type Router } from './api/router.js';
import { connectSko, type SkoConnection, type SkoOverrides } from './fiscal/connect.js';
import { startOutboxSender, type OutboxSender, type SenderOptions } from './fiscal/outbox.js';
import type { SkoGateway } from './fiscal/gateway.js';
import { createSkoLink, type SkoLink } from './fiscal/link.js';
import { getSetting } from './services/settings.js';
import { seedFirstRun } from './services/seed.js';
import { createDevices, type DevicesOptions } from './services/devices.js';
import { createPrinter, printerDeviceStatus, printerSettingsChanged, startEmulator, type PrintingOptions } from './services/printing.js';
import type { Clock, Ctx, DeviceDeps, Emit, Log, SkoControl } from './services/context.js';
import { createTerminal, recoverTerminalOps, withTerminal, type TerminalOptions, type TerminalRecovery } from './services/terminal.js';
import type { PaymentTerminal } from './devices/terminal/terminal.js';
import type { EventName, EventPayload } from '../preload/contract/index.js';
import { logFn, loggerFromFn, openLog, type Logger } from './log/logger.js';
import { createStorage, fileSecretBox, type SecretBox, type StorageOptions } from './storage/index.js';
import { expireIdleSession } from './services/session-idle.js';
import type { ScryptCost } from './services/password-hash.js';
import { recoverPriceListImport } from './services/price-list/apply.js';
import { createTasks } from './tasks/runner.js';
import { startExportRunner, type ExportRunner, type ExportRunnerOptions } from './services/exports/index.js';

export type CoreOptions = {
  readonly dataDir: string;
  readonly clock?: Clock;
  /** A ready СКО adapter; default: from the settings and `skoOverrides` (training: the built-in emulator). */
  readonly sko?: SkoGateway;
  /** Point the till at another СКО without saving it (web host `--sko-url`, tests). */
  readonly skoOverrides?: SkoOverrides;
  /** Retry timing of the outbox sender (tests make it fast). */
  readonly outbox?: Omit<SenderOptions, 'log'>;
  /** The host's logger (it logs crashes from before the core exists); default: `<dataDir>/logs/kassa.log`, closed with the core. */
  readonly logger?: Logger;
  /** Older shape (tests pass `() => {}`): warnings and errors go to this function instead of a file. */
  readonly log?: Log;
  /** Scale, scanner, display: how their ports open (tests), or false to run none at all. */
  readonly devices?: DevicesOptions | false;
  /** The payment terminal adapter (default: the simulator of the settings). */
  readonly terminal?: PaymentTerminal;
  /** ОПЛАТИ's wait for the customer and its polling (tests make them short). */
  readonly terminalOptions?: TerminalOptions;
  /** Receipt printer: serial opener and PowerShell stand-ins, status timeout (tests). */
  readonly printing?: PrintingOptions;
  /** How storage-target passwords are sealed: the Electron shell passes safeStorage's; default: only a 0600 file. */
  readonly secretBox?: SecretBox;
  /** Storage targets: the deadline of a silent server (tests make it short). */
  readonly storage?: StorageOptions;
  /** scrypt cost of password hashes; tests make it cheap (the production default is PASSWORD_COST). */
  readonly passwordCost?: ScryptCost;
  /** Given by a restartable host (host/restartable-core.ts): an import swaps the database through it. */
  readonly restart?: (swap: () => void | Promise<void>) => Promise<Ctx>;
  /** The background exports' runner (its timer; tests call `tick()` themselves). */
  readonly exports?: ExportRunnerOptions;
  /** The till window's page as a PDF (print styles): the Electron shell passes its webContents.printToPDF; the web host has none. */
  readonly pagePdf?: () => Promise<Uint8Array>;
};

export type Core = {
  readonly router: Router;
  readonly ctx: Ctx;
  readonly logger: Logger;
  readonly outbox: OutboxSender;
  /** What the till talks to; `emulator` is set in training mode without an СКО URL. */
  readonly sko: SkoConnection;
  /** What the start found between the terminal and the documents (null: it failed, see the log). */
  readonly terminalRecovered: Promise<TerminalRecovery | null>;
  /** Subscribes to every event; returns an unsubscribe function. */
  onEvent(listener: <E extends EventName>(event: E, payload: EventPayload<E>) => void): () => void;
  close(): void;
  /** Background exports after a Z and daily (services/exports/). */
  readonly exports: ExportRunner;
};

export const DB_FILE = 'kassa.sqlite';

export function createCore(options: CoreOptions): Core {
  privateDataFolder(options.dataDir, DB_FILE);
  const ownLog = options.logger || options.log ? null : openLog({ dataDir: options.dataDir, name: 'kassa' });
  const logger = options.logger ?? ownLog?.logger ?? loggerFromFn(options.log!);
  const log = logFn(logger);
  const clock = options.clock ?? (() => new Date());
  const dbFile = join(options.dataDir, DB_FILE);
  const writeGate = newWriteGate();
  const db = openDatabase(dbFile, { writeLockFirst: true, writeGate, onSlowStatement: (s) => logger.warn({ sql: s.sql, ms: s.ms }, 'db: slow statement') });
  const bus = new EventEmitter();
  const emit: Emit = (event, payload) => bus.emit('event', event, payload);
  // The СКО of the saved settings and mode; going live (services/golive.ts) reconnects to another
  // without a restart, so everything holds the link's gateway, never a connection.
  const connectSaved = (overrides: SkoOverrides) =>
    connectSko({ db, dataDir: options.dataDir, training: getSetting({ db }, 'trainingMode'), settings: getSetting({ db }, 'sko'), overrides, log });
  let link: SkoLink;
  try {
    link = createSkoLink(options.sko ? { gateway: options.sko, emulator: null, close: () => options.sko?.close() } : connectSaved(options.skoOverrides ?? {}));
  } catch (err) {
    db.close();
    ownLog?.close();
    throw err;
  }
  const skoControl: SkoControl = {
    open: (training, settings, session, ca) => connectSko({ db, dataDir: options.dataDir, training, settings, session, overrides: ca ? { ca } : {}, log }),
    // The admin's own entries decide after a switch: the command line's --sko-url is for the run it started.
    reconnect: () => link.replace(connectSaved({})),
  };
  const deps = { db, clock, sko: link.gateway, emit };
  const outbox = startOutboxSender(deps, { ...options.outbox, log });
  // Every effect is built here, once, and reaches the services through ctx: none starts on a read.
  const devicesDeps: DeviceDeps = { ...deps, log, session: { userId: null } };
  const ctx: Ctx = {
    ...devicesDeps,
    fiscal: outbox,
    storage: createStorage(options.dataDir, options.secretBox ?? fileSecretBox, options.storage),
    pagePdf: options.pagePdf,
    devices: createDevices(devicesDeps, options.devices || {}),
    printer: createPrinter(getSetting({ db }, 'printer'), options.printing),
    terminal: createTerminal({ db }, options.terminal, options.terminalOptions),
    tasks: createTasks({ dbFile, dataDir: options.dataDir, clock, emit, log, writeGate }),
    ...(options.passwordCost && { passwordCost: options.passwordCost }),
    skoControl,
    ...(options.restart && { restart: options.restart }),
  };
  // A price-list import a crash cut midway is undone before anyone sells from a half-new catalogue.
  if (recoverPriceListImport(db) === 'rolled-back') log('kassa: загрузка прайс-листа прервалась — каталог возвращён к прежнему');
  seedFirstRun(ctx);
  // What a crash left between the bank and a document is settled before the cashier pays again.
  const terminalRecovered = withTerminal(ctx, () => recoverTerminalOps(ctx)).catch((err: unknown) => {
    log('kassa: восстановление операций терминала', err);
    return null;
  });
  if (options.devices !== false) ctx.devices.start();
  // The receipt printer's emulator (training preview) listens on 127.0.0.1:0 from the start when
  // training or when the settings print to it; later only a save of the printer settings starts it.
  if (options.printing?.emulator || getSetting(ctx, 'trainingMode') || getSetting(ctx, 'printer').connection.kind === 'emulator') startEmulator(ctx);
  ctx.devices.register('printer', { status: () => printerDeviceStatus(ctx), restart: () => Promise.resolve(printerSettingsChanged(ctx)) });
  // Idle logout without a call: the windows get `session.changed` and show the login.
  const idleCheck = setInterval(() => {
    try {
      expireIdleSession(ctx);
    } catch (err) {
      log('kassa: выход по бездействию', err);
    }
  }, 15_000);
  idleCheck.unref();
  // Exports owed to storage targets: looked at after each Z, on «Повторить сейчас» and on a timer.
  const exportRunner = startExportRunner(ctx, options.exports);
  bus.on('event', (event: EventName) => {
    if (event === 'shift.changed' || event === 'exports.changed') setImmediate(() => void exportRunner.tick());
  });
  setImmediate(() => void exportRunner.tick()); // what a crash or a stop left owed
  return {
    exports: exportRunner,
    router: createRouter(ctx, logger),
    ctx,
    logger,
    outbox,
    get sko() {
      return link.current();
    },
    terminalRecovered,
    onEvent(listener) {
      bus.on('event', listener);
      return () => bus.off('event', listener);
    },
    close() {
      clearInterval(idleCheck);
      exportRunner.stop();
      void ctx.tasks.stop(); // a task's own connection rolls back what it had not committed
      void ctx.devices.stop(); // closes the ports; nothing of it touches the database
      void ctx.printer.stop();
      outbox.stop();
      void ctx.terminal.close(); // the training ОПЛАТИ emulator, the integrated terminal's connection
      link.close(); // aborts what is in flight; the built-in emulator closes its journal
      db.close();
      ownLog?.close();
    },
  };
}
