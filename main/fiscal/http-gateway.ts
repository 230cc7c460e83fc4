/**
 * The adapter for our own СКО protocol (docs/sko-protocol.md): JSON over HTTPS (plain HTTP
 * only for the loopback emulator), device binding with rotated tokens, at most 3 requests in
 * flight, a deadline on every request, and every document, requisites and status answer checked
 * against the operator's public key before the till believes it. A working till refuses an answer
 * that says its СКО is a training one: documents sent there would not be fiscal.
 */
import { randomBytes } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { z } from 'zod';
import { KassaError } from '../domain/errors.js';
import {
  answerProblem,
  CopyAnswer,
  DOCUMENT_PATHS,
  DocumentAnswer,
  DocumentRequests,
  ErrorBody,
  ERROR_CODES,
  HEADERS,
  MAX_IN_FLIGHT,
  PATHS,
  requestHash,
  signatureProblem,
  SkoKind,
  StatusAnswer,
  TillInfo,
  TokenPair,
  trustedKeys as toTrustedKeys,
  UnlockAnswer,
  type DocumentRequest,
  type ExpectedAnswer,
  type TrustedKeys,
} from './protocol.js';
import { SkoError, type SkoAnswer, type SkoConnectionInfo, type SkoCopy, type SkoDocument, type SkoGateway, type SkoRequisites } from './gateway.js';
import type { SessionStore, StoredSession } from './session-store.js';
import { lazy } from '../../common/lazy.js';

export type HttpSkoOptions = {
  /** Base URL of the СКО; a promise while the embedded emulator is still binding its port. */
  readonly baseUrl: string | Promise<string>;
  /** What diagnostics call this endpoint. Default: the URL. */
  readonly endpointLabel?: string;
  /** Extra CA certificates (PEM) to trust for an https URL. */
  readonly ca?: string | Buffer;
  /** The operator's public keys (PEM, Ed25519) that may sign answers. */
  readonly publicKeys: readonly string[];
  readonly session: SessionStore;
  readonly deviceCode: string;
  readonly training: boolean;
  /** Deadline of one request, ms. */
  readonly timeoutMs?: number;
  /** Wall clock (ms) for token lifetimes. */
  readonly now?: () => number;
};

export type HttpSkoGateway = SkoGateway;

type Reply = { status: number; headers: IncomingMessage['headers']; text: string };

const TOKEN_SKEW_MS = 30_000;
/** A working till met a training СКО (SkoError code). */
const TRAINING_SKO = 'TRAINING_SKO';
const NETWORK_DOWN = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'EADDRNOTAVAIL', 'ENETDOWN']);
const DROPPED = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE']);

/** At most `n` at once; the rest wait in order. */
function limiter(n: number) {
  let active = 0;
  let maxSeen = 0;
  const waiting: (() => void)[] = [];
  return {
    async run<T>(fn: () => Promise<T>): Promise<T> {
      if (active >= n) await new Promise<void>((resolve) => waiting.push(resolve));
      active++;
      maxSeen = Math.max(maxSeen, active);
      try {
        return await fn();
      } finally {
        active--;
        waiting.shift()?.();
      }
    },
    active: () => active,
    maxSeen: () => maxSeen,
  };
}

function networkError(err: unknown): SkoError {
  if (err instanceof SkoError) return err;
  const code = (err as { code?: string } | null)?.code ?? '';
  const message = err instanceof Error ? err.message : String(err);
  if (NETWORK_DOWN.has(code)) return new SkoError('unreachable', code, `СКО недоступен (${code})`);
  if (DROPPED.has(code) || /socket hang up|aborted/i.test(message)) return new SkoError('dropped', code || 'DROPPED', 'Связь с СКО оборвалась во время ответа');
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/i.test(code)) return new SkoError('unreachable', 'TLS', `Сертификат СКО не прошёл проверку (${code})`);
  return new SkoError('unreachable', code || 'NETWORK', `Ошибка связи с СКО: ${message}`);
}

