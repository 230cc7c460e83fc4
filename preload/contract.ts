/**
 * The narrow API between the renderer and main: every method, its input and output schema,
 * and who may call it. Imports only zod, so main, preload and the renderer all share it.
 * Adding a method = one entry here + one handler in main/api/handlers + its tests.
 */
import { z } from 'zod';

// ─── Shared shapes ────────────────────────────────────────────────────────────

export const Role = z.enum(['admin', 'cashier']);
export type Role = z.infer<typeof Role>;

/** Integer kopecks. No floating point ever touches money. */
export const Kopecks = z.number().int().safe();
/** Quantity in thousandths (1 шт = 1000, 1.234 кг = 1234). */
export const Milli = z.number().int().positive().max(1_000_000_000);

/** VAT rate in hundredths of a percent (20 % = 2000); null = «без НДС». */
export const VatRate = z.union([z.literal(2000), z.literal(1000), z.literal(0), z.literal(2500), z.null()]);
export type VatRate = z.infer<typeof VatRate>;

export const Unit = z.enum(['шт', 'кг']);
export type Unit = z.infer<typeof Unit>;

export const PaymentForm = z.enum(['cash', 'card', 'gift', 'oplati', 'noncash', 'advance']);
export type PaymentForm = z.infer<typeof PaymentForm>;

export const DocumentKind = z.enum(['shift_open', 'sale', 'return', 'annulment', 'cash_in', 'cash_out', 'x_report', 'z_report']);
export type DocumentKind = z.infer<typeof DocumentKind>;

/** Cash in / cash out currencies; which of them the till takes is a setting (BYN always). */
export const Currency = z.enum(['BYN', 'USD', 'EUR', 'RUB']);
export type Currency = z.infer<typeof Currency>;

/** Дифференцированный учёт (goods from the catalogue) or суммовой учёт (an amount on a section). */
export const AccountingMode = z.enum(['itemized', 'sum']);
export type AccountingMode = z.infer<typeof AccountingMode>;

/**
 * A discount or a markup: `percent` in hundredths of a percent (10 % = 1000), or `sum` in
 * kopecks. Percent of what it applies to, rounded half away from zero.
 */
export const Adjustment = z
  .object({
    kind: z.enum(['discount', 'markup']),
    by: z.enum(['percent', 'sum']),
    value: z
      .number()
      .int('Скидка — целое число (проценты в сотых, сумма в копейках)')
      .positive('Скидка должна быть больше нуля')
      .max(1_000_000_000, 'Скидка слишком велика'),
  })
  .strict()
  .refine((a) => a.by !== 'percent' || a.value <= 10_000, { message: 'Процент скидки — не больше 100', path: ['value'] });
export type Adjustment = z.infer<typeof Adjustment>;

export const User = z.object({
  id: z.number().int(),
  login: z.string(),
  name: z.string(),
  cashierId: z.string(),
  role: Role,
  mustChangePassword: z.boolean(),
});
export type User = z.infer<typeof User>;

export const Shift = z.object({
  id: z.number().int(),
  number: z.number().int(),
  openedAt: z.string(),
  openedBy: z.string(),
  closedAt: z.string().nullable(),
  /** The shift has run past the maximum length: sales are refused until Z. */
  tooLong: z.boolean(),
});
export type Shift = z.infer<typeof Shift>;

export const CatalogueItem = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  barcodes: z.array(z.string()),
  price: Kopecks,
  vatRate: VatRate,
  unit: Unit,
  section: z.number().int(),
  /** Goods of the «Электронный знак» system: each sale needs the DataMatrix code. */
  marked: z.boolean(),
});
export type CatalogueItem = z.infer<typeof CatalogueItem>;

export const CheckLine = z.object({
  id: z.number().int(),
  /** null for an amount on a section (sum mode). */
  itemId: z.number().int().nullable(),
  name: z.string(),
  barcode: z.string().nullable(),
  quantity: Milli,
  unit: Unit,
  price: Kopecks,
  /** price × quantity, before any discount. */
  baseAmount: Kopecks,
  /** What the line's own discount takes off (negative: a markup adds). */
  lineDiscount: Kopecks,
  /** This line's share of the check discount (negative: of a check markup). */
  checkDiscount: Kopecks,
  /** What the customer pays for the line: baseAmount − lineDiscount − checkDiscount, never negative. */
  amount: Kopecks,
  vatRate: VatRate,
  section: z.number().int(),
  /** The line's discount or markup as the cashier set it. */
  adjustment: Adjustment.nullable(),
  /** The DataMatrix code of a marked item (GS separators as \u001d). */
  markCode: z.string().nullable(),
});
export type CheckLine = z.infer<typeof CheckLine>;

/** The open (not yet paid) check. It lives in the database, so a crash loses no line. */
export const OpenCheck = z.object({
  lines: z.array(CheckLine),
  /** Sum of the lines after their own discounts, before the check discount. */
  subtotal: Kopecks,
  /** The check discount or markup as set, with the discount card it came from. */
  checkAdjustment: Adjustment.nullable(),
  discountCard: z.string().nullable(),
  /** Kopecks the check discount takes off in all (negative: a markup). */
  checkDiscount: Kopecks,
  /** To pay: the sum of the lines' amounts. */
  total: Kopecks,
  vat: z.array(z.object({ vatRate: VatRate, vat: Kopecks })),
  /** Checks put aside with `sale.park`. */
  parkedCount: z.number().int(),
});
export type OpenCheck = z.infer<typeof OpenCheck>;

export const Payment = z.object({ form: PaymentForm, amount: Kopecks.positive() });

export const FiscalStatus = z.object({
  skoDocId: z.string(),
  acceptedAt: z.string(),
  verifyUrl: z.string(),
  /** The operator's signature of its answer (base64), checked by the till before it was stored. */
  signature: z.string(),
});

/** A document named the way the shop names it: shift and number. */
export const DocumentRef = z.object({
  id: z.number().int(),
  kind: DocumentKind,
  shiftNumber: z.number().int(),
  numberInShift: z.number().int(),
});
export type DocumentRef = z.infer<typeof DocumentRef>;

export const FiscalDocument = z.object({
  id: z.number().int(),
  kind: DocumentKind,
  shiftNumber: z.number().int(),
  numberInShift: z.number().int(),
  createdAt: z.string(),
  cashier: z.string(),
  total: Kopecks,
  /** null while the document waits in the outbox for the СКО. */
  fiscal: FiscalStatus.nullable(),
  /** The receipt as it prints, one string per line. */
  receipt: z.array(z.string()),
  /** Cash in / cash out currency (BYN for every other kind). */
  currency: Currency,
  /** The document a return or an annulment refers to. */
  refersTo: DocumentRef.nullable(),
  /** The annulment that cancelled this document, if any. */
  annulledBy: DocumentRef.nullable(),
  /** Return without a check, annulment: why (as the cashier typed it). */
  reason: z.string().nullable(),
});
export type FiscalDocument = z.infer<typeof FiscalDocument>;

/** A row of the list of checks. */
export const DocumentSummary = DocumentRef.extend({
  createdAt: z.string(),
  cashier: z.string(),
  total: Kopecks,
  currency: Currency,
  /** Accepted by the СКО (false while it waits in the outbox). */
  fiscalized: z.boolean(),
  annulled: z.boolean(),
  refersTo: DocumentRef.nullable(),
});
export type DocumentSummary = z.infer<typeof DocumentSummary>;

