/**
 * Printing documents on the receipt printer. A document is stored (and queued for the СКО) before
 * anything is printed, outside that transaction: a printer that is off, out of paper or
 * unplugged never rolls a document back or loses it — the cashier is told why and reprints, and
 * a copy (КОПИЯ) can always be printed later. Every print and every failure is in the audit log.
 */
import { PNG } from 'pngjs';
import type { DeviceStatus, PrinterPreview, PrinterSettings, PrinterStatus, PrintOutcome } from '../../preload/contract.js';
import { KassaError } from '../domain/errors.js';
import type { ReceiptInput, ReceiptRow } from '../domain/receipt.js';
import { printable } from '../devices/printer/codepage.js';
import { PrinterEmulator } from '../devices/printer/emulator/server.js';
import { realTimePulseBytes, receiptBytes, pulseOnlyBytes } from '../devices/printer/escpos.js';
import { drawerPulse, emulatedPrinter, jobOptions, readStatus, testPageRows, transportFor, type TransportDeps } from '../devices/printer/printer.js';
import { PAPER } from '../devices/printer/profiles.js';
import { printedRows } from '../devices/printer/receipt-job.js';
import { state as printerState, type PrinterState } from '../devices/printer/status.js';
import type { PrinterTransport } from '../devices/printer/transports/transport.js';
import { audit } from './audit.js';
import type { Ctx } from './context.js';
import { documentReceipt } from './documents.js';
import { getSetting } from './settings.js';
import { currentUser } from './users.js';

export type PrintingOptions = {
  /** Run the built-in emulator (training preview) even when the settings do not point at it. */
  readonly emulator?: boolean;
  /** Serial opener, PowerShell stand-in… for tests. */
  readonly transports?: Omit<TransportDeps, 'emulator'>;
  readonly log?: (msg: string, err?: unknown) => void;
  /** How long to wait for the printer's status answer. */
  readonly statusTimeoutMs?: number;
};

type Runtime = {
  readonly emulator: PrinterEmulator;
  address: Promise<{ host: string; port: number }> | null;
  /** Jobs go one after another: two receipts never interleave on the paper. */
  queue: Promise<unknown>;
  last: DeviceStatus | null;
  options: PrintingOptions;
};

const runtimes = new WeakMap<Ctx, Runtime>();

/** Starts printing for a core: the emulator on 127.0.0.1:0 when training or when it is the printer. */
export function startPrinting(ctx: Ctx, options: PrintingOptions = {}): { emulator: PrinterEmulator; stop(): Promise<void> } {
  const settings = getSetting(ctx, 'printer');
  const existing = runtimes.get(ctx);
  const rt: Runtime = existing
    ? Object.assign(existing, { options })
    : { emulator: new PrinterEmulator({ printer: emulatedPrinter(settings) }), address: null, queue: Promise.resolve(), last: null, options };
  runtimes.set(ctx, rt);
  if (options.emulator || getSetting(ctx, 'trainingMode') || settings.connection.kind === 'emulator') emulatorAddress(rt);
  return {
    emulator: rt.emulator,
    async stop() {
      runtimes.delete(ctx);
      await rt.queue.catch(() => undefined);
      await rt.emulator.close();
    },
  };
}

function runtime(ctx: Ctx): Runtime {
  let rt = runtimes.get(ctx);
  if (!rt) {
    // A context without a core (some tests): printing still works, the emulator starts on demand.
    startPrinting(ctx);
    rt = runtimes.get(ctx)!;
  }
  return rt;
}

function emulatorAddress(rt: Runtime): Promise<{ host: string; port: number }> {
  rt.address ??= rt.emulator.listen(0, '127.0.0.1');
  return rt.address;
}

function transport(ctx: Ctx, settings: PrinterSettings): PrinterTransport | null {
  const rt = runtime(ctx);
  return transportFor(settings, { ...rt.options.transports, emulator: () => emulatorAddress(rt) });
}

function serialized<T>(ctx: Ctx, job: () => Promise<T>): Promise<T> {
  const rt = runtime(ctx);
  const next = rt.queue.then(job, job);
  rt.queue = next.catch(() => undefined);
  return next;
}

/** The admin saved printer settings: the emulator follows the profile and paper. */
export function printerSettingsChanged(ctx: Ctx): void {
  const rt = runtime(ctx);
  const settings = getSetting(ctx, 'printer');
  rt.emulator.configure(emulatedPrinter(settings));
  if (settings.connection.kind === 'emulator') void emulatorAddress(rt);
  rt.last = null;
}

function toStatus(s: PrinterState, t: PrinterTransport | null, at: string): PrinterStatus {
  return { condition: s.condition, message: s.message, canPrint: s.canPrint, connection: t?.description ?? 'не настроен', statusReadable: Boolean(t?.exchange), checkedAt: at };
}

