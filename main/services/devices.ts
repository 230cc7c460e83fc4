/**
 * Devices of the till — scale, serial scanner, customer pole display — started from the settings,
 * restarted when the admin saves new ones, stopped with the core. Their news reaches the screens
 * as events: `scale.weight`, `scanner.code`, `device.status`, `customer.check`.
 */
import { createHash } from 'node:crypto';
import { DeviceSettings, type CustomerView, type DisplaySettings, type DeviceStatus, type WeightReading } from '../../preload/contract/index.js';
import { parseHexBytes } from '../devices/display/commands.js';
import { PoleDisplay } from '../devices/display/display.js';
import { poleText } from '../devices/display/layout.js';
import { SCALE_PROTOCOLS } from '../devices/scale/protocols.js';
import { sameReading, WEIGHT_MESSAGES } from '../devices/scale/reading.js';
import { ScaleManager } from '../devices/scale/scale.js';
import { SimulatedScale } from '../devices/scale/simulated-scale.js';
import { SerialScanner } from '../devices/scanner/scanner.js';
import { SerialLink, type LinkStatus } from '../devices/serial/link.js';
import { listSystemPorts, type PortOpener } from '../devices/serial/port.js';
import { KassaError } from '../domain/errors.js';
import { audit } from './audit.js';
import type { DeviceDeps, Devices, RegisteredDevice } from './context.js';
import { getSetting, setSetting, type Settings } from './settings.js';

type Kind = DeviceStatus['device'];
/** The devices this service runs itself; others (the receipt printer) plug in with `register`. */
type OwnKind = 'scale' | 'scanner' | 'display';
const OWN_KINDS: readonly OwnKind[] = ['scale', 'scanner', 'display'];

export type DevicesOptions = {
  /** How ports are opened; tests pass SerialPortMock's. */
  readonly opener?: PortOpener;
  /** How long goods swing on the simulated scale before it settles. */
  readonly simulatedSettleMs?: number;
};

const OFF_READING: WeightReading = { state: 'off', grams: null, stable: false, message: WEIGHT_MESSAGES.off };
const SIMULATED_ONLY_IN_TRAINING = 'Учебные весы работают только в учебном режиме — выберите весы в настройках устройств';

/** A device that runs: how to stop it. */
type Running = { stop(): Promise<void> };

