/**
 * Printing documents on the receipt printer. A document is stored (and queued for the СКО) before
 * anything is printed, outside that transaction: a printer that is off, out of paper or
 * unplugged never rolls a document back or loses it — the cashier is told why and reprints, and
 * a copy (КОПИЯ) can always be printed later. Every print and every failure is in the audit log.
 */
import { createRequire } from 'node:module';
import type pngjs from 'pngjs';
import type { DeviceStatus, PrinterPreview, PrinterSettings, PrinterStatus, PrintOutcome } from '../../preload/contract/index.js';
import { KassaError } from '../domain/errors.js';
import type { ReceiptRow } from '../domain/receipt.js';
import { printable } from '../devices/printer/codepage.js';
import { decodeEscPos } from '../devices/printer/emulator/decoder.js';
import { paperPng } from '../devices/printer/emulator/paper.js';
import { PrinterEmulator } from '../devices/printer/emulator/server.js';
import { drawerPulseBytes, realTimePulseBytes, receiptBytes, pulseOnlyBytes } from '../devices/printer/escpos.js';
import { drawerPulse, emulatedPrinter, jobOptions, readStatus, testPageRows, transportFor } from '../devices/printer/printer.js';
import { PAPER } from '../devices/printer/profiles.js';
import { opensDrawer, printedRows } from '../devices/printer/receipt-job.js';
import { state as printerState, type PrinterState } from '../devices/printer/status.js';
import { PrinterError, type PrinterTransport } from '../devices/printer/transports/transport.js';
import { withoutFsync } from '../db/commit.js';
import { audit } from './audit.js';
import type { Ctx, Printer, PrintingOptions } from './context.js';
import { documentReceipt } from './documents.js';
import { getSetting } from './settings.js';
import { currentUser } from './users.js';
import { phase } from '../log/trace.js';

export type { PrintingOptions } from './context.js';

// pngjs loads with the first logo checked, not at start (cold start).
const load = createRequire(import.meta.url);

/** The diagnostics screen asks the printer, but never waits on it for long. */
const DIAGNOSTICS_TIMEOUT_MS = 1_500;

/**
 * The receipt printer of a core. Its emulator (training preview, 127.0.0.1:0) is built here but
 * listens only when core starts it at start-up or a save of the printer settings points at it:
 * reads (status, diagnostics, preview) and prints only use an emulator already listening.
 */
export function createPrinter(settings: PrinterSettings, options: PrintingOptions = {}): Printer {
  const emulator = new PrinterEmulator({ printer: emulatedPrinter(settings) });
  let address: Promise<{ host: string; port: number }> | null = null;
  const printer: Printer = {
    options,
    emulator,
    queue: Promise.resolve(),
    last: null,
    preview: null,
    startEmulator() {
      address ??= emulator.listen(0, '127.0.0.1');
      return address;
    },
    emulatorAddress() {
      return address ?? Promise.reject(new PrinterError('Встроенный эмулятор принтера не запущен'));
    },
    async stop() {
      await printer.queue.catch(() => undefined);
      await emulator.close();
    },
  };
  return printer;
}

function transport(ctx: Ctx, settings: PrinterSettings): PrinterTransport | null {
  return transportFor(settings, { ...ctx.printer.options.transports, emulator: () => ctx.printer.emulatorAddress() });
}

function serialized<T>(ctx: Ctx, job: () => Promise<T>): Promise<T> {
  const next = ctx.printer.queue.then(job, job);
  ctx.printer.queue = next.catch(() => undefined);
  return next;
}

/** The admin saved printer settings: the emulator follows the profile and paper, and listens if printed to. */
export function printerSettingsChanged(ctx: Ctx): void {
  const settings = getSetting(ctx, 'printer');
  ctx.printer.emulator.configure(emulatedPrinter(settings));
  if (settings.connection.kind === 'emulator') startEmulator(ctx);
  ctx.printer.last = null;
}