export const DocumentLine = z.object({
  lineNo: z.number().int(),
  itemId: z.number().int().nullable(),
  name: z.string(),
  barcode: z.string().nullable(),
  quantity: Milli,
  unit: Unit,
  price: Kopecks,
  /** Discounts of the line and its share of the check discount (negative: a markup). */
  discount: Kopecks,
  amount: Kopecks,
  vatRate: VatRate,
  vat: Kopecks,
  section: z.number().int(),
  markCode: z.string().nullable(),
  /** Sales: quantity and amount already returned by returns that stand (not annulled). */
  returnedQuantity: z.number().int(),
  returnedAmount: Kopecks,
  /** Return lines: the sale line they return. */
  originLineNo: z.number().int().nullable(),
});
export type DocumentLine = z.infer<typeof DocumentLine>;

export const DocumentPayment = z.object({ form: PaymentForm, amount: Kopecks });

/** A document with everything stored about it: the check detail and the return screen use it. */
export const DocumentDetail = FiscalDocument.extend({
  lines: z.array(DocumentLine),
  payments: z.array(DocumentPayment),
  change: Kopecks,
  discountCard: z.string().nullable(),
  /** Sales: what returns that stand have taken back, in all and per payment form. */
  returnedTotal: Kopecks,
  refunded: z.array(DocumentPayment),
  /** Returns of this sale that stand. */
  returns: z.array(DocumentRef),
});
export type DocumentDetail = z.infer<typeof DocumentDetail>;

/**
 * Report figures. «Sales» and «returns» count the documents that stand: an annulled sale or
 * return is in `annulled` instead, so `net` = sales − returns of what stands.
 */
export const ShiftReport = z.object({
  kind: z.enum(['x_report', 'z_report']),
  document: FiscalDocument,
  shiftNumber: z.number().int(),
  openedAt: z.string(),
  /** Sales that stand (not annulled). */
  salesCount: z.number().int(),
  salesTotal: Kopecks,
  returnsCount: z.number().int(),
  returnsTotal: Kopecks,
  /** salesTotal − returnsTotal. */
  netTotal: Kopecks,
  /** Every stored document of the shift by kind, before this report: count and sum of totals. */
  /** Per kind and currency: cash in / out in USD is never added to BYN. */
  byKind: z.array(z.object({ kind: DocumentKind, currency: Currency, count: z.number().int(), total: Kopecks })),
  /** Annulled documents by the kind they had. */
  annulled: z.array(z.object({ kind: DocumentKind, count: z.number().int(), total: Kopecks })),
  /** Per payment form: taken by sales, paid back by returns; `amount` = sales − returns (cash net of change). */
  byPaymentForm: z.array(z.object({ form: PaymentForm, sales: Kopecks, returns: Kopecks, amount: Kopecks })),
  /** Per VAT rate: turnover and VAT of sales, of returns, and net (`amount`, `vat`). */
  byVatRate: z.array(
    z.object({ vatRate: VatRate, sales: Kopecks, salesVat: Kopecks, returns: Kopecks, returnsVat: Kopecks, amount: Kopecks, vat: Kopecks }),
  ),
  bySection: z.array(z.object({ section: z.number().int(), name: z.string(), sales: Kopecks, returns: Kopecks, amount: Kopecks })),
  /** Cash in and cash out documents that stand, per currency. */
  cashIn: z.array(z.object({ currency: Currency, count: z.number().int(), amount: Kopecks })),
  cashOut: z.array(z.object({ currency: Currency, count: z.number().int(), amount: Kopecks })),
  /** BYN in the drawer: cash of sales − cash of returns + cash in − cash out. */
  cashInDrawer: Kopecks,
  drawer: z.array(z.object({ currency: Currency, amount: Kopecks })),
  /** Documents of the shift before this report: how many, first and last numbers. */
  documentsCount: z.number().int(),
  firstDocument: z.number().int().nullable(),
  lastDocument: z.number().int().nullable(),
});
export type ShiftReport = z.infer<typeof ShiftReport>;

export const AppStatus = z.object({
  /** The СКО PIN has been entered on this till. */
  setupDone: z.boolean(),
  trainingMode: z.boolean(),
  user: User.nullable(),
  shift: Shift.nullable(),
  fiscalQueue: z.number().int(),
  /** When the oldest document still waiting for the СКО was made; null when none waits. */
  fiscalOldestAt: z.string().nullable(),
  /** Documents the СКО refused: they wait for a person («СКО» → «Отправить снова»). */
  fiscalRejected: z.number().int(),
  /** The СКО session was taken by another login or the СКО says the till is locked: enter the PIN again. */
  fiscalNeedsPin: z.boolean(),
});
export type AppStatus = z.infer<typeof AppStatus>;

// ─── СКО: diagnostics and requisites ──────────────────────────────────────────

export const SkoTokenState = z.enum(['none', 'valid', 'expired', 'replaced', 'invalid']);

/** The СКО queue as the status bar shows it (event `fiscal.queue`). */
export const FiscalQueue = z.object({
  /** «не передано оператору: N» (refused ones included: they are not at the operator either). */
  pending: z.number().int(),
  oldestAt: z.string().nullable(),
  /** Whole minutes the oldest has waited, by the till's clock. */
  oldestAgeMinutes: z.number().int().nullable(),
  /** Refused by the СКО: they wait for a person. */
  rejected: z.number().int(),
  /** Waiting documents held by a refused one ahead (a Z or a shift opening needs every earlier one accepted). */
  blocked: z.number().int(),
  needsPin: z.boolean(),
});
export type FiscalQueue = z.infer<typeof FiscalQueue>;

/** A document the СКО refused, with its reason. */
export const RefusedDocument = DocumentRef.extend({
  createdAt: z.string(),
  total: Kopecks,
  code: z.string(),
  message: z.string(),
  refusedAt: z.string(),
  attempts: z.number().int(),
});
export type RefusedDocument = z.infer<typeof RefusedDocument>;

/** The offline policy and the Z wait (DOMAIN.md «Shift rules»): every limit a setting. */
export const FiscalSettings = z.object({
  maxQueuedDocuments: z.number().int('Целое число документов').min(1, 'Не меньше 1 документа').max(100_000, 'Не больше 100 000 документов'),
  maxUnsentAgeHours: z.number().int('Целое число часов').min(1, 'Не меньше 1 ч').max(720, 'Не больше 720 ч'),
  zWaitSeconds: z.number().int('Целое число секунд').min(0, 'Не меньше 0 с').max(600, 'Не больше 600 с'),
});
export type FiscalSettings = z.infer<typeof FiscalSettings>;