/** How long a 429 asks to wait, from `Retry-After`: delta-seconds or an HTTP-date (RFC 9110 §10.2.3); null when absent or unreadable. */
export function retryAfterHeaderMs(header: string | string[] | undefined, nowMs: number): number | null {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!value) return null;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  if (!/^[A-Za-z]{3}, /.test(value)) return null; // an HTTP-date starts with the day: "Fri, 20 Nov 2026 08:00:05 GMT"
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

/** When the СКО says nothing of how long to wait after a 429. */
const DEFAULT_RETRY_AFTER_MS = 1_000;

function errorOf(reply: Reply, nowMs: number = Date.now()): SkoError {
  let body: ErrorBody = { code: `HTTP_${reply.status}`, message: `СКО ответил ${reply.status}` };
  try {
    const parsed = ErrorBody.safeParse(JSON.parse(reply.text));
    if (parsed.success) body = parsed.data;
  } catch {
    // not JSON: keep the status
  }
  const s = reply.status;
  if (s === 429) {
    const retryAfterMs = body.retryAfterMs ?? retryAfterHeaderMs(reply.headers[HEADERS.retryAfter], nowMs) ?? DEFAULT_RETRY_AFTER_MS;
    return new SkoError('rate_limited', body.code, body.message, retryAfterMs);
  }
  if (s === 401 || (s === 403 && body.code === ERROR_CODES.locked)) return new SkoError('auth', body.code, body.message);
  if (s === 400 || s === 403 || s === 409 || s === 422) return new SkoError('rejected', body.code, body.message);
  if (s === 404) return new SkoError('not_found', body.code, body.message);
  return new SkoError('server', body.code, `${body.message} (HTTP ${s})`);
}

