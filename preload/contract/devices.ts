/**
 * Devices: scale, serial scanner, customer display, receipt printer, the customer window.
 */
import { z } from 'zod';
import { ADMIN, BOTH, command, Empty, query } from './method.js';
import { Kopecks, PrinterStatus, PrintOutcome, Unit } from './shapes.js';
import { PayQr } from './terminal.js';
import { lazy } from '../../common/lazy.js';

export const BAUD_RATES = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200] as const;

const BaudRate = lazy(() =>
  z
    .number()
    .int()
    .refine((n) => (BAUD_RATES as readonly number[]).includes(n), 'Скорость порта — одна из 1200…115200'),
);

/** A serial port: COM3, /dev/ttyUSB0, /dev/serial/by-id/…; empty while the device is off. */
const PortPath = lazy(() =>
  z
    .string()
    .trim()
    .max(200, 'Путь к порту длиннее 200 символов')
    .regex(/^[^\0\r\n]*$/, 'Недопустимый путь к порту'),
);

export const ScaleProfile = z.enum(['none', 'simulated', 'massa-k', 'cas', 'cas-stream', 'shtrih-pos2', 'mt-sics']);
export type ScaleProfile = z.infer<typeof ScaleProfile>;

export const ScaleSettings = lazy(() =>
  z
    .object({
      profile: ScaleProfile,
      path: PortPath,
      baudRate: BaudRate,
      /** Pause between weight requests. */
      pollMs: z.number().int().min(50, 'Опрос весов — не чаще 50 мс').max(5_000, 'Опрос весов — не реже 5 с'),
      /** How long to wait for an answer before "no answer". */
      timeoutMs: z.number().int().min(100, 'Ожидание ответа — от 100 мс').max(10_000, 'Ожидание ответа — до 10 с'),
      /** Штрих-М POS2 password. */
      password: z.string().regex(/^\d{4}$/, 'Пароль весов — 4 цифры'),
    })
    .strict()
    .refine((s) => s.profile === 'none' || s.profile === 'simulated' || s.path !== '', { message: 'Укажите порт весов', path: ['path'] }),
);
export type ScaleSettings = z.infer<typeof ScaleSettings>;

export const ScannerSettings = lazy(() =>
  z
    .object({
      profile: z.enum(['none', 'serial']),
      path: PortPath,
      baudRate: BaudRate,
      /** `cr-lf`: each code ends with CR and/or LF; `none`: a pause ends it. */
      suffix: z.enum(['cr-lf', 'none']),
    })
    .strict()
    .refine((s) => s.profile === 'none' || s.path !== '', { message: 'Укажите порт сканера', path: ['path'] }),
);
export type ScannerSettings = z.infer<typeof ScannerSettings>;

export const DisplaySettings = lazy(() =>
  z
    .object({
      profile: z.enum(['none', 'cd5220', 'epson']),
      path: PortPath,
      baudRate: BaudRate,
      encoding: z.enum(['cp866', 'win1251']),
      /** Bytes that select the Cyrillic code table, as hex ("1B 74 11"); empty = none. */
      codeTable: z
        .string()
        .trim()
        .max(60)
        .regex(/^((0x)?[0-9a-fA-F]{2}([\s,]+|$))*$/, 'Байты кодовой таблицы — шестнадцатеричные пары, например 1B 74 11'),
      columns: z.number().int().min(16).max(40),
      /** Show the check in a customer-facing window (second monitor) as well. */
      customerWindow: z.boolean(),
    })
    .strict()
    .refine((s) => s.profile === 'none' || s.path !== '', { message: 'Укажите порт дисплея покупателя', path: ['path'] }),
);
export type DisplaySettings = z.infer<typeof DisplaySettings>;

export const PrinterProfileId = z.enum(['epson', 'xprinter', 'bixolon', 'posiflex', 'rongta', 'citizen', 'custom']);
export type PrinterProfileId = z.infer<typeof PrinterProfileId>;