/** What the till knows of one document at the СКО (check detail). */
export const DocumentFiscalInfo = z.object({
  documentId: z.number().int(),
  /** `none`: a document of a version before the outbox (nothing to send). */
  state: z.enum(['delivered', 'waiting', 'refused', 'none']),
  skoDocId: z.string().nullable(),
  acceptedAt: z.string().nullable(),
  verifyUrl: z.string().nullable(),
  keyId: z.string().nullable(),
  /** The operator's signature checked again now, against the request the till sent and the keys it trusts. */
  signature: z.object({ verified: z.boolean(), problem: z.string().nullable() }).nullable(),
  refusal: z.object({ code: z.string(), message: z.string(), at: z.string() }).nullable(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
});
export type DocumentFiscalInfo = z.infer<typeof DocumentFiscalInfo>;

/** «Сверить с СКО»: the СКО's copy of a document against the till's own. */
export const SkoComparison = z.object({
  documentId: z.number().int(),
  matches: z.boolean(),
  /** Each field that differs, in the admin's words; empty when they match. */
  differences: z.array(z.string()),
  skoDocId: z.string().nullable(),
  acceptedAt: z.string().nullable(),
  checkedAt: z.string(),
});
export type SkoComparison = z.infer<typeof SkoComparison>;

/** What the СКО diagnostics panel shows: the failing part is the one to paint red. */
export const FiscalDiagnostics = z.object({
  training: z.boolean(),
  /** The СКО URL, or the built-in emulator of training mode. */
  endpoint: z.string(),
  /** A round trip to the СКО succeeded just now (any answer from it counts). */
  reachable: z.boolean(),
  latencyMs: z.number().int().nullable(),
  checkedAt: z.string(),
  /** Why the round trip failed, if it did. */
  probeError: z.string().nullable(),
  token: z.object({ state: SkoTokenState, expiresAt: z.string().nullable() }),
  queue: z.object({
    /** «не передано оператору: N» */
    pending: z.number().int(),
    oldestAt: z.string().nullable(),
    oldestAgeMinutes: z.number().int().nullable(),
    /** Refused by the СКО: they wait for a person, and block Z. */
    rejected: z.number().int(),
    /** Waiting documents held by a refused one ahead of them. */
    blocked: z.number().int(),
    inFlight: z.number().int(),
  }),
  /** The refused documents, oldest first, with the СКО's reason. */
  refused: z.array(RefusedDocument),
  /** The PIN must be entered again (session replaced by another login, or the till locked at the СКО). */
  needsPin: z.boolean(),
  limits: FiscalSettings,
  /** Why new sales are refused now (offline limits); null while they are allowed. */
  salesBlocked: z.string().nullable(),
  lastError: z.object({ at: z.string(), code: z.string(), message: z.string() }).nullable(),
  lastDeliveredAt: z.string().nullable(),
  /** The whole queue waits until then (unreachable, or the СКО asked to slow down). */
  holdUntil: z.string().nullable(),
});
export type FiscalDiagnostics = z.infer<typeof FiscalDiagnostics>;

export const Requisites = z.object({
  organization: z.string(),
  unp: z.string(),
  tradeObject: z.string(),
  address: z.string(),
  registrationNumber: z.string(),
});
export type Requisites = z.infer<typeof Requisites>;

// ─── Errors ───────────────────────────────────────────────────────────────────

/** The closed list of error codes. Messages that go with them are Russian, for the cashier. */
export const ErrorCode = z.enum([
  'VALIDATION',
  'SETUP_REQUIRED',
  'UNAUTHENTICATED',
  'WRONG_PASSWORD',
  'TOO_MANY_ATTEMPTS',
  'PASSWORD_CHANGE_REQUIRED',
  'FORBIDDEN',
  /** The payment terminal (bank or ОПЛАТИ) declined: the check stays open and unpaid. */
  'PAYMENT_DECLINED',
  'SHIFT_CLOSED',
  'SHIFT_OPEN',
  'SHIFT_TOO_LONG',
  'NOT_FOUND',
  'CONFLICT',
  'FISCAL_UNAVAILABLE',
  'DEVICE_ERROR',
  'INTERNAL',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ApiError = z.object({
  code: ErrorCode,
  message: z.string(),
  details: z.unknown().optional(),
});
export type ApiError = z.infer<typeof ApiError>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

// ─── Access ───────────────────────────────────────────────────────────────────

/**
 * Who may call a method. `public` methods run before anyone logs in. For the others the router
 * checks, in this order: logged in, password changed (unless `duringPasswordChange`), role,
 * shift state; `sale` methods are also refused when the shift has run too long.
 */
export type Access =
  | { readonly kind: 'public'; readonly beforeSetup?: boolean }
  | {
      readonly kind: 'user';
      readonly roles: readonly Role[];
      readonly shift: 'any' | 'open' | 'closed';
      readonly sale?: boolean;
      readonly duringPasswordChange?: boolean;
    };

const BOTH: readonly Role[] = ['admin', 'cashier'];
const CASHIER: readonly Role[] = ['cashier'];
const ADMIN: readonly Role[] = ['admin'];

// ─── Input shapes with Russian messages ───────────────────────────────────────

const Login = z.string().trim().min(1, 'Введите логин').max(64, 'Логин длиннее 64 символов');
const Password = z.string().min(1, 'Введите пароль').max(64, 'Пароль длиннее 64 символов');
const Barcode = z.string().trim().regex(/^\d{6,14}$/, 'Штрихкод — от 6 до 14 цифр');

export const NewUser = z.object({
  login: z.string().trim().min(1, 'Введите логин').max(64).regex(/^[\p{L}\p{N}._@-]+$/u, 'Логин: буквы, цифры и . _ @ -'),
  name: z.string().trim().min(1, 'Введите имя').max(100),
  cashierId: z.string().trim().max(64),
  role: Role,
  password: Password,
});

// ─── Devices: scale, serial scanner, customer display ──────────────────────────

export const BAUD_RATES = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200] as const;
const BaudRate = z
  .number()
  .int()
  .refine((n) => (BAUD_RATES as readonly number[]).includes(n), 'Скорость порта — одна из 1200…115200');
/** A serial port: COM3, /dev/ttyUSB0, /dev/serial/by-id/…; empty while the device is off. */
const PortPath = z.string().trim().max(200, 'Путь к порту длиннее 200 символов').regex(/^[^\0\r\n]*$/, 'Недопустимый путь к порту');

export const ScaleProfile = z.enum(['none', 'simulated', 'massa-k', 'cas', 'cas-stream', 'shtrih-pos2', 'mt-sics']);
export type ScaleProfile = z.infer<typeof ScaleProfile>;

export const ScaleSettings = z
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
  .refine((s) => s.profile === 'none' || s.profile === 'simulated' || s.path !== '', { message: 'Укажите порт весов', path: ['path'] });
export type ScaleSettings = z.infer<typeof ScaleSettings>;

export const ScannerSettings = z
  .object({
    profile: z.enum(['none', 'serial']),
    path: PortPath,
    baudRate: BaudRate,
    /** `cr-lf`: each code ends with CR and/or LF; `none`: a pause ends it. */
    suffix: z.enum(['cr-lf', 'none']),
  })
  .strict()
  .refine((s) => s.profile === 'none' || s.path !== '', { message: 'Укажите порт сканера', path: ['path'] });
export type ScannerSettings = z.infer<typeof ScannerSettings>;

export const DisplaySettings = z
  .object({
    profile: z.enum(['none', 'cd5220', 'epson']),
    path: PortPath,
    baudRate: BaudRate,
    encoding: z.enum(['cp866', 'win1251']),
    /** Bytes that select the Cyrillic code table, as hex ("1B 74 11"); empty = none. */
    codeTable: z.string().trim().max(60).regex(/^((0x)?[0-9a-fA-F]{2}([\s,]+|$))*$/, 'Байты кодовой таблицы — шестнадцатеричные пары, например 1B 74 11'),
    columns: z.number().int().min(16).max(40),
    /** Show the check in a customer-facing window (second monitor) as well. */
    customerWindow: z.boolean(),
  })
  .strict()
  .refine((s) => s.profile === 'none' || s.path !== '', { message: 'Укажите порт дисплея покупателя', path: ['path'] });
export type DisplaySettings = z.infer<typeof DisplaySettings>;

// ─── Receipt printer ──────────────────────────────────────────────────────────

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
export const PrinterConnection = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('emulator') }).strict(),
  z
    .object({
      kind: z.literal('tcp'),
      host: z.string().trim().min(1, 'Укажите адрес принтера').max(253).regex(/^[\p{L}\p{N}.:\-[\]]+$/u, 'Адрес принтера — имя или IP-адрес'),
      port: z.number().int().min(1, 'Порт — от 1 до 65535').max(65535, 'Порт — от 1 до 65535'),
    })
    .strict(),
  /** Linux USB printer class device; N may change between boots. */
  z.object({ kind: z.literal('usb-lp'), path: z.string().trim().regex(/^\/[^\0\r\n]{1,200}$/, 'Устройство принтера — путь вида /dev/usb/lp0') }).strict(),
  z.object({ kind: z.literal('serial'), path: PortPath.min(1, 'Укажите порт принтера'), baudRate: BaudRate }).strict(),
  /** A printer of the Windows spooler, sent RAW (its status cannot be read). */
  z.object({ kind: z.literal('windows'), printerName: z.string().trim().min(1, 'Укажите имя принтера Windows').max(200).regex(/^[^\0\r\n]*$/, 'Недопустимое имя принтера') }).strict(),
  /** Receipts appended to a file (no printer). */
  z.object({ kind: z.literal('file'), path: z.string().trim().min(1, 'Укажите файл').max(500).regex(/^[^\0\r\n]*$/, 'Недопустимый путь к файлу') }).strict(),
  z.object({ kind: z.literal('none') }).strict(),
]);
export type PrinterConnection = z.infer<typeof PrinterConnection>;