function parseJson<T>(reply: Reply, schema: z.ZodType<T>, what: string, kind: 'server' | 'tampered' = 'server'): T {
  let json: unknown;
  try {
    json = JSON.parse(reply.text);
  } catch {
    throw new SkoError(kind, 'BAD_ANSWER', `${what}: ответ СКО — не JSON`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new SkoError(kind, 'BAD_ANSWER', `${what}: ответ СКО не по протоколу`);
  return parsed.data;
}

// ─── From the outbox payload to the protocol request ─────────────────────────

const Rec = lazy(() => z.record(z.string(), z.unknown()));
const OutboxBody = lazy(() =>
  z
    .object({
      lines: z.array(Rec).default([]),
      payments: z.array(Rec).default([]),
      change: z.number().default(0),
      /** X/Z: `{ figures, summary }` as the shift service stores it (or the figures themselves). */
      report: Rec.nullable().default(null),
      /** Return: the sale; annulment: the document annulled. By shift and number. */
      refersTo: Rec.nullable().optional(),
      currency: z.string().optional(),
      reason: z.string().nullable().optional(),
    })
    .loose(),
);

const LINE_FIELDS = ['itemId', 'name', 'barcode', 'quantity', 'unit', 'price', 'amount', 'vatRate', 'section', 'discount', 'markCode'] as const;
const FIGURE_FIELDS = ['salesCount', 'salesTotal', 'returnsCount', 'returnsTotal', 'cashInDrawer', 'firstDocument', 'lastDocument'] as const;

function pick<K extends string>(from: Record<string, unknown>, keys: readonly K[]): Partial<Record<K, unknown>> {
  const out: Partial<Record<K, unknown>> = {};
  for (const k of keys) if (from[k] !== undefined && (k !== 'markCode' || from[k] !== null)) out[k] = from[k];
  return out;
}

const records = (xs: unknown): Record<string, unknown>[] =>
  Array.isArray(xs) ? xs.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null) : [];

function figuresOf(report: Record<string, unknown> | null): Record<string, unknown> {
  const f = (report && typeof report.figures === 'object' && report.figures !== null ? report.figures : (report ?? {})) as Record<string, unknown>;
  return {
    ...pick(f, FIGURE_FIELDS),
    ...(f.byPaymentForm === undefined ? {} : { byPaymentForm: records(f.byPaymentForm).map((p) => pick(p, ['form', 'amount'] as const)) }),
    ...(f.byVatRate === undefined ? {} : { byVatRate: records(f.byVatRate).map((v) => pick(v, ['vatRate', 'amount', 'vat'] as const)) }),
  };
}

const refOf = (r: Record<string, unknown> | null | undefined) => (r ? pick(r, ['shiftNumber', 'numberInShift'] as const) : null);

/**
 * The request body for a queued document. Pure and deterministic: the same payload and till id
 * always give the same bytes, so every retry carries the same request hash.
 */
export function toProtocolRequest(doc: SkoDocument, tillId: string): { kind: SkoKind; request: DocumentRequest } {
  const kind = SkoKind.safeParse(doc.kind);
  if (!kind.success) throw new SkoError('rejected', 'LOCAL_KIND', `Вид документа «${doc.kind}» протокол СКО не знает`);
  const body = OutboxBody.safeParse(doc.body ?? {});
  if (!body.success) throw new SkoError('rejected', 'LOCAL_PAYLOAD', 'Документ в очереди повреждён');
  const b = body.data;
  const base = { tillId, cashierId: doc.cashierId, shiftNumber: doc.shiftNumber, numberInShift: doc.numberInShift, createdAt: doc.createdAt, total: doc.total };
  const lines = b.lines.map((l) => pick(l, LINE_FIELDS));
  const payments = b.payments.map((p) => pick(p, ['form', 'amount'] as const));
  const reason = b.reason === undefined ? {} : { reason: b.reason };
  const requests: Record<SkoKind, () => Record<string, unknown>> = {
    shift_open: () => base,
    sale: () => ({ ...base, lines, payments, change: b.change }),
    return: () => ({ ...base, lines, payments, original: refOf(b.refersTo), ...reason }),
    annulment: () => ({ ...base, annulled: refOf(b.refersTo), ...reason }),
    cash_in: () => ({ ...base, currency: b.currency ?? 'BYN' }),
    cash_out: () => ({ ...base, currency: b.currency ?? 'BYN' }),
    x_report: () => ({ ...base, report: figuresOf(b.report) }),
    z_report: () => ({ ...base, report: figuresOf(b.report) }),
  };
  const checked = DocumentRequests[kind.data].safeParse(requests[kind.data]());
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new SkoError('rejected', 'LOCAL_VALIDATION', `Документ не проходит схему протокола: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return { kind: kind.data, request: checked.data };
}

/** The request object of frozen bytes; a broken body is a refusal a person must see, not a retry. */
function requestOf(body: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(body);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new SkoError('rejected', 'LOCAL_PAYLOAD', 'Сохранённый запрос документа повреждён');
}

/** What an answer must say about the request it answers (docs/sko-protocol.md «The answer and its signature»). */
function expectedOf(idempotencyKey: string, kind: SkoKind, request: Record<string, unknown>): ExpectedAnswer {
  const num = (v: unknown) => (typeof v === 'number' ? v : Number.NaN);
  return {
    tillId: typeof request.tillId === 'string' ? request.tillId : '',
    idempotencyKey,
    kind,
    shiftNumber: num(request.shiftNumber),
    numberInShift: num(request.numberInShift),
    total: num(request.total),
    requestHash: requestHash(request),
  };
}

/** The protocol's document as the till names its parts. */
function copyOf(kind: SkoKind, r: DocumentRequest): Omit<SkoCopy, 'answer' | 'idempotencyKey'> {
  const f = r as Partial<Record<string, unknown>> & DocumentRequest;
  const lines = (f.lines ?? []) as z.infer<typeof DocumentRequests.sale>['lines'];
  const payments = (f.payments ?? []) as z.infer<typeof DocumentRequests.sale>['payments'];
  const ref = (kind === 'return' ? f.original : kind === 'annulment' ? f.annulled : null) as { shiftNumber: number; numberInShift: number } | null | undefined;
  return {
    kind,
    shiftNumber: r.shiftNumber,
    numberInShift: r.numberInShift,
    createdAt: r.createdAt,
    cashierId: r.cashierId,
    total: r.total,
    lines: lines.map((l) => ({
      name: l.name,
      barcode: l.barcode,
      quantity: l.quantity,
      unit: l.unit,
      price: l.price,
      amount: l.amount,
      vatRate: l.vatRate,
      section: l.section,
      discount: l.discount ?? 0,
      markCode: l.markCode ?? null,
    })),
    payments: payments.map((p) => ({ form: p.form, amount: p.amount })),
    change: typeof f.change === 'number' ? f.change : 0,
    currency: typeof f.currency === 'string' ? f.currency : null,
    refersTo: ref ? { shiftNumber: ref.shiftNumber, numberInShift: ref.numberInShift } : null,
  };
}

// ─── The adapter ──────────────────────────────────────────────────────────────

export function createHttpSkoGateway(options: HttpSkoOptions): HttpSkoGateway {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const now = options.now ?? Date.now;
  const keys: TrustedKeys = toTrustedKeys(options.publicKeys);
  const slots = limiter(MAX_IN_FLIGHT);
  let session: StoredSession = options.session.load();
  let base: string | null = typeof options.baseUrl === 'string' ? options.baseUrl : null;
  let closed = false;
  let agent: HttpAgent | HttpsAgent | null = null;
  let binding: Promise<void> | null = null;
  let refreshing: Promise<void> | null = null;
  const open = new Set<ReturnType<typeof httpRequest>>();

  const save = (next: StoredSession) => {
    session = next;
    if (!closed) options.session.save(next);
  };

  async function baseUrl(): Promise<string> {
    base ??= await options.baseUrl;
    return base;
  }

  /** `payload`: the exact JSON bytes to send (a document's are frozen by the outbox). */
  function send(method: 'GET' | 'POST', path: string, payload: string | undefined, headers: Record<string, string>): Promise<Reply> {
    return slots.run(async () => {
      if (closed) throw new SkoError('unreachable', 'CLOSED', 'Соединение с СКО закрыто');
      const url = new URL(path, await baseUrl());
      const https = url.protocol === 'https:';
      agent ??= https
        ? new HttpsAgent({ keepAlive: true, maxSockets: MAX_IN_FLIGHT, ...(options.ca ? { ca: options.ca } : {}) })
        : new HttpAgent({ keepAlive: true, maxSockets: MAX_IN_FLIGHT });
      try {
        return await once(url, https, method, payload, headers);
      } catch (err) {
        // A kept-alive socket the СКО had already closed: nothing was sent, so ask once more on a
        // fresh connection (Node's advice for reusedSocket; the idempotency key makes it safe anyway).
        if (err instanceof SkoError && err.code === 'REUSED_SOCKET') return await once(url, https, method, payload, headers);
        throw err;
      }
    });
  }

  function once(url: URL, https: boolean, method: string, payload: string | undefined, headers: Record<string, string>): Promise<Reply> {
    return new Promise<Reply>((resolve, reject) => {
      const req = (https ? httpsRequest : httpRequest)(url, {
        method,
        agent: agent!,
        headers: {
          Accept: 'application/json',
          ...(payload === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(payload)) }),
          ...headers,
        },
      });
      open.add(req);
      const timer = setTimeout(() => req.destroy(new SkoError('timeout', 'TIMEOUT', `СКО не ответил за ${timeoutMs} мс`)), timeoutMs);
      const finish = (fn: () => void) => {
        clearTimeout(timer);
        open.delete(req);
        fn();
      };
      let answered = false;
      req.on('error', (err) => {
        const stale = !answered && req.reusedSocket && (err as { code?: string }).code === 'ECONNRESET';
        finish(() => reject(stale ? new SkoError('dropped', 'REUSED_SOCKET', 'Связь с СКО оборвалась') : networkError(err)));
      });
      req.on('response', (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (err) => finish(() => reject(networkError(err))));
        res.on('close', () => {
          if (!res.complete) finish(() => reject(new SkoError('dropped', 'DROPPED', 'Связь с СКО оборвалась во время ответа')));
        });
        res.on('end', () => finish(() => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') })));
      });
      req.end(payload);
    });
  }

  // ─── Binding and tokens ───────────────────────────────────────────────────

  function bindNow(): Promise<void> {
    binding ??= (async () => {
      try {
        if (!options.deviceCode) throw new SkoError('auth', 'NO_DEVICE_CODE', 'Не задан код привязки кассы к СКО');
        const reply = await send('POST', PATHS.bind, JSON.stringify({ deviceCode: options.deviceCode, installationId: session.installationId }), {});
        if (reply.status !== 200) throw errorOf(reply, now());
        store(parseJson(reply, TokenPair, 'Привязка кассы'));
      } finally {
        binding = null;
      }
    })();
    return binding;
  }

  function store(pair: TokenPair): void {
    save({
      installationId: session.installationId,
      tillId: pair.tillId,
      accessToken: pair.accessToken,
      accessExpiresAt: now() + pair.accessExpiresIn * 1000,
      refreshToken: pair.refreshToken,
      state: 'valid',
    });
  }

  function refreshNow(usedToken: string | null): Promise<void> {
    if (session.state === 'valid' && session.accessToken !== usedToken && !expiring()) return Promise.resolve(); // already rotated by another request
    refreshing ??= (async () => {
      try {
        if (!session.refreshToken) return await bindNow();
        const reply = await send('POST', PATHS.refresh, JSON.stringify({ refreshToken: session.refreshToken }), {});
        if (reply.status === 200) return store(parseJson(reply, TokenPair, 'Обновление токена'));
        const err = errorOf(reply, now());
        if (err.code === ERROR_CODES.sessionReplaced) {
          save({ ...session, state: 'replaced', accessToken: null, refreshToken: null, accessExpiresAt: null });
          throw err;
        }
        // A refresh token that is unknown, expired or already rotated: bind again (same installation).
        if (err.kind === 'auth') return await bindNow();
        throw err;
      } finally {
        refreshing = null;
      }
    })();
    return refreshing;
  }

  const expiring = () => session.accessExpiresAt === null || session.accessExpiresAt - TOKEN_SKEW_MS < now();

  async function accessToken(): Promise<string> {
    if (session.state === 'replaced') {
      throw new SkoError('auth', ERROR_CODES.sessionReplaced, 'Сессия СКО завершена: выполнен вход с другого устройства. Введите PIN заново.');
    }
    if (!session.accessToken || !session.refreshToken) await bindNow();
    else if (expiring()) await refreshNow(session.accessToken);
    if (!session.accessToken) throw new SkoError('auth', 'NO_TOKEN', 'Нет токена доступа СКО');
    return session.accessToken;
  }

  /**
   * One authenticated request. An expired or rotated token is renewed and the request repeated
   * once (docs/sko-protocol.md «Errors»); a second 401 goes back to the caller, whose retry
   * (the outbox's backoff) tries again later.
   */
  async function authed(method: 'GET' | 'POST', path: string, payload: string | undefined, headers: Record<string, string> = {}): Promise<Reply> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const token = await accessToken();
      const till: Record<string, string> = session.tillId ? { [HEADERS.tillId]: session.tillId } : {};
      const reply = await send(method, path, payload, { ...headers, ...till, Authorization: `Bearer ${token}` });
      if (reply.status !== 401) return reply;
      const err = errorOf(reply, now());
      if (err.code === ERROR_CODES.sessionReplaced) {
        save({ ...session, state: 'replaced', accessToken: null, refreshToken: null, accessExpiresAt: null });
        throw new SkoError('auth', err.code, 'Сессия СКО завершена: выполнен вход с другого устройства. Введите PIN заново.');
      }
      if (err.code === ERROR_CODES.tokenExpired || err.code === ERROR_CODES.tokenInvalid) {
        if (session.accessToken === token) save({ ...session, accessExpiresAt: 0 });
        if (attempt === 1) throw err; // renewed once already: the caller's own retry tries again later
        await refreshNow(token);
        continue;
      }
      throw err;
    }
    throw new Error('unreachable: the loop above returns or throws');
  }

  function tokenState(): SkoConnectionInfo['token'] {
    if (session.state === 'replaced' || session.state === 'invalid') return { state: session.state, expiresAt: null };
    if (!session.accessToken || session.accessExpiresAt === null) return { state: 'none', expiresAt: null };
    return { state: session.accessExpiresAt <= now() ? 'expired' : 'valid', expiresAt: new Date(session.accessExpiresAt).toISOString() };
  }

  /** A working till takes nothing from a training СКО: what it accepted is not fiscal. */
  function refuseTraining(training: boolean | undefined, what: string): void {
    if (training === true && !options.training) {
      throw new SkoError('tampered', TRAINING_SKO, `${what}: СКО ответил как учебный, а касса работает в рабочем режиме. Проверьте адрес СКО в настройках.`);
    }
  }

  /**
   * A signed GET (requisites, status): the answer must echo our fresh nonce, name our till id and
   * carry a signature of a trusted key, like a document's answer.
   */
  async function signedQuery<T extends { tillId: string; training: boolean; nonce: string | null; keyId: string; signature: string }>(
    path: string,
    schema: z.ZodType<T>,
    what: string,
  ): Promise<T> {
    const nonce = randomBytes(16).toString('hex');
    const reply = await authed('GET', `${path}?nonce=${nonce}`, undefined);
    if (reply.status !== 200) throw errorOf(reply, now());
    const answer = parseJson(reply, schema, what, 'tampered');
    const problem =
      answer.nonce !== nonce ? 'ответ не на этот запрос (nonce)' : answer.tillId !== session.tillId ? 'ответ о другой ПК' : signatureProblem(answer, keys);
    if (problem) throw new SkoError('tampered', 'BAD_SIGNATURE', `${what}: ответ СКО отклонён: ${problem}`);
    refuseTraining(answer.training, what);
    return answer;
  }

  function verified(answer: DocumentAnswer, expected: Parameters<typeof answerProblem>[1]): SkoAnswer {
    const problem = answerProblem(answer, expected, keys);
    if (problem) throw new SkoError('tampered', 'BAD_SIGNATURE', `Ответ СКО отклонён: ${problem}`);
    refuseTraining(answer.training, 'Ответ на документ');
    return { skoDocId: answer.skoDocId, acceptedAt: answer.acceptedAt, verifyUrl: answer.verifyUrl, signature: answer.signature, keyId: answer.keyId };
  }

  async function prepare(doc: SkoDocument): Promise<string> {
    await accessToken(); // the till id comes with the binding
    return JSON.stringify(toProtocolRequest(doc, session.tillId ?? '').request);
  }

  /** No network: the binding's till id is what `prepare` would use after its token check. */
  function prepareNow(doc: SkoDocument): string | null {
    if (session.state !== 'valid' || !session.tillId || !session.accessToken) return null;
    try {
      return JSON.stringify(toProtocolRequest(doc, session.tillId).request);
    } catch {
      return null; // the outbox's `prepare` refuses it with the reason
    }
  }

  return {
    training: options.training,

    async unlock(pin) {
      try {
        // Entering the PIN is a person's decision: it may take the till back after another login.
        if (session.state === 'replaced' || session.state === 'invalid') await bindNow();
        const reply = await authed('POST', PATHS.unlock, JSON.stringify({ pin }));
        if (reply.status !== 200) throw errorOf(reply, now());
        const answer = parseJson(reply, UnlockAnswer, 'Разблокировка');
        refuseTraining(answer.training, 'PIN');
        return answer;
      } catch (err) {
        if (!(err instanceof SkoError)) throw err;
        if (err.code === TRAINING_SKO) throw new KassaError('FISCAL_UNAVAILABLE', err.message);
        if (err.code === ERROR_CODES.pinRefused) throw new KassaError('FISCAL_UNAVAILABLE', `СКО не принял PIN: ${err.message}`);
        throw new KassaError('FISCAL_UNAVAILABLE', `СКО недоступен, PIN не проверен: ${err.message}`);
      }
    },

    prepare,
    prepareNow,

    async submit(doc, frozen) {
      const body = frozen ?? (await prepare(doc));
      const kind = SkoKind.safeParse(doc.kind);
      if (!kind.success) throw new SkoError('rejected', 'LOCAL_KIND', `Вид документа «${doc.kind}» протокол СКО не знает`);
      const request = requestOf(body);
      const reply = await authed('POST', DOCUMENT_PATHS[kind.data], body, { [HEADERS.idempotencyKey]: doc.idempotencyKey });
      if (reply.status !== 200 && reply.status !== 201) throw errorOf(reply, now());
      const answer = parseJson(reply, DocumentAnswer, 'Ответ на документ', 'tampered');
      return verified(answer, expectedOf(doc.idempotencyKey, kind.data, request));
    },

    verifyStored(doc, body, stored) {
      const kind = SkoKind.safeParse(doc.kind);
      if (!kind.success) return `вид документа «${doc.kind}» протокол СКО не знает`;
      let request: Record<string, unknown>;
      try {
        request = requestOf(body);
      } catch (err) {
        return err instanceof Error ? err.message : String(err);
      }
      const expected = expectedOf(doc.idempotencyKey, kind.data, request);
      // Every signed field but the four the till keeps comes from the request it sent; `training`
      // is the till's own mode (it takes no other), absent from answers older than the field.
      const problem = answerProblem({ ...expected, ...stored, training: options.training }, expected, keys);
      return problem === null ? null : answerProblem({ ...expected, ...stored }, expected, keys);
    },

    async requisites(): Promise<SkoRequisites> {
      const t = await signedQuery(PATHS.till, TillInfo, 'Реквизиты');
      return {
        tillId: t.tillId,
        organization: t.organization,
        unp: t.unp,
        registrationNumber: t.registrationNumber,
        tradeObject: t.tradeObject,
        address: t.address,
      };
    },

    async ping() {
      const t0 = now();
      const status = await signedQuery(PATHS.status, StatusAnswer, 'Состояние');
      return { latencyMs: now() - t0, serverTime: status.serverTime };
    },

    async copy(q) {
      const reply = await authed('POST', PATHS.copies, JSON.stringify(q));
      if (reply.status !== 200) throw errorOf(reply, now());
      const copy = parseJson(reply, CopyAnswer, 'Копия документа', 'tampered');
      const parsed = DocumentRequests[copy.kind].safeParse(copy.request);
      if (!parsed.success) throw new SkoError('tampered', 'BAD_ANSWER', 'Копия документа: документ в ответе СКО не по протоколу');
      const request = parsed.data;
      if (request.shiftNumber !== q.shiftNumber || ('numberInShift' in q && request.numberInShift !== q.numberInShift)) {
        throw new SkoError('tampered', 'BAD_ANSWER', 'Копия документа: СКО прислал другой документ');
      }
      const answer = verified(copy.answer, { ...expectedOf(copy.answer.idempotencyKey, copy.kind, copy.request), tillId: session.tillId ?? '' });
      return { ...copyOf(copy.kind, request), idempotencyKey: copy.answer.idempotencyKey, answer };
    },

    info() {
      return { endpoint: options.endpointLabel ?? base ?? '…', token: tokenState(), inFlight: slots.active(), maxInFlightSeen: slots.maxSeen() };
    },

    close() {
      closed = true;
      for (const req of open) req.destroy(new SkoError('unreachable', 'CLOSED', 'Соединение с СКО закрыто'));
      agent?.destroy();
    },
  };
}