/** Starts the built-in emulator's server (core at start-up, a save of the settings); a failure is logged. */
export function startEmulator(ctx: Pick<Ctx, 'printer' | 'log'>): void {
  ctx.printer.startEmulator().catch((err: unknown) => ctx.log('kassa: встроенный эмулятор принтера не запустился', err));
}

function toStatus(s: PrinterState, t: PrinterTransport | null, at: string): PrinterStatus {
  return {
    condition: s.condition,
    message: s.message,
    canPrint: s.canPrint,
    connection: t?.description ?? 'не настроен',
    statusReadable: t?.exchange !== undefined,
    checkedAt: at,
  };
}

/** Tells the screens (device.status) when the printer's state or message changes. */
function report(ctx: Ctx, settings: PrinterSettings, status: PrinterStatus): void {
  const rt = ctx.printer;
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

/**
 * The printer's row of the diagnostics screen: asked now (briefly) where the connection can
 * answer; a Windows queue or a file cannot, which the row says; the last print's news otherwise.
 */
export async function printerDeviceStatus(ctx: Ctx): Promise<DeviceStatus> {
  const rt = ctx.printer;
  const settings = getSetting(ctx, 'printer');
  const t = transport(ctx, settings);
  const now = ctx.clock().toISOString();
  const base = { device: 'printer' as const, profile: settings.profile, path: t?.description ?? '', since: now };
  if (!t) return { ...base, state: 'off', message: null };
  if (!t.exchange) return rt.last ?? { ...base, state: 'ok', message: `Состояние не читается через это подключение (${t.description}) — проверьте пробной печатью` };
  const timeout = Math.min(rt.options.statusTimeoutMs ?? DIAGNOSTICS_TIMEOUT_MS, DIAGNOSTICS_TIMEOUT_MS);
  let timer: NodeJS.Timeout | undefined;
  // A receipt printing now holds the queue: the row then shows what was last known.
  const asked = await Promise.race([
    printerStatus(ctx, timeout).then(() => true),
    new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeout + DIAGNOSTICS_TIMEOUT_MS))),
  ]);
  clearTimeout(timer);
  if (asked && rt.last) return rt.last;
  return rt.last ?? { ...base, state: 'connecting', message: 'Принтер занят печатью — состояние проверится позже' };
}

export async function printerStatus(ctx: Ctx, timeoutMs = ctx.printer.options.statusTimeoutMs): Promise<PrinterStatus> {
  const settings = getSetting(ctx, 'printer');
  const t = transport(ctx, settings);
  const s = await serialized(ctx, () => readStatus(t, timeoutMs));
  const status = toStatus(s, t, ctx.clock().toISOString());
  report(ctx, settings, status);
  return status;
}

function logoOf(settings: PrinterSettings, log: (msg: string, err?: unknown) => void): Buffer | null {
  if (!settings.template.logo) return null;
  try {
    const png = Buffer.from(settings.template.logo, 'base64');
    const { width } = (load('pngjs') as typeof pngjs).PNG.sync.read(png);
    if (width > PAPER[settings.paper].dots) throw new Error(`${width} dots wider than the paper`);
    return png;
  } catch (err) {
    log('kassa: логотип чека не печатается', err);
    return null;
  }
}

/** What became of a job, and whether its bytes reached the printer (a pulse in them went too). */
type Sent = { readonly outcome: PrintOutcome; readonly reached: boolean };

/**
 * Sends one job: asks the printer first where the connection can answer (a printer out of paper
 * is not sent a receipt it would hold and print later), and again after, to catch paper that ran
 * out mid-receipt. Never throws: the outcome says what happened.
 */