const TemplateLine = z.string().max(64, 'Строка шаблона — до 64 символов');

/** The shop's editable receipt lines and an optional logo. */
export const ReceiptTemplateSettings = z
  .object({
    header: z.array(TemplateLine).max(8, 'Не больше 8 строк заголовка'),
    footer: z.array(TemplateLine).max(8, 'Не больше 8 строк подвала'),
    /** PNG as base64 (no "data:" prefix), at most the paper's width in dots; null = none. */
    logo: z.string().max(300_000, 'Логотип больше 200 КБ').regex(/^[A-Za-z0-9+/]*={0,2}$/, 'Логотип — PNG в base64').nullable(),
  })
  .strict();
export type ReceiptTemplateSettings = z.infer<typeof ReceiptTemplateSettings>;

export const PrinterSettings = z
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
  });
export type PrinterSettings = z.infer<typeof PrinterSettings>;

export const PrinterCondition = z.enum(['ready', 'paper-near-end', 'paper-out', 'cover-open', 'error', 'offline', 'no-answer', 'unreachable', 'unknown', 'off']);
export const PrinterStatus = z.object({
  condition: PrinterCondition,
  /** For the cashier: what is wrong and what to do. */
  message: z.string(),
  /** A receipt sent now would print. */
  canPrint: z.boolean(),
  /** Where the printer is, as the cashier reads it. */
  connection: z.string(),
  /** The connection lets us ask the printer (TCP, USB, serial); a Windows queue does not. */
  statusReadable: z.boolean(),
  checkedAt: z.string(),
});
export type PrinterStatus = z.infer<typeof PrinterStatus>;

/** What became of a print: the document is stored either way; a failure says why. */
export const PrintOutcome = z.object({
  printed: z.boolean(),
  /** Why not, or a warning (paper near end); null when all went well or printing is off. */
  message: z.string().nullable(),
  copy: z.boolean(),
  /** Auto-print is off: nothing was sent (the drawer may still have opened). */
  skipped: z.boolean(),
  status: PrinterStatus.nullable(),
});
export type PrintOutcome = z.infer<typeof PrintOutcome>;

/** The last job of the built-in printer emulator: the training-mode receipt preview. */
export const PrinterPreview = z.object({
  jobId: z.number().int(),
  receivedAt: z.string(),
  text: z.array(z.string()),
  /** data:image/png;base64,… of the paper at the printer's dots. */
  png: z.string(),
});
export type PrinterPreview = z.infer<typeof PrinterPreview>;

/** Every device's settings; each device is saved on its own. */
export const DeviceSettings = z.object({ scale: ScaleSettings, scanner: ScannerSettings, display: DisplaySettings, printer: PrinterSettings });
export type DeviceSettings = z.infer<typeof DeviceSettings>;

export const WeightState = z.enum(['stable', 'unstable', 'negative', 'overload', 'underload', 'no-answer', 'error', 'disconnected', 'off']);
/** A weight as the scale gives it; only `stable` goes into a check. */
export const WeightReading = z.object({
  state: WeightState,
  grams: z.number().int().nullable(),
  stable: z.boolean(),
  message: z.string().optional(),
});
export type WeightReading = z.infer<typeof WeightReading>;

export const DeviceKind = z.enum(['scale', 'scanner', 'display', 'printer']);
export const DeviceStatus = z.object({
  device: DeviceKind,
  profile: z.string(),
  path: z.string(),
  /** off: not configured; connecting; ok; error: the cashier must act (message says how). */
  state: z.enum(['off', 'connecting', 'ok', 'error']),
  message: z.string().nullable(),
  /** When the state last changed. */
  since: z.string(),
});
export type DeviceStatus = z.infer<typeof DeviceStatus>;

export const CustomerView = z.object({
  lines: z.array(z.object({ name: z.string(), quantity: z.number().int(), unit: Unit, amount: Kopecks })),
  total: Kopecks,
  /** Set once the check is paid. */
  change: Kopecks.nullable(),
});
export type CustomerView = z.infer<typeof CustomerView>;

// ─── Cashier workflow: settings, sections, parked checks, lists ────────────────

/** EAN-13 weight label `PP CCCCC WWWWW K`: prefix, item code, weight (or amount), check digit. */
export const WeightBarcodeTemplate = z
  .object({
    /** Two-digit prefixes of weight labels (20–29 by default). */
    prefixes: z
      .array(z.string().regex(/^2\d$/, 'Префикс весовой этикетки — от 20 до 29'))
      .min(1, 'Укажите хотя бы один префикс')
      .max(10, 'Не больше 10 префиксов')
      .refine((p) => new Set(p).size === p.length, 'Префиксы повторяются'),
    itemDigits: z.number().int().min(3, 'Код товара — от 3 цифр').max(7, 'Код товара — до 7 цифр'),
    valueDigits: z.number().int().min(3, 'Вес — от 3 цифр').max(7, 'Вес — до 7 цифр'),
    /** What the value field holds: the weight in grams, or the line amount in kopecks. */
    value: z.enum(['weight', 'price']),
  })
  .strict()
  .refine((t) => t.itemDigits + t.valueDigits === 10, {
    message: 'Код товара и вес вместе — 10 цифр (2 префикс + 10 + 1 контрольная)',
    path: ['valueDigits'],
    // Said together with a bad prefix too, so the admin fixes both at once.
    when: ({ value }) => Number.isInteger((value as { itemDigits?: unknown }).itemDigits) && Number.isInteger((value as { valueDigits?: unknown }).valueDigits),
  });
export type WeightBarcodeTemplate = z.infer<typeof WeightBarcodeTemplate>;

/** What the СКО protocol lets a till annul: a sale or a return (cash in / out are corrected by the opposite one). */
export const AnnullableKind = z.enum(['sale', 'return']);

/** Which documents may be annulled and until when (DOMAIN: configurable). */
export const AnnulmentRules = z
  .object({
    kinds: z.array(AnnullableKind),
    /**
     * `lastDocument`: only the last document of the open shift (nothing after it);
     * `lastCheck`: the last sale or return of the open shift (a cash in / out or an X after it is fine).
     */
    scope: z.enum(['lastDocument', 'lastCheck']),
    /** Only on the calendar day the document was made. */
    sameDay: z.boolean(),
    /** Only this many minutes after the document; 0 = no limit. */
    maxMinutes: z.number().int('Минуты — целое число').min(0, 'Не меньше 0 минут').max(1440, 'Не больше 1440 минут'),
  })
  .strict();
export type AnnulmentRules = z.infer<typeof AnnulmentRules>;