/** Tells the screens (device.status) when the printer's state or message changes. */
function report(ctx: Ctx, settings: PrinterSettings, status: PrinterStatus): void {
  const rt = runtime(ctx);
  const stateOf = (): DeviceStatus['state'] => {
    if (status.condition === 'off') return 'off';
    return status.canPrint ? 'ok' : 'error';
  };
  const message = status.condition === 'ready' ? null : status.message;
  const next: DeviceStatus = { device: 'printer', profile: settings.profile, path: status.connection, state: stateOf(), message, since: status.checkedAt };
  if (rt.last && rt.last.state === next.state && rt.last.message === next.message && rt.last.path === next.path) return;
  rt.last = next;
  ctx.emit('device.status', next);
}

/** The printer's device status for diagnostics (the last one seen; "not checked yet" before). */
export function printerDeviceStatus(ctx: Ctx): DeviceStatus {
  const rt = runtime(ctx);
  if (rt.last) return rt.last;
  const settings = getSetting(ctx, 'printer');
  const t = transport(ctx, settings);
  return {
    device: 'printer',
    profile: settings.profile,
    path: t?.description ?? '',
    state: t ? 'connecting' : 'off',
    message: t ? 'Состояние ещё не проверялось' : null,
    since: ctx.clock().toISOString(),
  };
}

export async function printerStatus(ctx: Ctx): Promise<PrinterStatus> {
  const settings = getSetting(ctx, 'printer');
  const t = transport(ctx, settings);
  const s = await serialized(ctx, () => readStatus(t, runtime(ctx).options.statusTimeoutMs));
  const status = toStatus(s, t, ctx.clock().toISOString());
  report(ctx, settings, status);
  return status;
}

function logoOf(settings: PrinterSettings, log: (msg: string, err?: unknown) => void): Buffer | null {
  if (!settings.template.logo) return null;
  try {
    const png = Buffer.from(settings.template.logo, 'base64');
    const { width } = PNG.sync.read(png);
    if (width > PAPER[settings.paper].dots) throw new Error(`${width} dots wider than the paper`);
    return png;
  } catch (err) {
    log('kassa: логотип чека не печатается', err);
    return null;
  }
}

/**
 * Sends one job: asks the printer first where the connection can answer (a printer out of paper
 * is not sent a receipt it would hold and print later), and again after, to catch paper that ran
 * out mid-receipt. Never throws: the outcome says what happened.
 */
async function sendJob(ctx: Ctx, settings: PrinterSettings, bytes: Buffer, copy: boolean): Promise<PrintOutcome> {
  const t = transport(ctx, settings);
  const timeout = runtime(ctx).options.statusTimeoutMs;
  const now = () => ctx.clock().toISOString();
  if (!t) return { printed: false, message: 'Принтер чеков не настроен', copy, skipped: true, status: toStatus(printerState('off'), null, now()) };
  return serialized(ctx, async () => {
    const before = await readStatus(t, timeout);
    if (!before.canPrint) {
      const status = toStatus(before, t, now());
      report(ctx, settings, status);
      return { printed: false, message: `Чек не напечатан: ${before.message}`, copy, skipped: false, status };
    }
    try {
      await t.send(bytes);
    } catch (err) {
      const status = toStatus(printerState('unreachable', err instanceof Error ? err.message : String(err)), t, now());
      report(ctx, settings, status);
      return { printed: false, message: `Чек не напечатан: ${status.message}`, copy, skipped: false, status };
    }
    const after = t.exchange ? await readStatus(t, timeout) : before;
    const status = toStatus(after, t, now());
    report(ctx, settings, status);
    if (!after.canPrint && after.condition !== 'unreachable') {
      return { printed: false, message: `Чек мог не допечататься: ${after.message}. Напечатайте его снова.`, copy, skipped: false, status };
    }
    return { printed: true, message: after.condition === 'paper-near-end' ? after.message : null, copy, skipped: false, status };
  });
}

function pulseWanted(r: ReceiptInput): boolean {
  if (r.kind === 'cash_in' || r.kind === 'cash_out') return true;
  return (r.kind === 'sale' || r.kind === 'return') && r.payments.some((p) => p.form === 'cash');
}

function audited(ctx: Ctx, documentId: number | null, outcome: PrintOutcome, what: string): void {
  ctx.db.transaction(() =>
    audit(ctx, outcome.printed ? 'receipt.printed' : 'receipt.print_failed', { documentId, what, copy: outcome.copy, message: outcome.message }),
  )();
}

function originalPrinted(ctx: Ctx, documentId: number): boolean {
  const n = ctx.db
    .prepare(
      `SELECT count(*) FROM audit_log WHERE action = 'receipt.printed'
         AND json_extract(details, '$.documentId') = ? AND json_extract(details, '$.copy') = 0`,
    )
    .pluck()
    .get(documentId) as number;
  return n > 0;
}

