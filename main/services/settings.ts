/** Till settings: typed, with defaults from resources/default-settings.json, stored as JSON values. */
import { z } from 'zod';
import defaults from '../../resources/default-settings.json' with { type: 'json' };
import type { ReceiptRequisites } from '../domain/receipt.js';
import { DisplaySettings, PrinterSettings, ScaleSettings, ScannerSettings, StockSettings, StorageTargetSettings } from '../../preload/contract/index.js';
import { ExportSchedule } from '../../preload/contract/maintenance.js';
import { ZExportSettings } from '../../preload/contract/exports.js';
import {
  AccountingMode,
  AmountLimits,
  UpdateSettings,
  AnnulmentRules,
  DiscountLimits,
  LoginSecurity,
  OplatiSettings,
  PaymentTerminalSettings,
  Requisites,
  VatRate,
  WeightBarcodeTemplate,
  WorkflowSettings,
} from '../../preload/contract/index.js';
import receiptTemplate from '../../resources/receipt-templates/default.json' with { type: 'json' };
import type { Ctx } from './context.js';
import { plainHttpRefusal } from '../fiscal/protocol.js';
import { lazy } from '../../common/lazy.js';

const SkoSettings = lazy(() =>
  z.object({
    // Plain HTTP only on loopback: the device code and the tokens must not cross the network in the clear.
    url: z
      .string()
      .url()
      .nullable()
      .superRefine((url, c) => {
        const refusal = url === null ? null : plainHttpRefusal(url);
        if (refusal) c.addIssue({ code: 'custom', message: refusal });
      }),
    /** Issued with the contract; binds this till to the operator. Training: made up per installation. */
    deviceCode: z.string().max(200),
    /** Extra CA certificate (PEM file) for the operator's https URL. */
    caFile: z.string().nullable(),
    /** The operator's public keys (PEM, Ed25519): answers signed by any other key are refused. */
    publicKeys: z.array(z.string()),
    /** Deadline of one request to the СКО. */
    timeoutMs: z.number().int().min(100).max(120_000),
  }),
);

/**
 * Each setting's schema, built when that setting is first read or written: a start reads a dozen of
 * them, and building all (every device's settings) took a part of each start.
 */
