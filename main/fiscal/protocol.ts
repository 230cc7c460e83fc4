/**
 * The СКО protocol of docs/sko-protocol.md as code: paths, zod schemas of every request and
 * answer, canonical JSON, and the signature rule. Shared by the till's HTTP client and the
 * emulator, so both sides read the same line.
 */
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { lazy } from '../../common/lazy.js';

export const PROTOCOL_VERSION = 1;
/** The most requests one till may have in flight; the 4th concurrent request gets 429. */
export const MAX_IN_FLIGHT = 3;

export const PATHS = {
  health: '/v1/health',
  bind: '/v1/auth/device',
  refresh: '/v1/auth/refresh',
  unlock: '/v1/auth/unlock',
  till: '/v1/till',
  status: '/v1/status',
  keys: '/v1/keys',
  copies: '/v1/copies',
  check: '/check',
} as const;

export const SkoKind = z.enum(['shift_open', 'sale', 'return', 'annulment', 'cash_in', 'cash_out', 'x_report', 'z_report']);
export type SkoKind = z.infer<typeof SkoKind>;

export const DOCUMENT_PATHS: Readonly<Record<SkoKind, string>> = {
  shift_open: '/v1/shift/open',
  sale: '/v1/receipts/sale',
  return: '/v1/receipts/return',
  annulment: '/v1/receipts/annulment',
  cash_in: '/v1/cash/in',
  cash_out: '/v1/cash/out',
  x_report: '/v1/reports/x',
  z_report: '/v1/reports/z',
};

/**
 * Sent alone, after everything before them is accepted, and nothing after them starts until
 * they are: documents that open or close a shift, and those that refer to an earlier document.
 */
export const BARRIER_KINDS: ReadonlySet<string> = new Set<SkoKind>(['shift_open', 'z_report', 'return', 'annulment']);

export const HEADERS = {
  idempotencyKey: 'idempotency-key',
  tillId: 'x-till-id',
  replay: 'idempotent-replay',
  retryAfter: 'retry-after',
} as const;

/**
 * Why an СКО address may not be used, in the admin's words; null when it may. Plain HTTP
 * carries the device code and the tokens in the clear, so it is allowed on loopback only
 * (the training emulator, tests).
 */
export function plainHttpRefusal(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `Адрес СКО «${url}» — не URL`;
  }
  if (parsed.protocol === 'https:') return null;
  if (parsed.protocol !== 'http:') return `Адрес СКО «${url}»: нужен https://`;
  const host = parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const loopback = host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
  return loopback
    ? null
    : `Адрес СКО «${url}»: без шифрования (http://) можно только на этом компьютере (127.0.0.1). Укажите https://, иначе код привязки и токены пойдут по сети открытым текстом.`;
}

// ─── Errors ───────────────────────────────────────────────────────────────────

/** Every error answer: HTTP status + this body. `retryAfterMs` only with 429. */
export const ErrorBody = lazy(() =>
  z.object({
    code: z.string().min(1),
    message: z.string(),
    retryAfterMs: z.number().int().nonnegative().optional(),
  }),
);
export type ErrorBody = z.infer<typeof ErrorBody>;

export const ERROR_CODES = {
  validation: 'VALIDATION',
  tokenExpired: 'TOKEN_EXPIRED',
  tokenInvalid: 'TOKEN_INVALID',
  sessionReplaced: 'SESSION_REPLACED',
  refreshInvalid: 'REFRESH_INVALID',
  deviceUnknown: 'DEVICE_UNKNOWN',
  pinRefused: 'PIN_REFUSED',
  locked: 'LOCKED',
  tillMismatch: 'TILL_MISMATCH',
  notFound: 'NOT_FOUND',
  idempotencyConflict: 'IDEMPOTENCY_CONFLICT',
  numberTaken: 'NUMBER_TAKEN',
  shiftNotOpen: 'SHIFT_NOT_OPEN',
  shiftAlreadyOpen: 'SHIFT_ALREADY_OPEN',
  shiftNumber: 'SHIFT_NUMBER',
  numbering: 'NUMBERING',
  totals: 'TOTALS',
  gaps: 'GAPS',
  reportMismatch: 'REPORT_MISMATCH',
  original: 'ORIGINAL',
  rateLimited: 'RATE_LIMITED',
  tooManyInFlight: 'TOO_MANY_IN_FLIGHT',
  internal: 'INTERNAL',
} as const;

// ─── Binding, tokens, PIN ─────────────────────────────────────────────────────

const Token = z.string().min(16).max(200);

export const BindRequest = lazy(() =>
  z
    .object({
      /** Issued with the contract; binds this installation of the till to the operator. */
      deviceCode: z.string().min(1).max(200),
      /** Random per installation; a bind from another installation replaces the older session. */
      installationId: z.string().min(8).max(100),
    })
    .strict(),
);

export const TokenPair = lazy(() =>
  z.object({
    tillId: z.string().min(1),
    accessToken: Token,
    refreshToken: Token,
    /** Seconds from the answer; the client counts them on its own clock. */
    accessExpiresIn: z.number().int().positive(),
    refreshExpiresIn: z.number().int().positive(),
  }),
);
export type TokenPair = z.infer<typeof TokenPair>;

