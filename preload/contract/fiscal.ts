/**
 * The СКО: diagnostics, the queue, refused documents, the PIN again, the offline limits.
 */
import { z } from 'zod';
import { ADMIN, BOTH, command, Empty, Id, query } from './method.js';
import { DocumentRef, Kopecks } from './shapes.js';
import { lazy } from '../../common/lazy.js';

export const SkoTokenState = z.enum(['none', 'valid', 'expired', 'replaced', 'invalid']);

/** The СКО queue as the status bar shows it (event `fiscal.queue`). */
export const FiscalQueue = lazy(() =>
  z.object({
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
  }),
);
export type FiscalQueue = z.infer<typeof FiscalQueue>;

/** A document the СКО refused, with its reason. */
export const RefusedDocument = lazy(() =>
  DocumentRef.extend({
    createdAt: z.string(),
    total: Kopecks,
    code: z.string(),
    message: z.string(),
    refusedAt: z.string(),
    attempts: z.number().int(),
  }),
);
export type RefusedDocument = z.infer<typeof RefusedDocument>;

/** The offline policy and the Z wait (DOMAIN.md «Shift rules»): every limit a setting. */
export const FiscalSettings = lazy(() =>
  z.object({
    maxQueuedDocuments: z.number().int('Целое число документов').min(1, 'Не меньше 1 документа').max(100_000, 'Не больше 100 000 документов'),
    maxUnsentAgeHours: z.number().int('Целое число часов').min(1, 'Не меньше 1 ч').max(720, 'Не больше 720 ч'),
    zWaitSeconds: z.number().int('Целое число секунд').min(0, 'Не меньше 0 с').max(600, 'Не больше 600 с'),
  }),
);
export type FiscalSettings = z.infer<typeof FiscalSettings>;

/** What the till knows of one document at the СКО (check detail). */
export const DocumentFiscalInfo = lazy(() =>
  z.object({
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
  }),
);
export type DocumentFiscalInfo = z.infer<typeof DocumentFiscalInfo>;

/** «Сверить с СКО»: the СКО's copy of a document against the till's own. */
export const SkoComparison = lazy(() =>
  z.object({
    documentId: z.number().int(),
    matches: z.boolean(),
    /** Each field that differs, in the admin's words; empty when they match. */
    differences: z.array(z.string()),
    skoDocId: z.string().nullable(),
    acceptedAt: z.string().nullable(),
    checkedAt: z.string(),
  }),
);
export type SkoComparison = z.infer<typeof SkoComparison>;

/** What the СКО diagnostics panel shows: the failing part is the one to paint red. */
export const FiscalDiagnostics = lazy(() =>
  z.object({
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
  }),
);
export type FiscalDiagnostics = z.infer<typeof FiscalDiagnostics>;

export const fiscalMethods = {
  /** СКО diagnostics: reachability (a live round trip), token, queue, last error. */
  'fiscal.status': query(Empty, FiscalDiagnostics, { kind: 'user', roles: BOTH, shift: 'any' }),
  /**
   * The PIN again, after another login took the СКО session or the СКО locked the till: binds
   * again, unlocks, and the queue resumes. Harmless when the session is fine (the СКО unlocks again).
   */
  'fiscal.unlock': command(
    lazy(() => z.object({ pin: z.string().regex(/^\d{4,8}$/, 'PIN — от 4 до 8 цифр') }).strict()),
    lazy(() => z.object({ trainingMode: z.boolean(), message: z.string(), queue: FiscalQueue })),
    { kind: 'user', roles: BOTH, shift: 'any' },
  ),
  /** «Отправить снова»: a refused document goes to the СКО again, the same bytes under the same key. */
  'fiscal.resend': command(
    lazy(() => z.object({ documentId: Id }).strict()),
    DocumentFiscalInfo,
    { kind: 'user', roles: BOTH, shift: 'any' },
  ),
  /** The СКО side of one document: id, time accepted, verification URL, the signature checked again. */
  'fiscal.document': query(
    lazy(() => z.object({ id: Id }).strict()),
    DocumentFiscalInfo,
    { kind: 'user', roles: BOTH, shift: 'any' },
  ),
  /** «Сверить с СКО»: asks the СКО for its copy of the document by number and compares it with the till's. */
  'fiscal.compare': query(
    lazy(() => z.object({ id: Id }).strict()),
    SkoComparison,
    { kind: 'user', roles: BOTH, shift: 'any' },
  ),
  'fiscal.getSettings': query(Empty, FiscalSettings, { kind: 'user', roles: BOTH, shift: 'any' }),
  'fiscal.saveSettings': command(
    lazy(() =>
      FiscalSettings.partial()
        .strict()
        .refine((s) => Object.values(s).some((v) => v !== undefined), 'Нет настроек для сохранения'),
    ),
    FiscalSettings,
    { kind: 'user', roles: ADMIN, shift: 'any' },
  ),
} as const;

export const fiscalEvents = {
  /** Documents not yet delivered to the СКО. */
  'fiscal.queue': FiscalQueue,
} as const;