async function sendJob(ctx: Ctx, settings: PrinterSettings, bytes: Buffer, copy: boolean): Promise<Sent> {
  const t = transport(ctx, settings);
  const timeout = ctx.printer.options.statusTimeoutMs;
  const now = () => ctx.clock().toISOString();
  if (!t)
    return {
      reached: false,
      outcome: { printed: false, message: 'Принтер чеков не настроен', copy, skipped: true, status: toStatus(printerState('off'), null, now()) },
    };
  // One connection for the three steps where the link has connections (TCP, the emulator).
  const onLink = <T>(use: (link: PrinterTransport) => Promise<T>): Promise<T> => (t.session ? t.session(use) : use(t));
  return serialized(ctx, () => onLink((t) => job(t)));
  async function job(t: PrinterTransport): Promise<Sent> {
    phase('printer queue');
    const before = await readStatus(t, timeout);
    phase('printer status');
    if (!before.canPrint) {
      const status = toStatus(before, t, now());
      report(ctx, settings, status);
      return { reached: false, outcome: { printed: false, message: `Чек не напечатан: ${before.message}`, copy, skipped: false, status } };
    }
    try {
      await t.send(bytes);
    } catch (err) {
      const status = toStatus(printerState('unreachable', err instanceof Error ? err.message : String(err)), t, now());
      report(ctx, settings, status);
      return { reached: false, outcome: { printed: false, message: `Чек не напечатан: ${status.message}`, copy, skipped: false, status } };
    }
    phase('printer send');
    const after = t.exchange ? await readStatus(t, timeout) : before;
    phase('printer status after');
    const status = toStatus(after, t, now());
    report(ctx, settings, status);
    if (!after.canPrint && after.condition !== 'unreachable') {
      return {
        reached: true,
        outcome: { printed: false, message: `Чек мог не допечататься: ${after.message}. Напечатайте его ещё раз.`, copy, skipped: false, status },
      };
    }
    return { reached: true, outcome: { printed: true, message: after.condition === 'paper-near-end' ? after.message : null, copy, skipped: false, status } };
  }
}

/**
 * What became of a print, in the audit log. Not fiscal: committed without an fsync of its own (the
 * document's fsync came before; a power cut at worst forgets that the original printed).
 */
function audited(ctx: Ctx, documentId: number | null, outcome: PrintOutcome, what: string): void {
  withoutFsync(ctx.db, () =>
    audit(ctx, outcome.printed ? 'receipt.printed' : 'receipt.print_failed', { documentId, what, copy: outcome.copy, message: outcome.message }),
  );
}

function originalPrinted(ctx: Ctx, documentId: number): boolean {
  const n = ctx.db.value<number>(
    `SELECT count(*) FROM audit_log WHERE action = 'receipt.printed'
         AND json_extract(details, '$.documentId') = ? AND json_extract(details, '$.copy') = 0`,
    documentId,
  )!;
  return n > 0;
}

/** The training preview follows the last job made, decoded as the emulator would print it. */
function keepPreview(ctx: Ctx, settings: PrinterSettings, bytes: Buffer): void {
  const rt = ctx.printer;
  rt.preview = { id: (rt.preview?.id ?? 0) + 1, at: ctx.clock().toISOString(), bytes, printer: emulatedPrinter(settings) };
}