async function printStored(ctx: Ctx, documentId: number, copy: boolean, first: boolean): Promise<PrintOutcome> {
  const settings = getSetting(ctx, 'printer');
  const log = runtime(ctx).options.log ?? (() => undefined);
  const model = documentReceipt(ctx, documentId, { copy });
  const pulse = first && settings.drawer.onCash && pulseWanted(model);
  if (first && !settings.autoPrint) {
    if (pulse) await openDrawerNow(ctx, settings, 'auto');
    return { printed: false, message: null, copy, skipped: true, status: null };
  }
  let bytes: Buffer;
  try {
    bytes = await receiptBytes(printedRows(model, settings.codepage, settings.columns), jobOptions(settings, { drawer: pulse, logo: logoOf(settings, log) }));
  } catch (err) {
    log(`kassa: чек ${documentId} не свёрстан`, err);
    return { printed: false, message: `Чек не напечатан: ${err instanceof Error ? err.message : String(err)}`, copy, skipped: false, status: null };
  }
  const outcome = await sendJob(ctx, settings, bytes, copy);
  if (pulse && !outcome.printed && outcome.status?.condition !== 'unreachable') {
    // The receipt did not go, but the change must: a real-time pulse works even when offline.
    await openDrawerNow(ctx, settings, 'auto', true).catch((err: unknown) => log('kassa: ящик не открылся', err));
  }
  audited(ctx, documentId, outcome, 'document');
  return outcome;
}

/** Right after a document is stored (auto-print, drawer pulse on cash). Never throws. */
export async function printNewDocument(ctx: Ctx, documentId: number): Promise<PrintOutcome> {
  try {
    return await printStored(ctx, documentId, false, true);
  } catch (err) {
    (runtime(ctx).options.log ?? (() => undefined))(`kassa: чек ${documentId} не напечатан`, err);
    return { printed: false, message: 'Чек не напечатан из-за внутренней ошибки — напечатайте копию', copy: false, skipped: false, status: null };
  }
}

/**
 * Prints a stored document on request: the original while it has not printed yet (the first
 * attempt failed), else only a copy marked КОПИЯ.
 */
export async function printDocument(ctx: Ctx, documentId: number, copy: boolean): Promise<PrintOutcome> {
  const settings = getSetting(ctx, 'printer');
  if (settings.connection.kind === 'none') throw new KassaError('DEVICE_ERROR', 'Принтер чеков не настроен');
  documentReceipt(ctx, documentId, { copy }); // NOT_FOUND before anything else
  if (!copy && originalPrinted(ctx, documentId)) {
    throw new KassaError('CONFLICT', 'Этот чек уже напечатан. Напечатайте копию.');
  }
  return printStored(ctx, documentId, copy, false);
}

export async function testPrint(ctx: Ctx): Promise<PrintOutcome> {
  const settings = getSetting(ctx, 'printer');
  if (settings.connection.kind === 'none') throw new KassaError('DEVICE_ERROR', 'Принтер чеков не настроен');
  const when = new Date(ctx.clock()).toLocaleString('ru-RU');
  const rows: ReceiptRow[] = testPageRows(settings, when).map((r) => (r.kind === 'text' ? { ...r, text: printable(r.text, settings.codepage) } : r));
  const bytes = await receiptBytes(rows, jobOptions(settings));
  const outcome = await sendJob(ctx, settings, bytes, false);
  audited(ctx, null, outcome, 'test');
  return outcome;
}

async function openDrawerNow(ctx: Ctx, settings: PrinterSettings, why: 'auto' | 'manual', realTime = false): Promise<void> {
  const t = transport(ctx, settings);
  if (!t) throw new KassaError('DEVICE_ERROR', 'Принтер чеков не настроен: ящик открывается его импульсом');
  const bytes = realTime ? realTimePulseBytes(drawerPulse(settings)) : pulseOnlyBytes(jobOptions(settings), drawerPulse(settings));
  try {
    await serialized(ctx, () => t.send(bytes));
  } catch (err) {
    throw new KassaError('DEVICE_ERROR', `Ящик не открылся: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    ctx.db.transaction(() => audit(ctx, 'drawer.opened', { why }))();
  }
}

/** "Open the drawer" on demand: the admin always; a cashier only when the admin allowed it. */
export async function openDrawer(ctx: Ctx): Promise<null> {
  const settings = getSetting(ctx, 'printer');
  const user = currentUser(ctx);
  if (user?.role !== 'admin' && !settings.drawer.cashierMayOpen) {
    ctx.db.transaction(() => audit(ctx, 'drawer.refused', {}))();
    throw new KassaError('FORBIDDEN', 'Открыть ящик без продажи может администратор (или кассир, если администратор разрешил)');
  }
  await openDrawerNow(ctx, settings, 'manual');
  return null;
}

/** The last receipt of the built-in emulator as text and PNG (training preview); null before any. */
export function printerPreview(ctx: Ctx): PrinterPreview | null {
  const job = runtime(ctx).emulator.lastJob();
  if (!job) return null;
  return { jobId: job.id, receivedAt: job.receivedAt, text: job.decoded.text, png: `data:image/png;base64,${job.png().toString('base64')}` };
}

/** The built-in emulator of this till (tests read the jobs it received). */
export function printerEmulator(ctx: Ctx): PrinterEmulator {
  return runtime(ctx).emulator;
}