/** The devices of one till, built by core; nothing opens a port until `start`. */
export function createDevices(ctx: DeviceDeps, options: DevicesOptions = {}): Devices {
  const log = ctx.log;
  const statuses = new Map<Kind, DeviceStatus>();
  const devices = new Map<OwnKind, Running>();
  const others = new Map<Kind, RegisteredDevice>();
  let scale: ScaleManager | null = null;
  let simulated: SimulatedScale | null = null;
  let pole: { display: PoleDisplay; link: SerialLink; columns: number; encoding: DisplaySettings['encoding'] } | null = null;
  let lastWeight: WeightReading | null = null;
  let view: CustomerView = { lines: [], total: 0, change: null };

  function setStatus(device: Kind, state: DeviceStatus['state'], message: string | null, profile: string, path: string): void {
    const prev = statuses.get(device);
    if (prev && prev.state === state && prev.message === message && prev.profile === profile && prev.path === path) return;
    const status: DeviceStatus = { device, profile, path, state, message, since: ctx.clock().toISOString() };
    statuses.set(device, status);
    ctx.emit('device.status', status);
  }

  function linkState(s: LinkStatus): DeviceStatus['state'] {
    if (s.state === 'open') return 'ok';
    if (s.state === 'lost') return 'error';
    if (s.state === 'opening') return 'connecting';
    return 'off';
  }

  function announce(reading: WeightReading): void {
    if (sameReading(lastWeight, reading)) return;
    lastWeight = reading;
    ctx.emit('scale.weight', reading);
  }

  function weighed(reading: WeightReading, profile: string, path: string): void {
    announce(reading);
    // The scale is "in trouble" when it cannot give any weight at all; unstable or overload is
    // the goods, not the device.
    const trouble = reading.state === 'no-answer' || reading.state === 'error' || reading.state === 'disconnected';
    setStatus('scale', trouble ? 'error' : 'ok', trouble ? (reading.message ?? null) : null, profile, path);
  }

  function startScale(): void {
    const s = getSetting(ctx, 'scale');
    if (s.profile === 'none') {
      setStatus('scale', 'off', null, s.profile, '');
      announce(OFF_READING);
      return;
    }
    if (s.profile === 'simulated') {
      if (!getSetting(ctx, 'trainingMode')) {
        setStatus('scale', 'error', SIMULATED_ONLY_IN_TRAINING, s.profile, '');
        announce({ ...OFF_READING, message: SIMULATED_ONLY_IN_TRAINING });
        return;
      }
      const sim = new SimulatedScale(options.simulatedSettleMs === undefined ? {} : { settleMs: options.simulatedSettleMs });
      simulated = sim;
      const manager = new ScaleManager(sim, {
        protocol: SCALE_PROTOCOLS['massa-k'],
        pollMs: s.pollMs,
        timeoutMs: s.timeoutMs,
        onReading: (r) => weighed(r, s.profile, ''),
      });
      scale = manager;
      setStatus('scale', 'connecting', null, s.profile, '');
      manager.start();
      devices.set('scale', {
        async stop() {
          await manager.stop();
          sim.close();
        },
      });
      return;
    }
    const link = new SerialLink({ path: s.path, baudRate: s.baudRate, log, ...(options.opener ? { opener: options.opener } : {}) });
    const manager = new ScaleManager(link, {
      protocol: SCALE_PROTOCOLS[s.profile],
      pollMs: s.pollMs,
      timeoutMs: s.timeoutMs,
      password: s.password,
      onReading: (r) => weighed(r, s.profile, s.path),
    });
    scale = manager;
    link.onStatus((ls) => {
      if (ls.state !== 'open') setStatus('scale', linkState(ls), ls.message ?? null, s.profile, s.path);
    });
    setStatus('scale', 'connecting', null, s.profile, s.path);
    manager.start();
    link.start();
    devices.set('scale', {
      async stop() {
        await manager.stop();
        await link.stop();
      },
    });
  }

  function startScanner(): void {
    const s = getSetting(ctx, 'scanner');
    if (s.profile === 'none') {
      setStatus('scanner', 'off', null, s.profile, '');
      return;
    }
    const link = new SerialLink({ path: s.path, baudRate: s.baudRate, log, ...(options.opener ? { opener: options.opener } : {}) });
    const scanner = new SerialScanner(link, s.suffix, (c) => ctx.emit('scanner.code', { code: c.code, kind: c.kind }));
    link.onStatus((ls) => setStatus('scanner', linkState(ls), ls.message ?? null, s.profile, s.path));
    setStatus('scanner', 'connecting', null, s.profile, s.path);
    scanner.start();
    link.start();
    devices.set('scanner', {
      async stop() {
        scanner.stop();
        await link.stop();
      },
    });
  }

  function startDisplay(): void {
    const s = getSetting(ctx, 'display');
    if (s.profile === 'none') {
      setStatus('display', 'off', null, s.profile, '');
      ctx.emit('customer.check', view);
      return;
    }
    const link = new SerialLink({ path: s.path, baudRate: s.baudRate, log, ...(options.opener ? { opener: options.opener } : {}) });
    const display = new PoleDisplay(link, { commandSet: s.profile, encoding: s.encoding, columns: s.columns, codeTable: parseHexBytes(s.codeTable) }, (message) =>
      setStatus('display', 'error', `Дисплей покупателя: ${message}`, s.profile, s.path),
    );
    const text = poleText(view, s.columns, s.encoding);
    void display.show(text.upper, text.lower);
    link.onStatus((ls) => setStatus('display', linkState(ls), ls.message ?? null, s.profile, s.path));
    setStatus('display', 'connecting', null, s.profile, s.path);
    pole = { display, link, columns: s.columns, encoding: s.encoding };
    // The customer window (and the Electron shell, which opens or closes it) hears the new settings.
    ctx.emit('customer.check', view);
    display.start();
    link.start();
    devices.set('display', {
      async stop() {
        display.stop();
        await link.stop();
      },
    });
  }

  const starters: Readonly<Record<OwnKind, () => void>> = { scale: startScale, scanner: startScanner, display: startDisplay };

  async function stopOne(kind: OwnKind): Promise<void> {
    const d = devices.get(kind);
    devices.delete(kind);
    if (kind === 'scale') {
      scale = null;
      simulated = null;
    }
    if (kind === 'display') pole = null;
    await d?.stop();
  }

  function startOne(kind: OwnKind): void {
    try {
      starters[kind]();
    } catch (err) {
      log(`kassa: ${kind} не запустился`, err);
      setStatus(kind, 'error', err instanceof Error ? err.message : String(err), '', '');
    }
  }

  const api: Devices = {
    start() {
      for (const kind of OWN_KINDS) startOne(kind);
    },
    async stop() {
      await Promise.all([...devices.keys()].map(stopOne));
      await Promise.all([...others.values()].map((d) => d.stop?.() ?? Promise.resolve()));
    },
    async restart(kind) {
      const other = others.get(kind);
      if (other) return other.restart();
      if (!OWN_KINDS.includes(kind as OwnKind)) return;
      await stopOne(kind as OwnKind);
      startOne(kind as OwnKind);
    },
    register(kind, device) {
      others.set(kind, device);
    },
    async readWeight() {
      const s = getSetting(ctx, 'scale');
      if (!scale) return lastWeight ?? OFF_READING;
      return scale.next(s.pollMs + s.timeoutMs + 300);
    },
    simulate(grams) {
      if (!simulated) {
        const why = getSetting(ctx, 'scale').profile === 'simulated' ? SIMULATED_ONLY_IN_TRAINING : 'Подключены настоящие весы, учебные выключены';
        throw new KassaError('DEVICE_ERROR', why);
      }
      simulated.put(grams);
    },
    async diagnostics() {
      const own = OWN_KINDS.map(
        (k) => statuses.get(k) ?? { device: k, profile: 'none', path: '', state: 'off' as const, message: null, since: ctx.clock().toISOString() },
      );
      return [...own, ...(await Promise.all([...others.values()].map((d) => Promise.resolve(d.status()))))];
    },
    async testDisplay() {
      const s = getSetting(ctx, 'display');
      if (!pole || s.profile === 'none') throw new KassaError('DEVICE_ERROR', 'Дисплей покупателя не настроен');
      const ls = pole.link.status();
      if (ls.state !== 'open') throw new KassaError('DEVICE_ERROR', ls.message ?? `Порт ${s.path} ещё не открыт`);
      const upper = 'Проверка дисплея';
      const lower = 'АБВГДЕЁЖ ЎІ 0123.45';
      await pole.display.show(upper, lower);
      if (pole.link.status().state !== 'open') throw new KassaError('DEVICE_ERROR', pole.link.status().message ?? 'Дисплей отключился');
      return { upper, lower };
    },
    checkChanged(next) {
      view = next;
      ctx.emit('customer.check', next);
      if (pole) {
        const text = poleText(next, pole.columns, pole.encoding);
        void pole.display.show(text.upper, text.lower);
      }
    },
    async listPorts() {
      try {
        return await listSystemPorts();
      } catch (err) {
        throw new KassaError('DEVICE_ERROR', `Список портов недоступен: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
    settings() {
      // Every key of the contract's device settings is a settings key of its own.
      const keys = Object.keys(DeviceSettings.shape) as (keyof DeviceSettings & keyof Settings)[];
      return Object.fromEntries(keys.map((k) => [k, getSetting(ctx, k)])) as DeviceSettings;
    },
    async save(patch) {
      const changed = (Object.keys(patch) as Kind[]).filter((k) => patch[k] !== undefined);
      ctx.db.transaction(() => {
        for (const kind of changed) setSetting(ctx, kind, patch[kind] as never);
        audit(ctx, 'devices.saved', auditedPatch(patch));
      })();
      for (const kind of changed) await api.restart(kind);
      return api.settings();
    },
  };
  return api;
}

/**
 * What the audit log keeps of a settings save: everything but the logo's bytes (up to 300 KB of
 * base64), which it names by size and SHA-256 instead.
 */
export function auditedPatch(patch: Partial<DeviceSettings>): Record<string, unknown> {
  const logo = patch.printer?.template.logo;
  if (!patch.printer || logo === null || logo === undefined) return { ...patch };
  const bytes = Buffer.from(logo, 'base64');
  const summary = { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  return { ...patch, printer: { ...patch.printer, template: { ...patch.printer.template, logo: summary } } };
}
