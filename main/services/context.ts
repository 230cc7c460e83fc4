/**
 * What every service receives: its effects as parameters, so tests pass real ones. Core builds
 * each effect once (db, clock, СКО, events, log, devices, printer, payment terminal); services
 * keep no state of their own.
 */
import type { Db } from '../db/database.js';
import type { PrinterEmulator } from '../devices/printer/emulator/server.js';
import type { EmulatedPrinter } from '../devices/printer/emulator/decoder.js';
import type { TransportDeps } from '../devices/printer/printer.js';
import type { PortInfo } from '../devices/serial/port.js';
import type { PaymentTerminal, TerminalForm } from '../devices/terminal/terminal.js';
import type { SkoConnection, SkoSettingsView } from '../fiscal/connect.js';
import type { SkoGateway } from '../fiscal/gateway.js';
import type { SessionStore } from '../fiscal/session-store.js';
import type { Storage } from '../storage/index.js';
import type { Tasks } from '../tasks/runner.js';
import type { CustomerView, DeviceSettings, DeviceStatus, EventName, EventPayload, WeightReading } from '../../preload/contract/index.js';
import type { ScryptCost } from './password-hash.js';

export type Clock = () => Date;

/** Where the till's messages go (what went wrong, with the error when there is one). */
export type Log = (msg: string, err?: unknown) => void;

export type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** The till has one person at the keyboard; both hosts share this session. `lastCallAt`: for the idle logout (session-idle.ts). */
export type Session = { userId: number | null; lastCallAt?: number };

/** What the outbox sender knows about its own work (fiscal diagnostics). */
export type OutboxState = {
  readonly inFlight: number;
  /** Documents the СКО refused: they stay queued (and block Z) until a person acts. */
  readonly rejected: number;
  /** Waiting documents held by a refused one ahead of them (a Z or a shift opening needs it accepted). */
  readonly blocked: number;
  /** The СКО session was replaced by another login, or the СКО says the till is locked: enter the PIN again. */
  readonly needsPin: boolean;
  /** The whole queue waits until then (СКО unreachable, or it asked to slow down). */
  readonly holdUntil: string | null;
  readonly lastError: { readonly at: string; readonly code: string; readonly message: string } | null;
  readonly lastDeliveredAt: string | null;
  readonly lastContactAt: string | null;
  /** The last attempt reached the СКО (null: no attempt yet). */
  readonly reachable: boolean | null;
};

/** The СКО outbox sender, as services see it. */
export type Fiscal = {
  /** Starts every document due now; resolves when nothing is in flight any more. */
  kick(): Promise<void>;
  pending(): { pending: number; oldestAt: string | null };
  /** Delivers until the queue is empty, or nothing more can happen before `timeoutMs`; returns what is left. */
  drain(timeoutMs: number): Promise<{ pending: number; oldestAt: string | null }>;
  /** The queue as the `fiscal.queue` event tells it. */
  queue(): EventPayload<'fiscal.queue'>;
  /** After the PIN is entered again (or a refused document is sent again): forget our own backoff and try now. */
  resume(): void;
  state(): OutboxState;
};

/** What the outbox sender needs: no session, no services. */
export type FiscalDeps = {
  readonly db: Db;
  readonly clock: Clock;
  readonly sko: SkoGateway;
  readonly emit: Emit;
};

/** Another device service (the printer) joins the settings screen and the diagnostics this way. */
export type RegisteredDevice = {
  /** Its state now, for the diagnostics screen (it may ask the device, briefly). */
  status(): DeviceStatus | Promise<DeviceStatus>;
  /** Called after the admin saved its settings key. */
  restart(): Promise<void>;
  stop?(): Promise<void>;
};

/** Scale, serial scanner, customer display (services/devices.ts makes them). */
export type Devices = {
  /** Starts every device from the settings. */
  start(): void;
  /** Stops every device and closes its port. */
  stop(): Promise<void>;
  /** Stops and starts one device with its current settings. */
  restart(kind: DeviceStatus['device']): Promise<void>;
  readWeight(): Promise<WeightReading>;
  /** Training mode: put goods on the simulated scale. */
  simulate(grams: number): void;
  diagnostics(): Promise<DeviceStatus[]>;
  testDisplay(): Promise<{ upper: string; lower: string }>;
  /** The open check changed: update the pole display and the customer window. */
  checkChanged(view: CustomerView): void;
  listPorts(): Promise<PortInfo[]>;
  settings(): DeviceSettings;
  save(patch: Partial<DeviceSettings>): Promise<DeviceSettings>;
  /** Lets another device (the receipt printer) share the settings and diagnostics screens. */
  register(kind: Exclude<DeviceStatus['device'], 'scale' | 'scanner' | 'display'>, device: RegisteredDevice): void;
};

