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

export const PaymentForm = z.enum(['cash', 'card', 'gift', 'oplati', 'noncash', 'advance']);
export type PaymentForm = z.infer<typeof PaymentForm>;

export const DocumentKind = z.enum(['shift_open', 'sale', 'x_report', 'z_report']);
export type DocumentKind = z.infer<typeof DocumentKind>;

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
});
export type CatalogueItem = z.infer<typeof CatalogueItem>;

export const CheckLine = z.object({
  id: z.number().int(),
  itemId: z.number().int(),
  name: z.string(),
  barcode: z.string().nullable(),
  quantity: Milli,
  unit: Unit,
  price: Kopecks,
  amount: Kopecks,
  vatRate: VatRate,
});
export type CheckLine = z.infer<typeof CheckLine>;

/** The open (not yet paid) check. It lives in the database, so a crash loses no line. */
export const OpenCheck = z.object({
  lines: z.array(CheckLine),
  total: Kopecks,
});
export type OpenCheck = z.infer<typeof OpenCheck>;

export const Payment = z.object({ form: PaymentForm, amount: Kopecks.positive() });

export const FiscalStatus = z.object({
  skoDocId: z.string(),
  acceptedAt: z.string(),
  verifyUrl: z.string(),
});

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
});
export type FiscalDocument = z.infer<typeof FiscalDocument>;

export const ShiftReport = z.object({
  kind: z.enum(['x_report', 'z_report']),
  document: FiscalDocument,
  shiftNumber: z.number().int(),
  salesCount: z.number().int(),
  salesTotal: Kopecks,
  byPaymentForm: z.array(z.object({ form: PaymentForm, amount: Kopecks })),
  byVatRate: z.array(z.object({ vatRate: VatRate, amount: Kopecks, vat: Kopecks })),
  cashInDrawer: Kopecks,
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
});
export type AppStatus = z.infer<typeof AppStatus>;

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

// ─── Methods ──────────────────────────────────────────────────────────────────

function method<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, access: Access) {
  return { input, output, access } as const;
}

const Empty = z.object({}).strict();

export const methods = {
  'app.status': method(Empty, AppStatus, { kind: 'public', beforeSetup: true }),
  'setup.enterPin': method(
    z.object({ pin: z.string().regex(/^\d{4,8}$/, 'PIN — от 4 до 8 цифр') }).strict(),
    z.object({ trainingMode: z.boolean(), message: z.string() }),
    { kind: 'public', beforeSetup: true },
  ),

  'auth.users': method(Empty, z.array(z.object({ login: z.string(), name: z.string(), role: Role })), { kind: 'public' }),
  'auth.login': method(z.object({ login: Login, password: Password }).strict(), User, { kind: 'public' }),
  'auth.logout': method(Empty, z.null(), { kind: 'user', roles: BOTH, shift: 'any', duringPasswordChange: true }),
  'auth.changePassword': method(
    z.object({ oldPassword: Password, newPassword: Password }).strict(),
    User,
    { kind: 'user', roles: BOTH, shift: 'any', duringPasswordChange: true },
  ),

  'users.list': method(Empty, z.array(User), { kind: 'user', roles: ADMIN, shift: 'any' }),
  'users.create': method(NewUser.strict(), User, { kind: 'user', roles: ADMIN, shift: 'any' }),
  'users.resetPassword': method(
    z.object({ login: Login, temporaryPassword: Password }).strict(),
    User,
    { kind: 'user', roles: ADMIN, shift: 'any' },
  ),

  'shift.current': method(Empty, Shift.nullable(), { kind: 'user', roles: BOTH, shift: 'any' }),
  'shift.open': method(Empty, Shift, { kind: 'user', roles: CASHIER, shift: 'closed' }),
  'shift.xReport': method(Empty, ShiftReport, { kind: 'user', roles: CASHIER, shift: 'open' }),
  'shift.zReport': method(Empty, ShiftReport, { kind: 'user', roles: CASHIER, shift: 'open' }),

  'catalogue.search': method(
    z.object({ query: z.string().trim().min(1, 'Введите название или код').max(100), limit: z.number().int().min(1).max(100).default(20) }).strict(),
    z.array(CatalogueItem),
    { kind: 'user', roles: BOTH, shift: 'any' },
  ),
  'catalogue.byBarcode': method(z.object({ barcode: Barcode }).strict(), CatalogueItem, { kind: 'user', roles: BOTH, shift: 'any' }),

  'sale.current': method(Empty, OpenCheck, { kind: 'user', roles: CASHIER, shift: 'open' }),
  'sale.addItem': method(
    z.union([
      z.object({ barcode: Barcode, quantity: Milli.optional() }).strict(),
      z.object({ itemId: z.number().int().positive(), quantity: Milli.optional() }).strict(),
    ], { error: 'Укажите штрихкод или товар' }),
    OpenCheck,
    { kind: 'user', roles: CASHIER, shift: 'open', sale: true },
  ),
  'sale.removeLine': method(z.object({ lineId: z.number().int().positive() }).strict(), OpenCheck, { kind: 'user', roles: CASHIER, shift: 'open' }),
  'sale.cancel': method(Empty, OpenCheck, { kind: 'user', roles: CASHIER, shift: 'open' }),
  'sale.pay': method(
    z.object({ payments: z.array(Payment).min(1, 'Укажите оплату').max(10) }).strict(),
    z.object({ document: FiscalDocument, change: Kopecks }),
    { kind: 'user', roles: CASHIER, shift: 'open', sale: true },
  ),

  'documents.get': method(z.object({ id: z.number().int().positive() }).strict(), FiscalDocument, { kind: 'user', roles: BOTH, shift: 'any' }),
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
  'fiscal.queue': z.object({ pending: z.number().int(), oldestAt: z.string().nullable() }),
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