/** The `ESC t` number of each Cyrillic table per vendor (HARDWARE.md); null = unknown, give one. */
export const PRINTER_PRESETS: Readonly<Record<PrinterProfileId, { readonly name: string; readonly cp866: number | null; readonly wpc1251: number | null }>> = {
  epson: { name: 'Epson (TM-T20, TM-T88, TM-m30)', cp866: 17, wpc1251: 46 },
  xprinter: { name: 'XPrinter, POS-58 / POS-80 и совместимые', cp866: 17, wpc1251: 23 },
  bixolon: { name: 'Bixolon', cp866: 17, wpc1251: 28 },
  posiflex: { name: 'Posiflex', cp866: 17, wpc1251: 28 },
  rongta: { name: 'Rongta', cp866: 7, wpc1251: 6 },
  citizen: { name: 'Citizen', cp866: 7, wpc1251: null },
  custom: { name: 'Другой (номер таблицы вручную)', cp866: null, wpc1251: null },
};

/** Where the receipt printer is: the built-in emulator (on-screen preview) or a real connection. */
export const PrinterConnection = lazy(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('emulator') }).strict(),
    z
      .object({
        kind: z.literal('tcp'),
        host: z
          .string()
          .trim()
          .min(1, 'Укажите адрес принтера')
          .max(253)
          .regex(/^[\p{L}\p{N}.:\-[\]]+$/u, 'Адрес принтера — имя или IP-адрес'),
        port: z.number().int().min(1, 'Порт — от 1 до 65535').max(65535, 'Порт — от 1 до 65535'),
      })
      .strict(),
    /** Linux USB printer class device; N may change between boots. */
    z
      .object({
        kind: z.literal('usb-lp'),
        path: z
          .string()
          .trim()
          .regex(/^\/[^\0\r\n]{1,200}$/, 'Устройство принтера — путь вида /dev/usb/lp0'),
      })
      .strict(),
    z.object({ kind: z.literal('serial'), path: PortPath.min(1, 'Укажите порт принтера'), baudRate: BaudRate }).strict(),
    /** A printer of the Windows spooler, sent RAW (its status cannot be read). */
    z
      .object({
        kind: z.literal('windows'),
        printerName: z
          .string()
          .trim()
          .min(1, 'Укажите имя принтера Windows')
          .max(200)
          .regex(/^[^\0\r\n]*$/, 'Недопустимое имя принтера'),
      })
      .strict(),
    /** Receipts appended to a file (no printer). */
    z
      .object({
        kind: z.literal('file'),
        path: z
          .string()
          .trim()
          .min(1, 'Укажите файл')
          .max(500)
          .regex(/^[^\0\r\n]*$/, 'Недопустимый путь к файлу'),
      })
      .strict(),
    z.object({ kind: z.literal('none') }).strict(),
  ]),
);
export type PrinterConnection = z.infer<typeof PrinterConnection>;

const TemplateLine = z.string().max(64, 'Строка шаблона — до 64 символов');

/** The shop's editable receipt lines and an optional logo. */
export const ReceiptTemplateSettings = lazy(() =>
  z
    .object({
      header: z.array(TemplateLine).max(8, 'Не больше 8 строк заголовка'),
      footer: z.array(TemplateLine).max(8, 'Не больше 8 строк подвала'),
      /** PNG as base64 (no "data:" prefix), at most the paper's width in dots; null = none. */
      logo: z
        .string()
        .max(300_000, 'Логотип больше 200 КБ')
        .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'Логотип — PNG в base64')
        .nullable(),
    })
    .strict(),
);
export type ReceiptTemplateSettings = z.infer<typeof ReceiptTemplateSettings>;