export type PrintingOptions = {
  /** Run the built-in emulator (training preview) even when the settings do not point at it. */
  readonly emulator?: boolean;
  /** Serial opener, PowerShell stand-in… for tests. */
  readonly transports?: Omit<TransportDeps, 'emulator'>;
  /** How long to wait for the printer's status answer. */
  readonly statusTimeoutMs?: number;
  /**
   * Tests only: laying out this document fails, as a layout bug would. Nothing real makes the
   * layout throw, yet a cash sale must still open the drawer when it does.
   */
  readonly layoutFault?: (documentId: number) => boolean;
};

/** The receipt printer of the till (services/printing.ts makes it and prints through it). */
export type Printer = {
  readonly options: PrintingOptions;
  /** The built-in emulator (training preview); it listens only once `startEmulator` ran. */
  readonly emulator: PrinterEmulator;
  /** Starts the emulator's server, once: core at start-up, or a save of the printer settings — never a read. */
  startEmulator(): Promise<{ host: string; port: number }>;
  /** Where the emulator listens; refuses (the printer is unreachable) while it is not started. */
  emulatorAddress(): Promise<{ host: string; port: number }>;
  /** Jobs go one after another: two receipts never interleave on the paper. */
  queue: Promise<unknown>;
  /** The last state told to the screens (device.status). */
  last: DeviceStatus | null;
  /** The last job made (whatever printer it went to, or none): the training preview. */
  preview: { readonly id: number; readonly at: string; readonly bytes: Buffer; readonly printer: EmulatedPrinter } | null;
  /** Waits for the job under way, then closes the emulator. */
  stop(): Promise<void>;
};

/** The payment terminal of the till: one operation at a time. */
export type Terminal = {
  /** The card terminal as the settings and the mode say now (core's given adapter, if any). */
  readonly adapter: PaymentTerminal;
  /** Who takes `form` now: the adapter, or why this till refuses it (working mode without a terminal). */
  route(form: TerminalForm): { readonly adapter: PaymentTerminal } | { readonly refused: string };
  /** The customer is at the terminal now: a second payment or a change of the check is refused. */
  busy: boolean;
  /** The operation under way, for the cashier to stop waiting (ОПЛАТИ). */
  waiting: AbortController | null;
  /** Stops what the terminal started (the training ОПЛАТИ emulator, an open ECR connection). */
  close(): Promise<void>;
};

/** What a device service needs at its start: everything but the other devices. */
export type DeviceDeps = FiscalDeps & {
  readonly session: Session;
  readonly log: Log;
};

/** Which СКО the till talks to, and the switch between training and working mode (services/golive.ts). */
export type SkoControl = {
  /** A connection to the СКО of these settings, apart from the till's: going live checks it before anything is saved. */
  open(training: boolean, settings: SkoSettingsView, session: SessionStore, ca?: string): SkoConnection;
  /** The till (its `sko`, the outbox) talks from now on to the СКО of its saved settings and mode; the old connection closes. */
  reconnect(): void;
};

export type Ctx = DeviceDeps & {
  readonly fiscal: Fiscal;
  readonly devices: Devices;
  readonly printer: Printer;
  readonly terminal: Terminal;
  /** Storage targets (folder, FTP, WebDAV) and their passwords. */
  readonly storage: Storage;
  /** Long jobs in worker threads (imports, exports, period reports): progress events, cancel. */
  readonly tasks: Tasks;
  /** scrypt cost of new password hashes (default PASSWORD_COST; tests pass a cheap one, never production). */
  readonly passwordCost?: ScryptCost;
  /** Going live and back: another СКО checked, then the till switched to it. */
  readonly skoControl: SkoControl;
  /**
   * Closes this core, runs `swap` on the closed data folder (an import puts another database file in
   * place), and opens the core again; the hosts keep their windows. Absent: no host can restart it.
   */
  readonly restart?: (swap: () => void | Promise<void>) => Promise<Ctx>;
  /** The till window's page as a PDF (Electron's printToPDF); absent in the web host, whose browser prints. */
  readonly pagePdf?: () => Promise<Uint8Array>;
};