export const TerminalMode = z.enum(['approve', 'decline', 'timeout']);
export type TerminalMode = z.infer<typeof TerminalMode>;

/** The payment terminal for card and ОПЛАТИ. Only the simulator exists so far. */
export const PaymentTerminalSettings = z
  .object({
    kind: z.literal('simulator'),
    /** What the simulator answers. */
    mode: TerminalMode,
    /** How long the till waits for the terminal before «не ответил». */
    timeoutMs: z.number().int().min(100, 'Ожидание терминала — от 0,1 с').max(180_000, 'Ожидание терминала — до 3 минут'),
    /** Time the simulated customer spends at the terminal. */
    delayMs: z.number().int().min(0, 'Задержка — от 0 с').max(10_000, 'Задержка — до 10 с'),
  })
  .strict();
export type PaymentTerminalSettings = z.infer<typeof PaymentTerminalSettings>;

export const DiscountLimits = z
  .object({
    /** Largest discount on a line and on a check, in hundredths of a percent of its amount. */
    maxLinePercent: z.number().int('Проценты — не больше двух знаков после запятой').min(0, 'Не меньше 0 %').max(10_000, 'Не больше 100 %'),
    maxCheckPercent: z.number().int('Проценты — не больше двух знаков после запятой').min(0, 'Не меньше 0 %').max(10_000, 'Не больше 100 %'),
    allowMarkup: z.boolean(),
    /** The discount a discount card gives, in hundredths of a percent. */
    cardPercent: z.number().int('Проценты — не больше двух знаков после запятой').min(0, 'Не меньше 0 %').max(10_000, 'Не больше 100 %'),
  })
  .strict();
export type DiscountLimits = z.infer<typeof DiscountLimits>;

/** Past this many hours a shift takes no sales until its Z (DOMAIN: 24 h by default). */
export const MaxShiftHours = z.number().int('Часы — целое число').min(1, 'Смена — не короче 1 ч').max(72, 'Смена — не длиннее 72 ч');

/** The till's settings for the cashier's work. */
export const WorkflowSettings = z
  .object({
    accountingMode: AccountingMode,
    weightBarcode: WeightBarcodeTemplate,
    /** Currencies of cash in / cash out; BYN is always one of them. */
    currencies: z.array(Currency).min(1).refine((c) => c.includes('BYN'), 'BYN нельзя убрать из валют'),
    annulment: AnnulmentRules,
    paymentTerminal: PaymentTerminalSettings,
    discounts: DiscountLimits,
    /** Z only with an empty drawer (the operator analogue's rule); «изъять всё и закрыть» empties it. */
    zRequiresEmptyDrawer: z.boolean(),
    maxShiftHours: MaxShiftHours,
  })
  .strict();
export type WorkflowSettings = z.infer<typeof WorkflowSettings>;

export const Section = z.object({ code: z.number().int(), name: z.string(), vatRate: VatRate });
export type Section = z.infer<typeof Section>;

/** A row of the sections directory (admin): hidden sections are not offered for sale. */
export const SectionRecord = Section.extend({
  hidden: z.boolean(),
  /** Documents, goods or an open check refer to it: it can be hidden, not removed. */
  used: z.boolean(),
});
export type SectionRecord = z.infer<typeof SectionRecord>;

/** A section as the admin types it: code 0–255, a name, a VAT rate. */
export const SectionInput = z
  .object({
    code: z.number().int('Код секции — целое число').min(0, 'Код секции — от 0 до 255').max(255, 'Код секции — от 0 до 255'),
    name: z.string().trim().min(1, 'Введите название секции').max(40, 'Название секции — до 40 символов'),
    vatRate: z.union([z.literal(2000), z.literal(1000), z.literal(0), z.literal(2500), z.null()], { error: 'Ставка НДС — 20, 10, 0, 25 % или без НДС' }),
  })
  .strict();

/** The requisites and whether the СКО filled them (then organisation, УНП and registration number are locked). */
export const RequisitesState = z.object({ requisites: Requisites, fromSko: z.boolean() });
export type RequisitesState = z.infer<typeof RequisitesState>;

export const ParkedCheck = z.object({
  id: z.number().int(),
  parkedAt: z.string(),
  note: z.string(),
  lines: z.number().int(),
  total: Kopecks,
});
export type ParkedCheck = z.infer<typeof ParkedCheck>;

export const ShiftSummary = z.object({
  id: z.number().int(),
  number: z.number().int(),
  openedAt: z.string(),
  openedBy: z.string(),
  closedAt: z.string().nullable(),
  documentsCount: z.number().int(),
  salesTotal: Kopecks,
  returnsTotal: Kopecks,
});
export type ShiftSummary = z.infer<typeof ShiftSummary>;

const Id = z.number().int('Неверный номер').positive('Неверный номер');
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Дата — ГГГГ-ММ-ДД');
/** A GS1 DataMatrix as the scanner read it (with or without `]d2`, GS as \u001d). */
const MarkCode = z.string().min(16, 'Код маркировки слишком короткий').max(200, 'Код маркировки слишком длинный');
const CardNumber = z.string().trim().regex(/^\d{4,20}$/, 'Номер дисконтной карты — от 4 до 20 цифр');
const Plu = z.string().trim().regex(/^[0-9A-Za-z-]{1,20}$/, 'Код товара (PLU) — до 20 букв и цифр');
/** How a line's quantity comes: typed (`quantity`), or `weigh: true` — the scale's stable weight now. */
const LineQuantity = {
  quantity: Milli.optional(),
  weigh: z.literal(true).optional(),
  markCode: MarkCode.optional(),
};
const Reason = z.string().trim().min(3, 'Укажите причину (не короче 3 символов)').max(200, 'Причина — не длиннее 200 символов');

export const Refund = z.object({ form: PaymentForm, amount: Kopecks });

// ─── Methods ──────────────────────────────────────────────────────────────────

/** A new document and what became of its printing (auto-print; absent when nothing was tried). */
const DocumentPrinted = z.object({ document: FiscalDocument, print: PrintOutcome.optional() });

/**
 * A query only reads: the renderer caches it and refetches it when an event says its data changed,
 * and calling it leaves the notices on screen. A command changes something (or prints, or talks to
 * a device on the cashier's behalf).
 */
export type MethodType = 'query' | 'command';

function query<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, access: Access) {
  return { type: 'query', input, output, access } as const;
}

function command<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, access: Access) {
  return { type: 'command', input, output, access } as const;
}

const Empty = z.object({}).strict();