export const PrinterSettings = lazy(() =>
  z
    .object({
      connection: PrinterConnection,
      profile: PrinterProfileId,
      codepage: z.enum(['cp866', 'wpc1251']),
      /** `ESC t n` to send; null = the profile's number. */
      codeTable: z.number().int().min(0, 'Номер таблицы — от 0 до 255').max(255, 'Номер таблицы — от 0 до 255').nullable(),
      paper: z.union([z.literal(58), z.literal(80)]),
      /** Characters per line in font A: 32 on 58 mm; 42 or 48 on 80 mm. */
      columns: z.number().int(),
      cut: z.enum(['full', 'partial', 'none']),
      /** QR module size in dots. */
      qrModuleSize: z.number().int().min(2, 'Размер точки QR — от 2 до 16').max(16, 'Размер точки QR — от 2 до 16'),
      /** Print each document as it is made (off: only on request). */
      autoPrint: z.boolean(),
      drawer: z
        .object({
          /** Open the drawer on a sale paid (partly) in cash. */
          onCash: z.boolean(),
          pin: z.union([z.literal(2), z.literal(5)]),
          pulseMs: z.number().int().min(10, 'Импульс — от 10 до 500 мс').max(500, 'Импульс — от 10 до 500 мс'),
          /** The admin lets cashiers open the drawer on demand. */
          cashierMayOpen: z.boolean(),
        })
        .strict(),
      template: ReceiptTemplateSettings,
    })
    .strict()
    .refine((s) => s.codeTable !== null || PRINTER_PRESETS[s.profile][s.codepage] !== null, {
      message: 'Для этого принтера и кодировки укажите номер кодовой таблицы (ESC t)',
      path: ['codeTable'],
    })
    .refine((s) => (s.paper === 58 ? s.columns === 32 : s.columns === 42 || s.columns === 48), {
      message: 'Символов в строке: 32 на ленте 58 мм, 42 или 48 на ленте 80 мм',
      path: ['columns'],
    }),
);
export type PrinterSettings = z.infer<typeof PrinterSettings>;

/** The last job of the built-in printer emulator: the training-mode receipt preview. */
export const PrinterPreview = lazy(() =>
  z.object({
    jobId: z.number().int(),
    receivedAt: z.string(),
    text: z.array(z.string()),
    /** data:image/png;base64,… of the paper at the printer's dots. */
    png: z.string(),
  }),
);
export type PrinterPreview = z.infer<typeof PrinterPreview>;

/** Every device's settings; each device is saved on its own. */
export const DeviceSettings = lazy(() => z.object({ scale: ScaleSettings, scanner: ScannerSettings, display: DisplaySettings, printer: PrinterSettings }));
export type DeviceSettings = z.infer<typeof DeviceSettings>;

export const WeightState = z.enum(['stable', 'unstable', 'negative', 'overload', 'underload', 'no-answer', 'error', 'disconnected', 'off']);

/** A weight as the scale gives it; only `stable` goes into a check. */
export const WeightReading = lazy(() =>
  z.object({
    state: WeightState,
    grams: z.number().int().nullable(),
    stable: z.boolean(),
    message: z.string().optional(),
  }),
);
export type WeightReading = z.infer<typeof WeightReading>;

export const DeviceKind = z.enum(['scale', 'scanner', 'display', 'printer']);

export const DeviceStatus = lazy(() =>
  z.object({
    device: DeviceKind,
    profile: z.string(),
    path: z.string(),
    /** off: not configured; connecting; ok; error: the cashier must act (message says how). */
    state: z.enum(['off', 'connecting', 'ok', 'error']),
    message: z.string().nullable(),
    /** When the state last changed. */
    since: z.string(),
  }),
);
export type DeviceStatus = z.infer<typeof DeviceStatus>;

export const CustomerView = lazy(() =>
  z.object({
    lines: z.array(z.object({ name: z.string(), quantity: z.number().int(), unit: Unit, amount: Kopecks })),
    total: Kopecks,
    /** Set once the check is paid. */
    change: Kopecks.nullable(),
    /** ОПЛАТИ: the QR the customer scans with the app, while the till waits for the payment. */
    payQr: PayQr.nullable().optional(),
  }),
);
export type CustomerView = z.infer<typeof CustomerView>;