export const RefreshRequest = lazy(() => z.object({ refreshToken: Token }).strict());

export const UnlockRequest = lazy(() => z.object({ pin: z.string().regex(/^\d{4,8}$/) }).strict());
export const UnlockAnswer = lazy(() => z.object({ training: z.boolean(), message: z.string() }));

/**
 * The till's query `?nonce=` (16–64 hex digits), echoed in the signed requisites and status answers:
 * an answer recorded earlier cannot be played back as today's. `null` when the query had none.
 */
export const Nonce = z.string().regex(/^[0-9a-f]{16,64}$/);
/** Every signed answer ends in these two: `signature` is Ed25519 over the canonical JSON of every other field. */
const Signed = { keyId: z.string().min(1), signature: z.string().min(1) };

export const TillInfo = lazy(() =>
  z
    .object({
      tillId: z.string(),
      organization: z.string().min(1),
      unp: z.string().regex(/^[0-9A-Z]{9}$/),
      registrationNumber: z.string().min(1),
      tradeObject: z.string().nullable(),
      address: z.string().nullable(),
      training: z.boolean(),
      nonce: Nonce.nullable(),
      ...Signed,
    })
    .strict(),
);
export type TillInfo = z.infer<typeof TillInfo>;

export const StatusAnswer = lazy(() =>
  z
    .object({
      serverTime: z.string(),
      training: z.boolean(),
      tillId: z.string(),
      unlocked: z.boolean(),
      shift: z.object({ number: z.number().int(), open: z.boolean(), documents: z.number().int(), lastNumber: z.number().int() }).nullable(),
      nonce: Nonce.nullable(),
      ...Signed,
    })
    .strict(),
);
export type StatusAnswer = z.infer<typeof StatusAnswer>;

export const KeysAnswer = lazy(() => z.object({ keys: z.array(z.object({ keyId: z.string(), algorithm: z.literal('Ed25519'), publicKeyPem: z.string() })) }));

// ─── Documents ────────────────────────────────────────────────────────────────

const Iso = lazy(() => z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'ISO date-time'));
const Int = z.number().int().safe();

export const DocLine = lazy(() =>
  z
    .object({
      itemId: z.number().int().nullable().optional(),
      name: z.string().min(1).max(256),
      barcode: z.string().max(64).nullable(),
      quantity: z.number().int().positive(),
      unit: z.string().min(1).max(8),
      price: Int.nonnegative(),
      amount: Int.nonnegative(),
      vatRate: z.number().int().nullable(),
      section: z.number().int().min(0).max(255),
      /** What the line's discounts take off (negative: a markup); `amount` is after it. */
      discount: Int.optional(),
      /** GS1 DataMatrix code of a marked good, as scanned. */
      markCode: z.string().max(200).optional(),
    })
    .strict(),
);

export const DocPayment = lazy(() =>
  z
    .object({
      form: z.enum(['cash', 'card', 'gift', 'oplati', 'noncash', 'advance']),
      amount: Int.positive(),
    })
    .strict(),
);

const Base = {
  tillId: z.string().min(1),
  cashierId: z.string().min(1).max(100),
  shiftNumber: Int.positive(),
  numberInShift: Int.positive(),
  createdAt: Iso,
  total: Int,
};

/** The figures of an X or Z: sales and returns that stand (an annulled one is not counted). */
export const ReportFigures = lazy(() =>
  z
    .object({
      salesCount: Int.nonnegative(),
      salesTotal: Int,
      returnsCount: Int.nonnegative().optional(),
      returnsTotal: Int.optional(),
      byPaymentForm: z.array(z.object({ form: z.string(), amount: Int }).strict()).optional(),
      byVatRate: z.array(z.object({ vatRate: z.number().int().nullable(), amount: Int, vat: Int }).strict()).optional(),
      cashInDrawer: Int.optional(),
      firstDocument: Int.nullable().optional(),
      lastDocument: Int.nullable().optional(),
    })
    .strict(),
);

/** An earlier document of this till, by shift and number: known when the till makes the reference. */
export const DocRef = lazy(() => z.object({ shiftNumber: Int.positive(), numberInShift: Int.positive() }).strict());

/** One schema per document kind; the path names the kind. */
export const DocumentRequests = {
  shift_open: lazy(() => z.object({ ...Base, total: z.literal(0) }).strict()),
  sale: lazy(() => z.object({ ...Base, lines: z.array(DocLine).min(1), payments: z.array(DocPayment).min(1), change: Int.nonnegative() }).strict()),
  return: lazy(() =>
    z
      .object({
        ...Base,
        lines: z.array(DocLine).min(1),
        payments: z.array(DocPayment).min(1),
        /** The sale returned against; null for a return without a check. */
        original: DocRef.nullable(),
        reason: z.string().max(500).nullable().optional(),
      })
      .strict(),
  ),
  annulment: lazy(() => z.object({ ...Base, annulled: DocRef, reason: z.string().max(500).nullable().optional() }).strict()),
  cash_in: lazy(() => z.object({ ...Base, currency: z.enum(['BYN', 'USD', 'EUR', 'RUB']) }).strict()),
  cash_out: lazy(() => z.object({ ...Base, currency: z.enum(['BYN', 'USD', 'EUR', 'RUB']) }).strict()),
  x_report: lazy(() => z.object({ ...Base, report: ReportFigures }).strict()),
  z_report: lazy(() => z.object({ ...Base, report: ReportFigures }).strict()),
} as const satisfies Record<SkoKind, z.ZodType>;