const SETTINGS = {
  trainingMode: z.boolean(),
  /** The СКО PIN has been accepted on this till (the PIN itself is not kept here). */
  skoUnlocked: z.boolean().default(false),
  maxShiftHours: z.number().int().min(1).max(72),
  requisites: Requisites,
  sections: lazy(() => z.array(z.object({ code: z.number().int().min(0).max(255), name: z.string(), vatRate: VatRate }))),
  // Devices (HARDWARE.md), one key each. A fresh till weighs on the simulated scale of training
  // mode (ARCHITECTURE «Embedded default»); there is no display and no serial scanner until set.
  scale: lazy(() => ScaleSettings.default({ profile: 'simulated', path: '', baudRate: 9600, pollMs: 200, timeoutMs: 1_000, password: '0030' })),
  scanner: lazy(() => ScannerSettings.default({ profile: 'none', path: '', baudRate: 9600, suffix: 'cr-lf' })),
  display: lazy(() => DisplaySettings.default({ profile: 'none', path: '', baudRate: 9600, encoding: 'cp866', codeTable: '', columns: 20, customerWindow: false })),
  // A fresh till prints to the built-in emulator (the on-screen preview): Epson, CP866, 80 mm.
  printer: lazy(() =>
    PrinterSettings.default({
      connection: { kind: 'emulator' },
      profile: 'epson',
      codepage: 'cp866',
      codeTable: null,
      paper: 80,
      columns: 42,
      cut: 'full',
      qrModuleSize: 6,
      autoPrint: true,
      drawer: { onCash: true, pin: 2, pulseMs: 50, cashierMayOpen: false },
      template: { header: receiptTemplate.header, footer: receiptTemplate.footer, logo: receiptTemplate.logo },
    }),
  ),
  // Offline policy (DOMAIN.md «Shift rules»): new sales stop at either limit; Z waits for an empty queue.
  maxQueuedDocuments: z.number().int().min(1).max(100_000).default(500),
  maxUnsentAgeHours: z.number().int().min(1).max(720).default(24),
  /** How long a Z press waits for the queue to empty while the СКО answers, before it is refused. */
  zWaitSeconds: z.number().int().min(0).max(600).default(15),
  /** The operator's СКО. No URL in training mode = the built-in emulator on loopback. */
  sko: lazy(() => SkoSettings.default({ url: null, deviceCode: '', caFile: null, publicKeys: [], timeoutMs: 10_000 })),
  // The cashier's work: every rule DOMAIN.md marks «configurable», with its default.
  accountingMode: lazy(() => AccountingMode.default('itemized')),
  weightBarcode: lazy(() =>
    WeightBarcodeTemplate.default({
      prefixes: ['20', '21', '22', '23', '24', '25', '26', '27', '28', '29'],
      itemDigits: 5,
      valueDigits: 5,
      value: 'weight',
    }),
  ),
  currencies: lazy(() => WorkflowSettings.shape.currencies.default(['BYN', 'USD', 'EUR', 'RUB'])),
  annulment: lazy(() => AnnulmentRules.default({ kinds: ['sale', 'return'], scope: 'lastDocument', sameDay: true, maxMinutes: 0 })),
  paymentTerminal: lazy(() => PaymentTerminalSettings.default({ kind: 'none', mode: 'approve', timeoutMs: 60_000, delayMs: 0, host: '', port: 0 })),
  // ОПЛАТИ: none until the admin enters the gateway (training uses the built-in emulator).
  oplati: lazy(() => OplatiSettings.default({ kind: 'none', url: '', cashRegisterId: '', pollMs: 1_000, timeoutSeconds: 180 })),
  discounts: lazy(() => DiscountLimits.default({ maxLinePercent: 5_000, maxCheckPercent: 5_000, allowMarkup: true, cardPercent: 500 })),
  zRequiresEmptyDrawer: z.boolean().default(true),
  repeatScanAddsQuantity: z.boolean().default(true),
  /** Where files go and come from (folder, FTP, WebDAV); their passwords are kept apart (main/storage/secrets.ts). */
  storageTargets: lazy(() => z.array(StorageTargetSettings).default([])),
  /** Below this much free room on the data folder's disk the status warns (MB). */
  diskWarnMb: z.number().int().min(0).max(1_000_000).default(500),
  // Who may log in: a lock after wrong passwords, the admin's longer password, idle logout.
  /** After `maxFailures` wrong passwords in a row the account locks for `lockMinutes` (0: until an admin unlocks it). */
  loginLock: lazy(() => LoginSecurity.shape.loginLock.default({ maxFailures: 10, lockMinutes: 30 })),
  /** The admin's password opens every setting: longer than a cashier's 4-character PIN. */
  adminPasswordMinLength: lazy(() => LoginSecurity.shape.adminPasswordMinLength.default(6)),
  /** Minutes without a call after which the session ends (0: never). */
  idleLogoutMinutes: lazy(() => LoginSecurity.shape.idleLogoutMinutes.default({ cashier: 0, admin: 10 })),
  // 500.00 BYN is the largest banknote: more change than that is a typo.
  amountLimits: lazy(() => AmountLimits.default({ maxChange: 50_000, confirmCheckTotal: 500_000, confirmPieces: 100_000, confirmKg: 50_000 })),
  // Issue 10 #6, #7: refunds stay on the original forms; a line is deleted with a confirmation only.
  returnToCash: z.boolean().default(false),
  stornoNeedsAdmin: z.boolean().default(false),
  /** Stock (учёт остатков): off by default; what a sale below zero does (main/services/stock/). */
  stock: lazy(() => StockSettings.default({ enabled: false, negative: 'allow' })),
  /** Going live (services/golive.ts): the working СКО last used, offered again after a return to training. */
  lastWorkingSko: lazy(() => z.object({ url: z.string(), deviceCode: z.string() }).nullable().default(null)),
  /** Program updates (electron-updater, Electron app only): off by default, store PCs are often offline. */
  updates: lazy(() => UpdateSettings.default({ enabled: false, channel: 'stable' })),
  /** The first-run wizard was finished or skipped (services/first-run.ts). */
  firstRunDone: z.boolean().default(false),
  /** The scheduled database export (issue 13) and when diagnostics call the last one too old. */
  exportSchedule: lazy(() => ExportSchedule.default({ targetId: null, daily: false, at: '21:00', afterZ: false, keepLast: 7, warnAfterDays: 7 })),
  /** Reports written to a target after each Z (issue 12), in the background (services/exports/). */
  zExport: lazy(() => ZExportSettings.default({ enabled: false, targetId: null, reports: ['goods', 'payments'], format: 'xlsx' })),
};

export type Settings = { [K in keyof typeof SETTINGS]: z.output<(typeof SETTINGS)[K]> };

/** A setting on a fresh till: resources/default-settings.json, or else its schema's default. */
export function defaultSetting<K extends keyof Settings>(key: K): Settings[K] {
  return SETTINGS[key].parse((defaults as Partial<Record<keyof Settings, unknown>>)[key]) as Settings[K];
}

export function getSetting<K extends keyof Settings>(ctx: Pick<Ctx, 'db'>, key: K): Settings[K] {
  const row = ctx.db.value<string>('SELECT value FROM settings WHERE key = ?', key);
  if (row === undefined) return defaultSetting(key);
  return SETTINGS[key].parse(JSON.parse(row)) as Settings[K];
}

export function setSetting<K extends keyof Settings>(ctx: Pick<Ctx, 'db'>, key: K, value: Settings[K]): void {
  const checked = SETTINGS[key].parse(value);
  ctx.db.run('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', key, JSON.stringify(checked));
}

export function requisites(ctx: Ctx): ReceiptRequisites {
  return getSetting(ctx, 'requisites');
}