export const devicesMethods = {
  'devices.listPorts': query(
    Empty,
    lazy(() => z.array(z.object({ path: z.string(), manufacturer: z.string().nullable(), label: z.string() }))),
    {
      kind: 'user',
      roles: ADMIN,
      shift: 'any',
    },
  ),
  'devices.getSettings': query(Empty, DeviceSettings, { kind: 'user', roles: ADMIN, shift: 'any' }),
  'devices.saveSettings': command(
    lazy(() =>
      z
        .object({ scale: ScaleSettings.optional(), scanner: ScannerSettings.optional(), display: DisplaySettings.optional(), printer: PrinterSettings.optional() })
        .strict()
        .refine((s) => Object.values(s).some((v) => v !== undefined), 'Нет настроек для сохранения'),
    ),
    DeviceSettings,
    { kind: 'user', roles: ADMIN, shift: 'any' },
  ),
  'devices.diagnostics': query(
    Empty,
    lazy(() => z.array(DeviceStatus)),
    { kind: 'user', roles: BOTH, shift: 'any' },
  ),
  /** The weight now: waits for the scale's next answer (at most poll + timeout). */
  'scale.read': query(Empty, WeightReading, { kind: 'user', roles: BOTH, shift: 'any' }),
  /** Training mode only: put goods of this weight on the simulated scale (0 = take them off). */
  'scale.simulate': command(
    lazy(() => z.object({ grams: z.number().int().min(-5_000, 'Не меньше −5 кг').max(100_000, 'Не больше 100 кг') }).strict()),
    z.null(),
    {
      kind: 'user',
      roles: BOTH,
      shift: 'any',
    },
  ),
  'display.test': command(
    Empty,
    lazy(() => z.object({ upper: z.string(), lower: z.string() })),
    { kind: 'user', roles: ADMIN, shift: 'any' },
  ),
  /** The receipt printer's state now (paper, cover, connection), where the connection can tell. */
  'printer.status': query(Empty, PrinterStatus, { kind: 'user', roles: BOTH, shift: 'any' }),
  /** A test page: profile, code table number, the Cyrillic alphabet, a width ruler, a QR code. */
  'printer.testPrint': command(Empty, PrintOutcome, { kind: 'user', roles: BOTH, shift: 'any' }),
  /** Opens the cash drawer with the printer's pulse: the admin, or a cashier if the admin allows it; logged. */
  'printer.openDrawer': command(Empty, z.null(), { kind: 'user', roles: BOTH, shift: 'any' }),
  /** Whether «Открыть ящик» works for the user now (the admin's setting, a printer to pulse); the reason if not. */
  'printer.drawerAccess': query(
    Empty,
    lazy(() => z.object({ allowed: z.boolean(), reason: z.string().nullable() })),
    { kind: 'user', roles: BOTH, shift: 'any' },
  ),
  /** The last receipt the built-in printer emulator printed, as text and PNG (training preview). */
  'printer.preview': query(
    Empty,
    lazy(() => PrinterPreview.nullable()),
    { kind: 'user', roles: BOTH, shift: 'any' },
  ),
} as const;

export const devicesEvents = {
  /** The scale's weight, whenever it changes. */
  'scale.weight': WeightReading,
  /** A device connected, lost its port, or came back. */
  'device.status': DeviceStatus,
  /** A code read by the serial scanner (GS 0x1D kept). */
  'scanner.code': lazy(() => z.object({ code: z.string(), kind: z.enum(['ean13', 'ean8', 'upca', 'datamatrix', 'qr', 'code128', 'other']) })),
  /** The open check as the customer-facing window shows it. */
  'customer.check': CustomerView,
} as const;