export const methods = {
  'app.status': query(Empty, AppStatus, { kind: 'public', beforeSetup: true }),
  'setup.enterPin': command(
    z.object({ pin: z.string().regex(/^\d{4,8}$/, 'PIN — от 4 до 8 цифр') }).strict(),
    z.object({ trainingMode: z.boolean(), message: z.string() }),
    { kind: 'public', beforeSetup: true },
  ),

  'auth.users': query(Empty, z.array(z.object({ login: z.string(), name: z.string(), role: Role })), { kind: 'public' }),
  'auth.login': command(z.object({ login: Login, password: Password }).strict(), User, { kind: 'public' }),
  'auth.logout': command(Empty, z.null(), { kind: 'user', roles: BOTH, shift: 'any', duringPasswordChange: true }),
  'auth.changePassword': command(
    z.object({ oldPassword: Password, newPassword: Password }).strict(),
    User,
    { kind: 'user', roles: BOTH, shift: 'any', duringPasswordChange: true },
  ),

  'users.list': query(Empty, z.array(User), { kind: 'user', roles: ADMIN, shift: 'any' }),
  'users.create': command(NewUser.strict(), User, { kind: 'user', roles: ADMIN, shift: 'any' }),
  'users.resetPassword': command(
    z.object({ login: Login, temporaryPassword: Password }).strict(),
    User,
    { kind: 'user', roles: ADMIN, shift: 'any' },
  ),

  'shift.current': query(Empty, Shift.nullable(), { kind: 'user', roles: BOTH, shift: 'any' }),
  'shift.open': command(Empty, Shift, { kind: 'user', roles: CASHIER, shift: 'closed' }),
  'shift.xReport': command(Empty, ShiftReport.extend({ print: PrintOutcome.optional() }), { kind: 'user', roles: CASHIER, shift: 'open' }),
  /** Z closes the shift; `cashOutAll` first takes every currency out of the drawer (one cash out each). */
  'shift.zReport': command(
    z.object({ cashOutAll: z.boolean().optional() }).strict(),
    ShiftReport.extend({ print: PrintOutcome.optional() }),
    { kind: 'user', roles: CASHIER, shift: 'open' },
  ),
  /** Closed and open shifts, newest first; by opening date and by number. */
  'shifts.list': query(
    z
      .object({
        from: IsoDate.optional(),
        to: IsoDate.optional(),
        number: Id.optional(),
        limit: z.number().int().min(1).max(500).default(50),
        offset: z.number().int().min(0).default(0),
      })
      .strict()
      .refine((f) => f.from === undefined || f.to === undefined || f.from <= f.to, { message: 'Дата «с» позже даты «по»', path: ['to'] }),
    z.object({ items: z.array(ShiftSummary), total: z.number().int() }),
    { kind: 'user', roles: BOTH, shift: 'any' },
  ),

  'catalogue.search': query(
    z.object({ query: z.string().trim().min(1, 'Введите название или код').max(100), limit: z.number().int().min(1).max(100).default(20) }).strict(),
    z.array(CatalogueItem),
    { kind: 'user', roles: BOTH, shift: 'any' },
  ),
  'catalogue.byBarcode': query(z.object({ barcode: Barcode }).strict(), CatalogueItem, { kind: 'user', roles: BOTH, shift: 'any' }),

  'sale.current': query(Empty, OpenCheck, { kind: 'user', roles: CASHIER, shift: 'open' }),
  /**
   * One item into the check: by barcode (a weight label 20–29 carries its weight), by PLU code or by
   * id. Marked goods need `markCode`; weighted goods need `quantity` or `weigh: true` (stable scale weight).
   */
  'sale.addItem': command(
    z.union([
      z.object({ barcode: Barcode, ...LineQuantity }).strict(),
      z.object({ plu: Plu, ...LineQuantity }).strict(),
      z.object({ itemId: z.number().int().positive(), ...LineQuantity }).strict(),
    ], { error: 'Укажите штрихкод, код товара или товар' }),
    OpenCheck,
    { kind: 'user', roles: CASHIER, shift: 'open', sale: true },
  ),
  /**
   * A code as the scanner typed it: the Russian layout is mapped back, a DataMatrix adds the marked
   * item with its code, a weight label its weight, an EAN/UPC is checked; an unknown code adds nothing.
   */
  'sale.scan': command(
    z.object({ code: z.string().min(1, 'Пустой код').max(300, 'Код длиннее 300 символов'), quantity: Milli.optional() }).strict(),
    OpenCheck,
    { kind: 'user', roles: CASHIER, shift: 'open', sale: true },
  ),
  /** Sum mode: an amount (price per unit) on a section. */
  'sale.addSection': command(
    z
      .object({
        section: z.number().int().min(0, 'Секция — от 0 до 255').max(255, 'Секция — от 0 до 255'),
        amount: Kopecks.positive('Сумма должна быть больше нуля').max(100_000_000, 'Сумма слишком велика'),
        quantity: Milli.optional(),
      })
      .strict(),
    OpenCheck,
    { kind: 'user', roles: CASHIER, shift: 'open', sale: true },
  ),
  'sale.setQuantity': command(z.object({ lineId: Id, quantity: Milli }).strict(), OpenCheck, { kind: 'user', roles: CASHIER, shift: 'open' }),
  /** A line's discount or markup; null removes it. */
  'sale.lineDiscount': command(z.object({ lineId: Id, adjustment: Adjustment.nullable() }).strict(), OpenCheck, {
    kind: 'user',
    roles: CASHIER,
    shift: 'open',
  }),
  /**
   * The check's discount or markup, spread over the lines in proportion to their amounts. A card
   * number alone gives the card discount of the settings; `adjustment: null` removes the discount.
   */
  'sale.checkDiscount': command(
    z
      .object({ adjustment: Adjustment.nullable().optional(), card: CardNumber.optional() })
      .strict()
      .refine((d) => d.adjustment !== undefined || d.card !== undefined, 'Укажите скидку или номер дисконтной карты'),
    OpenCheck,
    { kind: 'user', roles: CASHIER, shift: 'open' },
  ),
  /** Puts the open check aside (it keeps its lines and discounts); the new open check is empty. */
  'sale.park': command(z.object({ note: z.string().trim().max(60, 'Пометка — до 60 символов').optional() }).strict(), OpenCheck, {
    kind: 'user',
    roles: CASHIER,
    shift: 'open',
  }),
  'sale.parked': query(Empty, z.array(ParkedCheck), { kind: 'user', roles: CASHIER, shift: 'open' }),
  /** Brings a parked check back; refused while the open check has lines. */
  'sale.resume': command(z.object({ id: Id }).strict(), OpenCheck, { kind: 'user', roles: CASHIER, shift: 'open' }),
  'sale.removeLine': command(z.object({ lineId: z.number().int().positive() }).strict(), OpenCheck, { kind: 'user', roles: CASHIER, shift: 'open' }),
  'sale.cancel': command(Empty, OpenCheck, { kind: 'user', roles: CASHIER, shift: 'open' }),
  /**
   * Pays the open check, forms mixed; only cash gives change. Card and ОПЛАТИ go through the payment
   * terminal first: a decline (PAYMENT_DECLINED) or no answer (DEVICE_ERROR) leaves the check open.
   */
  'sale.pay': command(
    z.object({ payments: z.array(Payment).min(1, 'Укажите оплату').max(10) }).strict(),
    z.object({ document: FiscalDocument, change: Kopecks, print: PrintOutcome }),
    { kind: 'user', roles: CASHIER, shift: 'open', sale: true },
  ),
  /** The sections offered for sale (hidden ones are left out). */
  'sections.list': query(Empty, z.array(Section), { kind: 'user', roles: BOTH, shift: 'any' }),
  /** The sections directory (admin): every section, hidden ones too, and whether anything refers to it. */
  'sections.directory': query(Empty, z.array(SectionRecord), { kind: 'user', roles: ADMIN, shift: 'any' }),
  /** A new section; refused when the code is taken. */
  'sections.add': command(SectionInput, SectionRecord, { kind: 'user', roles: ADMIN, shift: 'any' }),
  /** Renames a section, sets its VAT rate, hides or shows it; sales already made keep their rate. */
  'sections.update': command(SectionInput.extend({ hidden: z.boolean() }).strict(), SectionRecord, { kind: 'user', roles: ADMIN, shift: 'any' }),
  /** Removes a section nothing refers to; one that documents or goods use can only be hidden. */
  'sections.remove': command(z.object({ code: SectionInput.shape.code }).strict(), z.null(), { kind: 'user', roles: ADMIN, shift: 'any' }),

  /** Sales to return from: by shift and number, by date, or by the check's QR / verify URL / СКО id. */
  'returns.findOriginal': query(
    z.union(
      [
        z.object({ shiftNumber: Id, numberInShift: Id }).strict(),
        z.object({ date: IsoDate }).strict(),
        z.object({ qr: z.string().trim().min(4, 'Отсканируйте QR-код чека').max(500) }).strict(),
      ],
      { error: 'Укажите смену и номер чека, дату или QR-код' },
    ),
    z.array(DocumentDetail),
    { kind: 'user', roles: CASHIER, shift: 'open' },
  ),
  /** Return by the original check: the lines and quantities given, or everything not yet returned. */
  'returns.byCheck': command(
    z
      .object({
        documentId: Id,
        lines: z.array(z.object({ lineNo: Id, quantity: Milli }).strict()).min(1, 'Выберите товары для возврата').max(500).optional(),
      })
      .strict(),
    z.object({ document: FiscalDocument, refunds: z.array(Refund), print: PrintOutcome.optional() }),
    { kind: 'user', roles: CASHIER, shift: 'open', sale: true },
  ),
  /**
   * Return without itemization (`documentId` given: refunded to its payment forms, within what is left
   * of it) or without a check (a reason is required; refunded in `form`, cash by default).
   */
  'returns.free': command(
    z
      .object({
        amount: Kopecks.positive('Сумма возврата должна быть больше нуля').max(100_000_000, 'Сумма слишком велика'),
        documentId: Id.optional(),
        section: z.number().int().min(0).max(255).optional(),
        form: PaymentForm.optional(),
        reason: Reason.optional(),
      })
      .strict()
      .refine((r) => r.documentId !== undefined || r.reason !== undefined, { message: 'Возврат без чека: укажите причину', path: ['reason'] }),
    z.object({ document: FiscalDocument, refunds: z.array(Refund), print: PrintOutcome.optional() }),
    { kind: 'user', roles: CASHIER, shift: 'open', sale: true },
  ),
  /** Annuls an erroneous document within the limits of the settings (default: the last one of the shift, same day). */
  'documents.annul': command(z.object({ documentId: Id, reason: Reason.optional() }).strict(), DocumentPrinted, {
    kind: 'user',
    roles: CASHIER,
    shift: 'open',
    sale: true,
  }),
  'cash.in': command(
    z.object({ amount: Kopecks.positive('Сумма должна быть больше нуля').max(100_000_000, 'Сумма слишком велика'), currency: Currency.default('BYN') }).strict(),
    DocumentPrinted,
    { kind: 'user', roles: CASHIER, shift: 'open', sale: true },
  ),
  /** Allowed past the maximum shift length too: the drawer must be emptied before Z. */
  'cash.out': command(
    z.object({ amount: Kopecks.positive('Сумма должна быть больше нуля').max(100_000_000, 'Сумма слишком велика'), currency: Currency.default('BYN') }).strict(),
    DocumentPrinted,
    { kind: 'user', roles: CASHIER, shift: 'open' },
  ),
  /** What the drawer holds now, per currency. */
  'cash.balance': query(Empty, z.array(z.object({ currency: Currency, amount: Kopecks })), { kind: 'user', roles: CASHIER, shift: 'open' }),

  /** A document with its lines, payments and what has been returned of it. */
  'documents.get': query(z.object({ id: z.number().int().positive() }).strict(), DocumentDetail, { kind: 'user', roles: BOTH, shift: 'any' }),
  /** A copy marked «КОПИЯ» (audited): of any document by id, or the Z-report of a shift. */
  'documents.copy': command(
    z.union([z.object({ id: Id }).strict(), z.object({ zReportOfShift: Id }).strict()], { error: 'Укажите документ или номер смены' }),
    FiscalDocument,
    { kind: 'user', roles: BOTH, shift: 'any' },
  ),
  /** The list of checks and other documents, newest first, with filters. */
  'documents.list': query(
    z
      .object({
        shiftNumber: Id.optional(),
        kind: DocumentKind.optional(),
        from: IsoDate.optional(),
        to: IsoDate.optional(),
        numberInShift: Id.optional(),
        /** The document's total, kopecks, inclusive. */
        minTotal: Kopecks.min(0, 'Сумма не может быть меньше нуля').optional(),
        maxTotal: Kopecks.min(0, 'Сумма не может быть меньше нуля').optional(),
        limit: z.number().int().min(1).max(500).default(50),
        offset: z.number().int().min(0).default(0),
      })
      .strict()
      .refine((f) => f.from === undefined || f.to === undefined || f.from <= f.to, { message: 'Дата «с» позже даты «по»', path: ['to'] })
      .refine((f) => f.minTotal === undefined || f.maxTotal === undefined || f.minTotal <= f.maxTotal, { message: 'Сумма «от» больше суммы «до»', path: ['maxTotal'] }),
    z.object({ items: z.array(DocumentSummary), total: z.number().int() }),
    { kind: 'user', roles: BOTH, shift: 'any' },
  ),

  'settings.workflow': query(Empty, WorkflowSettings, { kind: 'user', roles: BOTH, shift: 'any' }),
  /** Saves some of the workflow settings; the accounting mode only while the shift is closed. */
  'settings.saveWorkflow': command(
    z
      .object({
        accountingMode: AccountingMode.optional(),
        weightBarcode: WeightBarcodeTemplate.optional(),
        currencies: z.array(Currency).min(1).refine((c) => c.includes('BYN'), 'BYN нельзя убрать из валют').optional(),
        annulment: AnnulmentRules.optional(),
        paymentTerminal: PaymentTerminalSettings.optional(),
        discounts: DiscountLimits.optional(),
        zRequiresEmptyDrawer: z.boolean().optional(),
        maxShiftHours: MaxShiftHours.optional(),
      })
      .strict()
      .refine((s) => Object.values(s).some((v) => v !== undefined), 'Нет настроек для сохранения'),
    WorkflowSettings,
    { kind: 'user', roles: ADMIN, shift: 'any' },
  ),
  /** «Проверка связи с банком»: asks the payment terminal whether it answers. */
  'terminal.check': query(Empty, z.object({ ok: z.boolean(), message: z.string() }), { kind: 'user', roles: BOTH, shift: 'any' }),
  /** Training mode only: what the simulated payment terminal answers next (approve / decline / timeout). */
  'terminal.simulate': command(z.object({ mode: TerminalMode }).strict(), z.null(), { kind: 'user', roles: BOTH, shift: 'any' }),

  /** СКО diagnostics: reachability (a live round trip), token, queue, last error. */
  'fiscal.status': query(Empty, FiscalDiagnostics, { kind: 'user', roles: BOTH, shift: 'any' }),
  /** «Заполнить из ПК»: organisation, УНП and registration number as the operator registered them. */
  'settings.fillRequisitesFromSko': command(Empty, Requisites, { kind: 'user', roles: ADMIN, shift: 'any' }),
  /**
   * The PIN again, after another login took the СКО session or the СКО locked the till: binds
   * again, unlocks, and the queue resumes. Harmless when the session is fine (the СКО unlocks again).
   */
  'fiscal.unlock': command(
    z.object({ pin: z.string().regex(/^\d{4,8}$/, 'PIN — от 4 до 8 цифр') }).strict(),
    z.object({ trainingMode: z.boolean(), message: z.string(), queue: FiscalQueue }),
    { kind: 'user', roles: BOTH, shift: 'any' },
  ),
  /** «Отправить снова»: a refused document goes to the СКО again, the same bytes under the same key. */
  'fiscal.resend': command(z.object({ documentId: Id }).strict(), DocumentFiscalInfo, { kind: 'user', roles: BOTH, shift: 'any' }),
  /** The СКО side of one document: id, time accepted, verification URL, the signature checked again. */
  'fiscal.document': query(z.object({ id: Id }).strict(), DocumentFiscalInfo, { kind: 'user', roles: BOTH, shift: 'any' }),
  /** «Сверить с СКО»: asks the СКО for its copy of the document by number and compares it with the till's. */
  'fiscal.compare': query(z.object({ id: Id }).strict(), SkoComparison, { kind: 'user', roles: BOTH, shift: 'any' }),
  'fiscal.getSettings': query(Empty, FiscalSettings, { kind: 'user', roles: BOTH, shift: 'any' }),
  'fiscal.saveSettings': command(
    FiscalSettings.partial()
      .strict()
      .refine((s) => Object.values(s).some((v) => v !== undefined), 'Нет настроек для сохранения'),
    FiscalSettings,
    { kind: 'user', roles: ADMIN, shift: 'any' },
  ),
  'settings.requisites': query(Empty, RequisitesState, { kind: 'user', roles: ADMIN, shift: 'any' }),
  /**
   * Saves the requisites typed by the admin (УНП checked). Once filled from the СКО, organisation,
   * УНП and registration number are the operator's and stay; trade object and address stay editable.
   */
  'settings.saveRequisites': command(
    z
      .object({
        organization: z.string().trim().min(1, 'Введите название организации').max(200, 'Название организации — до 200 символов'),
        unp: z.string().trim().toUpperCase().regex(/^[0-9A-Z]{9}$/, 'УНП — 9 знаков'),
        registrationNumber: z.string().trim().regex(/^\d{1,20}$/, 'Регистрационный номер ПК — только цифры, до 20'),
        tradeObject: z.string().trim().min(1, 'Введите название торгового объекта').max(200, 'Название торгового объекта — до 200 символов'),
        address: z.string().trim().min(1, 'Введите адрес торгового объекта').max(300, 'Адрес — до 300 символов'),
      })
      .strict(),
    RequisitesState,
    { kind: 'user', roles: ADMIN, shift: 'any' },
  ),

  'devices.listPorts': query(
    Empty,
    z.array(z.object({ path: z.string(), manufacturer: z.string().nullable(), label: z.string() })),
    { kind: 'user', roles: ADMIN, shift: 'any' },
  ),
  'devices.getSettings': query(Empty, DeviceSettings, { kind: 'user', roles: ADMIN, shift: 'any' }),
  'devices.saveSettings': command(
    z
      .object({ scale: ScaleSettings.optional(), scanner: ScannerSettings.optional(), display: DisplaySettings.optional(), printer: PrinterSettings.optional() })
      .strict()
      .refine((s) => Object.values(s).some((v) => v !== undefined), 'Нет настроек для сохранения'),
    DeviceSettings,
    { kind: 'user', roles: ADMIN, shift: 'any' },
  ),
  'devices.diagnostics': query(Empty, z.array(DeviceStatus), { kind: 'user', roles: BOTH, shift: 'any' }),
  /** The weight now: waits for the scale's next answer (at most poll + timeout). */
  'scale.read': query(Empty, WeightReading, { kind: 'user', roles: BOTH, shift: 'any' }),
  /** Training mode only: put goods of this weight on the simulated scale (0 = take them off). */
  'scale.simulate': command(
    z.object({ grams: z.number().int().min(-5_000, 'Не меньше −5 кг').max(100_000, 'Не больше 100 кг') }).strict(),
    z.null(),
    { kind: 'user', roles: BOTH, shift: 'any' },
  ),
  'display.test': command(Empty, z.object({ upper: z.string(), lower: z.string() }), { kind: 'user', roles: ADMIN, shift: 'any' }),

  /** The receipt printer's state now (paper, cover, connection), where the connection can tell. */
  'printer.status': query(Empty, PrinterStatus, { kind: 'user', roles: BOTH, shift: 'any' }),
  /** A test page: profile, code table number, the Cyrillic alphabet, a width ruler, a QR code. */
  'printer.testPrint': command(Empty, PrintOutcome, { kind: 'user', roles: BOTH, shift: 'any' }),
  /** Opens the cash drawer with the printer's pulse: the admin, or a cashier if the admin allows it; logged. */
  'printer.openDrawer': command(Empty, z.null(), { kind: 'user', roles: BOTH, shift: 'any' }),
  /** Whether «Открыть ящик» works for the user now (the admin's setting, a printer to pulse); the reason if not. */
  'printer.drawerAccess': query(Empty, z.object({ allowed: z.boolean(), reason: z.string().nullable() }), { kind: 'user', roles: BOTH, shift: 'any' }),
  /** The last receipt the built-in printer emulator printed, as text and PNG (training preview). */
  'printer.preview': query(Empty, PrinterPreview.nullable(), { kind: 'user', roles: BOTH, shift: 'any' }),
  /** Prints a stored document again: the original while it has not printed, or a copy (КОПИЯ). */
  'documents.print': command(
    z.object({ id: z.number().int().positive(), copy: z.boolean().default(false) }).strict(),
    PrintOutcome,
    { kind: 'user', roles: BOTH, shift: 'any' },
  ),
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type MethodParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>;

export const methodNames = Object.keys(methods) as MethodName[];

// ─── Events (main → renderer) ─────────────────────────────────────────────────

export const events = {
  /** Login, logout, password change, PIN entered. */
  'session.changed': AppStatus,
  /** Opened or closed. */
  'shift.changed': Shift.nullable(),
  /** Documents not yet delivered to the СКО. */
  'fiscal.queue': FiscalQueue,
  /** The scale's weight, whenever it changes. */
  'scale.weight': WeightReading,
  /** A device connected, lost its port, or came back. */
  'device.status': DeviceStatus,
  /** A code read by the serial scanner (GS 0x1D kept). */
  'scanner.code': z.object({ code: z.string(), kind: z.enum(['ean13', 'ean8', 'upca', 'datamatrix', 'qr', 'code128', 'other']) }),
  /** The open check as the customer-facing window shows it. */
  'customer.check': CustomerView,
  /** The open check after every change (any window, any payment), so every window shows main's check. */
  'sale.changed': OpenCheck,
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;
export const eventNames = Object.keys(events) as EventName[];

// ─── The shape of window.kassa ────────────────────────────────────────────────

type AreaOf<M> = M extends `${infer A}.${string}` ? A : never;
type NameIn<A extends string, M> = M extends `${A}.${infer N}` ? N : never;

export type KassaApi = {
  readonly [A in AreaOf<MethodName>]: {
    readonly [N in NameIn<A, MethodName>]: `${A}.${N}` extends infer M extends MethodName
      ? (input?: MethodInput<M>) => Promise<Result<MethodOutput<M>>>
      : never;
  };
} & {
  readonly on: <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) => () => void;
};

export type Invoke = (method: MethodName, input: unknown) => Promise<Result<unknown>>;
export type Subscribe = (event: EventName, listener: (payload: unknown) => void) => () => void;

/** Builds window.kassa over any transport: Electron IPC in preload, HTTP + WebSocket in the browser. */
export function makeKassaApi(invoke: Invoke, subscribe: Subscribe): KassaApi {
  const api: Record<string, Record<string, (input?: unknown) => Promise<Result<unknown>>>> = {};
  for (const name of methodNames) {
    const [area, fn] = name.split('.') as [string, string];
    api[area] ??= {};
    api[area][fn] = (input?: unknown) => invoke(name, input ?? {});
  }
  return Object.freeze({ ...api, on: subscribe }) as unknown as KassaApi;
}

/** The IPC channel of a method in the Electron host. */
export const ipcChannel = (method: MethodName): string => `kassa:${method}`;
export const IPC_EVENT_CHANNEL = 'kassa:event';