export type DocumentRequest = z.infer<(typeof DocumentRequests)[SkoKind]>;

/** What the СКО answers for an accepted document. Every field but `signature` is signed. */
export const DocumentAnswer = lazy(() =>
  z
    .object({
      skoDocId: z.string().min(1),
      tillId: z.string(),
      idempotencyKey: z.string(),
      kind: SkoKind,
      shiftNumber: Int,
      numberInShift: Int,
      total: Int,
      /** sha256 (hex) of the canonical JSON of the request body. */
      requestHash: z.string().regex(/^[0-9a-f]{64}$/),
      acceptedAt: Iso,
      /** For the QR on the receipt: the public check-search page of this document. */
      verifyUrl: z.string().url(),
      /** The СКО is a training one (its journal is not fiscal). Answers from before the field existed have none. */
      training: z.boolean().optional(),
      keyId: z.string().min(1),
      /** Ed25519 over canonicalJson(answer without signature), base64. */
      signature: z.string().min(1),
    })
    .strict(),
);
export type DocumentAnswer = z.infer<typeof DocumentAnswer>;

export const CopyRequest = lazy(() =>
  z.union([
    z.object({ shiftNumber: Int.positive(), numberInShift: Int.positive() }).strict(),
    /** The Z-report of a shift. */
    z.object({ shiftNumber: Int.positive() }).strict(),
  ]),
);
export type CopyRequest = z.infer<typeof CopyRequest>;
export const CopyAnswer = lazy(() => z.object({ kind: SkoKind, request: z.record(z.string(), z.unknown()), answer: DocumentAnswer }));
export type CopyAnswer = z.infer<typeof CopyAnswer>;

// ─── Canonical JSON, hashes, signatures ───────────────────────────────────────

/** JSON with object keys sorted at every level: the same value always gives the same bytes. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('canonicalJson: not a finite number');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function requestHash(body: unknown): string {
  return sha256Hex(canonicalJson(body));
}

/** First 16 hex digits of the sha256 of the public key (SPKI DER). */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

/** What a signature covers: the canonical JSON of every field of the answer but `signature`. */
export function signedBytes(answer: object): Buffer {
  const { signature: _drop, ...fields } = answer as { signature?: unknown };
  return Buffer.from(canonicalJson(fields), 'utf8');
}

/** Signs any answer (a document's, the requisites, the status) the same way. */
export function signFields<T extends { readonly keyId: string }>(fields: T, privateKey: KeyObject): T & { signature: string } {
  return { ...fields, signature: sign(null, signedBytes(fields), privateKey).toString('base64') };
}

export function signAnswer(fields: Omit<DocumentAnswer, 'signature'>, privateKey: KeyObject): DocumentAnswer {
  return signFields(fields, privateKey);
}

/** Null when `answer` is signed by a key the till trusts and the signature verifies; otherwise why not. */
export function signatureProblem(answer: { readonly keyId: string; readonly signature: string }, keys: TrustedKeys): string | null {
  const key = keys.get(answer.keyId);
  if (!key) return `подпись ключом ${answer.keyId}, которому касса не доверяет`;
  let ok = false;
  try {
    ok = verify(null, signedBytes(answer), key, Buffer.from(answer.signature, 'base64'));
  } catch {
    ok = false;
  }
  return ok ? null : 'подпись СКО не сходится';
}

export type TrustedKeys = ReadonlyMap<string, KeyObject>;

export function trustedKeys(pems: readonly string[]): TrustedKeys {
  const map = new Map<string, KeyObject>();
  for (const pem of pems) {
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('Открытый ключ СКО должен быть Ed25519');
    map.set(keyIdOf(key), key);
  }
  return map;
}

/** What the client expects the answer to say about its own document. */
export type ExpectedAnswer = {
  readonly tillId: string;
  readonly idempotencyKey: string;
  readonly kind: SkoKind;
  readonly shiftNumber: number;
  readonly numberInShift: number;
  readonly total: number;
  readonly requestHash: string;
};

/** Null when the answer is genuine and about this document; otherwise why not (for the log). */
export function answerProblem(answer: DocumentAnswer, expected: ExpectedAnswer, keys: TrustedKeys): string | null {
  for (const field of ['tillId', 'idempotencyKey', 'kind', 'shiftNumber', 'numberInShift', 'total', 'requestHash'] as const) {
    if (answer[field] !== expected[field]) return `поле ${field} ответа не совпадает с документом`;
  }
  return signatureProblem(answer, keys);
}
