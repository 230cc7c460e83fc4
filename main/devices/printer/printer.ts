/** The till's receipt printer as its settings describe it: transport, job options, status. */
import type { PrinterSettings } from '../../../preload/contract/index.js';
import type { ReceiptRow } from '../../domain/receipt.js';
import type { PortOpener } from '../serial/port.js';
import type { EmulatedPrinter } from './emulator/decoder.js';
import type { DrawerPulse, JobOptions } from './escpos.js';
import { codeTableNumber, PRINTER_PROFILES } from './profiles.js';
import { parseStatus, state, STATUS_REPLY_LENGTH, STATUS_REQUEST, type PrinterState } from './status.js';
import { DeviceFileTransport } from './transports/device-file.js';
import { SerialTransport } from './transports/serial.js';
import { TcpTransport } from './transports/tcp.js';
import { PrinterError, type PrinterTransport } from './transports/transport.js';
import { WindowsQueueTransport, type Spawn } from './transports/windows.js';

export type TransportDeps = {
  /** Where the built-in emulator listens (it may still be starting). */
  readonly emulator?: () => Promise<{ host: string; port: number }>;
  readonly opener?: PortOpener;
  readonly spawn?: Spawn;
  readonly powershell?: string;
};

/** The transport for the settings; null when no printer is set up. */
export function transportFor(settings: PrinterSettings, deps: TransportDeps = {}): PrinterTransport | null {
  const c = settings.connection;
  switch (c.kind) {
    case 'none':
      return null;
    case 'tcp':
      return new TcpTransport({ host: c.host, port: c.port });
    case 'usb-lp':
      return new DeviceFileTransport({ path: c.path });
    case 'file':
      return new DeviceFileTransport({ path: c.path, plainFile: true });
    case 'serial':
      return new SerialTransport({ path: c.path, baudRate: c.baudRate, ...(deps.opener ? { opener: deps.opener } : {}) });
    case 'windows':
      return new WindowsQueueTransport({
        printerName: c.printerName,
        ...(deps.spawn ? { spawn: deps.spawn } : {}),
        ...(deps.powershell ? { command: deps.powershell } : {}),
      });
    case 'emulator':
      return emulatorTransport(deps.emulator);
  }
}

function emulatorTransport(address: TransportDeps['emulator']): PrinterTransport {
  const tcp = async () => {
    if (!address) throw new PrinterError('Встроенный эмулятор принтера не запущен');
    const a = await address();
    return new TcpTransport({ host: a.host, port: a.port });
  };
  const each: PrinterTransport = {
    description: 'встроенный эмулятор (экранный чек)',
    send: async (bytes) => (await tcp()).send(bytes),
    exchange: async (request, expect, timeoutMs) => (await tcp()).exchange(request, expect, timeoutMs),
  };
  return {
    ...each,
    // Not listening: each call fails as it would alone (the cashier reads why).
    session: async (use) => {
      const t = await tcp().catch(() => null);
      return t ? t.session((link) => use({ ...link, description: each.description })) : use(each);
    },
  };
}

/** What the emulator must emulate for these settings. */
export function emulatedPrinter(settings: PrinterSettings): EmulatedPrinter {
  const number = codeTableNumber(settings.profile, settings.codepage, settings.codeTable);
  return {
    profile: settings.profile,
    paper: settings.paper,
    ...(settings.codeTable !== null && number !== null ? { custom: { codepage: settings.codepage, number } } : {}),
  };
}

export function drawerPulse(settings: PrinterSettings): DrawerPulse {
  // Off time: ten times the on time, as the vendors' own drivers do (50 ms on → 500 ms off).
  return { pin: settings.drawer.pin, onMs: settings.drawer.pulseMs, offMs: Math.min(510, settings.drawer.pulseMs * 10) };
}

export function jobOptions(settings: PrinterSettings, extras: { drawer?: boolean; logo?: Buffer | null } = {}): JobOptions {
  const codeTable = codeTableNumber(settings.profile, settings.codepage, settings.codeTable);
  if (codeTable === null) throw new PrinterError('Не задан номер кодовой таблицы принтера (ESC t) — укажите его в настройках');
  return {
    codepage: settings.codepage,
    codeTable,
    columns: settings.columns,
    cut: settings.cut,
    qrModuleSize: settings.qrModuleSize,
    drawer: extras.drawer ? drawerPulse(settings) : null,
    logo: extras.logo ?? null,
  };
}

/** Asks the printer how it is, where the connection allows; never throws. */
export async function readStatus(transport: PrinterTransport | null, timeoutMs = 1_000): Promise<PrinterState> {
  if (!transport) return state('off');
  if (!transport.exchange) return state('unknown');
  try {
    const reply = await transport.exchange(STATUS_REQUEST, STATUS_REPLY_LENGTH, timeoutMs);
    return parseStatus(reply);
  } catch (err) {
    return state('unreachable', err instanceof Error ? err.message : String(err));
  }
}

/** The rows of a test page: enough for the admin to see the profile and the width are right. */
export function testPageRows(settings: PrinterSettings, when: string): ReceiptRow[] {
  const w = settings.columns;
  const number = codeTableNumber(settings.profile, settings.codepage, settings.codeTable);
  const text = (t: string, style: 'normal' | 'bold' | 'title' = 'normal'): ReceiptRow => ({ kind: 'text', text: t.slice(0, w), style });
  const ruler = Array.from({ length: w }, (_, i) => String((i + 1) % 10)).join('');
  return [
    text('ПРОВЕРКА ПРИНТЕРА', 'title'),
    text(when),
    text(`Профиль: ${PRINTER_PROFILES[settings.profile].name}`.slice(0, w)),
    text(`Таблица: ${settings.codepage.toUpperCase()}, ESC t ${number}`),
    text(`Лента ${settings.paper} мм, ${w} символов:`),
    text(ruler),
    text('АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ'.slice(0, w)),
    text('абвгдеёжзийклмнопрстуфхцчшщъыьэюя'.slice(0, w)),
    text('Ўў й ё 0123456789 ИТОГО 14.52', 'bold'),
    { kind: 'qr', data: 'https://sko.training.local/check?id=TEST' },
  ];
}