async function printStored(ctx: Ctx, documentId: number, copy: boolean, first: boolean): Promise<PrintOutcome> {
  const settings = getSetting(ctx, 'printer');
  const log = ctx.log;
  const model = documentReceipt(ctx, documentId, { copy });
  const pulse = first && settings.drawer.onCash && opensDrawer(model);
  let bytes: Buffer | null = null;
  let layoutError = '';
  try {
    if (ctx.printer.options.layoutFault?.(documentId)) throw new Error('вёрстка чека не удалась');
    bytes = await receiptBytes(printedRows(model, settings.codepage, settings.columns), jobOptions(settings, { drawer: pulse, logo: logoOf(settings, log) }));
    phase('receipt bytes');
    keepPreview(ctx, settings, bytes);
    phase('preview');
  } catch (err) {
    log(`kassa: чек ${documentId} не свёрстан`, err);
    layoutError = err instanceof Error ? err.message : String(err);
  }
  if (first && !settings.autoPrint) {
    // Nothing is printed, but the cash is in the cashier's hand: the drawer opens.
    const drawer = pulse ? await kickDrawer(ctx, settings, { why: 'auto', documentId }) : null;
    const message = drawer && !drawer.ok ? `Автопечать выключена, чек не печатался. ${drawer.message}` : null;
    return { printed: false, message, copy, skipped: true, status: null };
  }
  if (bytes === null) {
    const drawer = pulse ? await kickDrawer(ctx, settings, { why: 'auto', documentId }) : null;
    const outcome: PrintOutcome = {
      printed: false,
      message: `Чек не напечатан: ${layoutError}${drawer && !drawer.ok ? `. ${drawer.message}` : ''}`,
      copy,
      skipped: false,
      status: null,
    };
    audited(ctx, documentId, outcome, 'document');
    return outcome;
  }
  const { outcome, reached } = await sendJob(ctx, settings, bytes, copy);
  let drawerTrouble: string | null = null;
  // The drawer's entry and the receipt's go in one commit, without an fsync of its own (audited()).
  let drawerEntry: (() => void) | null = null;
  if (pulse && reached) {
    // The pulse is at the head of the receipt: it went even if the paper ran out later. Never twice.
    drawerEntry = () => drawerLogged(ctx, { why: 'auto', documentId, how: 'receipt' }, null);
  } else if (pulse && outcome.status?.condition === 'unreachable') {
    // Same cause as the receipt's: said once, with what to do about the drawer.
    drawerTrouble = 'Ящик не открылся — откройте его ключом';
    const message = `Ящик не открылся: ${outcome.status.message}`;
    drawerEntry = () => drawerLogged(ctx, { why: 'auto', documentId, how: 'receipt' }, message);
  } else if (pulse) {
    // The receipt did not go, but the change must: the real-time pulse works even when offline.
    const drawer = await kickDrawer(ctx, settings, { why: 'auto', documentId, realTime: true });
    if (!drawer.ok) drawerTrouble = drawer.message;
  }
  withoutFsync(ctx.db, () => {
    drawerEntry?.();
    audited(ctx, documentId, outcome, 'document');
  });
  phase('printing');
  return drawerTrouble && outcome.message ? { ...outcome, message: `${outcome.message}. ${drawerTrouble}` } : outcome;
}

/** Right after a document is stored (auto-print, drawer pulse on cash). Never throws. */
export async function printNewDocument(ctx: Ctx, documentId: number): Promise<PrintOutcome> {
  try {
    return await printStored(ctx, documentId, false, true);
  } catch (err) {
    ctx.log(`kassa: чек ${documentId} не напечатан`, err);
    // The original never printed, so it (not a copy) is what the cashier prints again.
    return { printed: false, message: 'Чек сохранён, но не напечатан из-за внутренней ошибки — напечатайте его ещё раз', copy: false, skipped: false, status: null };
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
  keepPreview(ctx, settings, bytes);
  const { outcome } = await sendJob(ctx, settings, bytes, false);
  audited(ctx, null, outcome, 'test');
  return outcome;
}

/**
 * A printout that is not a fiscal document (a stock statement, a report): laid out by the caller
 * for the printer's columns (`printerColumns`), sent like a receipt, shown in the preview, audited.
 */
export async function printRows(ctx: Ctx, layout: (columns: number) => readonly ReceiptRow[], what: string): Promise<PrintOutcome> {
  const settings = getSetting(ctx, 'printer');
  if (settings.connection.kind === 'none') throw new KassaError('DEVICE_ERROR', 'Принтер чеков не настроен');
  const rows = layout(settings.columns).map((r) => (r.kind === 'text' ? { ...r, text: printable(r.text, settings.codepage) } : r));
  const bytes = await receiptBytes(rows, jobOptions(settings));
  keepPreview(ctx, settings, bytes);
  const { outcome } = await sendJob(ctx, settings, bytes, false);
  audited(ctx, null, outcome, what);
  return outcome;
}

type DrawerEvent = { readonly why: 'auto' | 'manual'; readonly documentId: number | null; readonly how?: 'receipt' | 'pulse' | 'real-time' };

/** Every opening of the drawer, and every failure to open it, is in the audit log — apart. */
function drawerLogged(ctx: Ctx, event: DrawerEvent, failure: string | null): void {
  ctx.db.transaction(() =>
    audit(ctx, failure === null ? 'drawer.opened' : 'drawer.failed', {
      why: event.why,
      how: event.how ?? 'pulse',
      documentId: event.documentId,
      ...(failure === null ? {} : { message: failure }),
    }),
  )();
}

/** Sends the drawer pulse alone and logs what came of it. Never throws. */
async function kickDrawer(
  ctx: Ctx,
  settings: PrinterSettings,
  event: { why: 'auto' | 'manual'; documentId: number | null; realTime?: boolean },
): Promise<{ ok: true } | { ok: false; message: string }> {
  const how = event.realTime ? 'real-time' : 'pulse';
  const t = transport(ctx, settings);
  if (!t) {
    const message = 'Ящик не открылся: принтер чеков не настроен, ящик открывается его импульсом';
    drawerLogged(ctx, { ...event, how }, message);
    return { ok: false, message };
  }
  const pulse = drawerPulse(settings);
  let bytes: Buffer;
  if (event.realTime) bytes = realTimePulseBytes(pulse);
  else {
    try {
      bytes = pulseOnlyBytes(jobOptions(settings), pulse);
    } catch {
      bytes = Buffer.concat([Buffer.from([0x1b, 0x40]), drawerPulseBytes(pulse)]); // no code table needed to kick a drawer
    }
  }
  try {
    await serialized(ctx, () => t.send(bytes));
  } catch (err) {
    const message = `Ящик не открылся: ${err instanceof Error ? err.message : String(err)}`;
    drawerLogged(ctx, { ...event, how }, message);
    return { ok: false, message };
  }
  drawerLogged(ctx, { ...event, how }, null);
  return { ok: true };
}

/** Who may open the drawer without a sale: the admin; a cashier when the admin allowed it. */
export function drawerAccess(ctx: Ctx): { allowed: boolean; reason: string | null } {
  const settings = getSetting(ctx, 'printer');
  if (settings.connection.kind === 'none') return { allowed: false, reason: 'Принтер чеков не настроен: ящик открывается его импульсом' };
  if (currentUser(ctx)?.role !== 'admin' && !settings.drawer.cashierMayOpen)
    return { allowed: false, reason: 'Администратор не разрешил кассиру открывать ящик без продажи' };
  return { allowed: true, reason: null };
}

/** "Open the drawer" on demand: the admin always; a cashier only when the admin allowed it. */
export async function openDrawer(ctx: Ctx): Promise<null> {
  const settings = getSetting(ctx, 'printer');
  const user = currentUser(ctx);
  if (user?.role !== 'admin' && !settings.drawer.cashierMayOpen) {
    ctx.db.transaction(() => audit(ctx, 'drawer.refused', {}))();
    throw new KassaError('FORBIDDEN', 'Открыть ящик без продажи может администратор (или кассир, если администратор разрешил)');
  }
  if (settings.connection.kind === 'none') throw new KassaError('DEVICE_ERROR', 'Принтер чеков не настроен: ящик открывается его импульсом');
  const kicked = await kickDrawer(ctx, settings, { why: 'manual', documentId: null });
  if (!kicked.ok) throw new KassaError('DEVICE_ERROR', kicked.message);
  return null;
}

/**
 * The training preview: the last job this till made — the document just printed (or not) —
 * decoded to text and PNG as the emulator would print it, whatever printer it went to.
 */
export function printerPreview(ctx: Ctx): PrinterPreview | null {
  const job = ctx.printer.preview;
  if (!job) return null;
  const decoded = decodeEscPos(job.bytes, job.printer);
  return { jobId: job.id, receivedAt: job.at, text: decoded.text, png: `data:image/png;base64,${paperPng(decoded, job.printer.paper).toString('base64')}` };
}
