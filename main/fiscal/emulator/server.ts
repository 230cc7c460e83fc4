/**
 * The СКО emulator: a real HTTP(S) server speaking docs/sko-protocol.md. Training mode runs it
 * in-process on 127.0.0.1:0; `npm run sko:emulator` runs it alone (cli.ts). It binds devices,
 * rotates tokens, checks the PIN, enforces the shift and numbering rules, answers a repeated
 * idempotency key with the first answer, signs every accepted document with its Ed25519 key,
 * keeps a journal, and injects the faults it is told to (faults.ts).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import {
  BindRequest,
  CopyRequest,
  DOCUMENT_PATHS,
  DocumentRequests,
  ERROR_CODES,
  HEADERS,
  MAX_IN_FLIGHT,
  PATHS,
  PROTOCOL_VERSION,
  RefreshRequest,
  UnlockRequest,
  Nonce,
  requestHash,
  signAnswer,
  signFields,
  type CopyAnswer,
  type DocumentAnswer,
  type ErrorBody,
  type SkoKind,
  type StatusAnswer,
  type TillInfo,
  type TokenPair,
} from '../protocol.js';
import { createFaults, NO_FAULTS, type FaultPlan, type FaultSpec, type FaultStats } from './faults.js';
import { insertDocument, openJournal, type Journal, type JournalDocument } from './journal.js';
import { loadOrCreateSigningKey } from './keys.js';
import { openShiftOf, refusalOf } from './rules.js';
import { readBody } from '../../http/read-body.js';
import type { Logger } from '../../log/logger.js';

export type EmulatorRequisites = {
  readonly organization: string;
  readonly unp: string;
  readonly registrationNumber: string;
  readonly tradeObject: string | null;
  readonly address: string | null;
};

export const TRAINING_REQUISITES: EmulatorRequisites = {
  organization: 'ООО «Учебный магазин»',
  unp: '192608414',
  registrationNumber: '119000702',
  tradeObject: 'Магазин «У дома»',
  address: 'г. Минск, ул. Притыцкого, 1',
};

export type SkoEmulatorOptions = {
  readonly dataDir: string;
  readonly host?: string;
  readonly port?: number;
  readonly faults?: FaultSpec;
  /** Base of the verification URLs printed as QR codes; default: this server's own URL. */
  readonly publicBaseUrl?: string;
  readonly requisites?: Partial<EmulatorRequisites>;
  readonly accessTtlSeconds?: number;
  readonly refreshTtlSeconds?: number;
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer };
  readonly clock?: () => Date;
  /**
   * What its answers say it is (default true: a training СКО, not fiscal). False plays an operator's
   * working СКО, to test a working-mode till against it.
   */
  readonly training?: boolean;
  /** Where a request that broke the emulator itself (500) is recorded. */
  readonly log?: Logger;
};

export type EmulatorStats = FaultStats & {
  accepted: number;
  replays: number;
  refusals: number;
  inFlight: number;
  /** The most requests of one till that were ever in flight at once. */
  maxInFlight: number;
  tooManyInFlight: number;
  /** Documents committed after their client had already hung up (timeouts, kills). */
  lateCommits: number;
  binds: number;
  refreshes: number;
  documents: number;
};

export type SkoEmulator = {
  readonly dataDir: string;
  readonly publicKeyPem: string;
  readonly keyId: string;
  readonly journal: Journal;
  /** Starts listening; resolves with the base URL. */
  listen(): Promise<string>;
  url(): string;
  stats(): EmulatorStats;
  setFaults(spec: FaultSpec): void;
  /** Stops at once (connections cut, journal closed); resolves when the port is free. */
  close(): Promise<void>;
};

type Reply = {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly committed?: boolean;
  /** A page for a person (the QR on a receipt) instead of the JSON body. */
  readonly html?: string;
};
type Till = { readonly tillId: string; readonly deviceCode: string; readonly unlocked: boolean };
type Route = {
  readonly method: 'GET' | 'POST';
  readonly auth: boolean;
  readonly faults: 'document' | 'auth' | 'other';
  readonly run: (input: { url: URL; body: unknown; till: Till | null; req: IncomingMessage }) => Reply;
};

const KEY_PATTERN = /^[A-Za-z0-9._:-]{8,100}$/;

const fail = (status: number, code: string, message: string, extra: Partial<ErrorBody> = {}): Reply => ({ status, body: { code, message, ...extra } });

type CheckRow = { sko_doc_id: string; kind: SkoKind; till_id: string; shift_number: number; number_in_shift: number; total: number; accepted_at: string };

/** `?format=json`, or an Accept that asks for JSON and not for a page. */
function wantsJson(req: IncomingMessage, url: URL): boolean {
  const format = url.searchParams.get('format');
  if (format === 'json') return true;
  if (format === 'html') return false;
  const accept = req.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

const KIND_NAMES: Readonly<Record<SkoKind, string>> = {
  shift_open: 'Открытие смены',
  sale: 'Кассовый чек (продажа)',
  return: 'Чек возврата',
  annulment: 'Аннулирование',
  cash_in: 'Внесение',
  cash_out: 'Изъятие',
  x_report: 'X-отчёт',
  z_report: 'Z-отчёт',
};

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const rubles = (kopecks: number) => `${kopecks < 0 ? '-' : ''}${Math.floor(Math.abs(kopecks) / 100)}.${String(Math.abs(kopecks) % 100).padStart(2, '0')}`;

/** The public check-search page of one document: what a customer sees after scanning the QR. */
function checkPage(id: string, row: CheckRow | undefined): string {
  const rows: [string, string][] = row
    ? [
        ['Документ', KIND_NAMES[row.kind] ?? row.kind],
        ['Номер в СКО', row.sko_doc_id],
        ['Касса (ID ПК)', row.till_id],
        ['Смена', String(row.shift_number)],
        ['Номер в смене', String(row.number_in_shift)],
        ['Сумма, BYN', rubles(row.total)],
        ['Принят СКО', row.accepted_at.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')],
      ]
    : [];
  const body = row
    ? `<p class="ok">Документ найден в СКО.</p><table>${rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>`
    : `<p class="no">Документ «${escapeHtml(id)}» в СКО не найден.</p>`;
  return `<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Проверка чека — эмулятор СКО</title>
<style>body{font:16px/1.4 system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.3rem}.training{background:#fff3cd;border:1px solid #e0c36c;padding:.5rem .75rem;border-radius:4px}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #ddd}th{color:#555;font-weight:normal;width:45%}
.ok{color:#1d6b2a;font-weight:600}.no{color:#a12020;font-weight:600}</style></head>
<body><h1>Проверка кассового документа</h1>
<p class="training">Учебный режим: это эмулятор СКО, документ не передан в налоговые органы.</p>
${body}
</body></html>
`;
}

export function createSkoEmulator(options: SkoEmulatorOptions): SkoEmulator {
  const journal = openJournal(options.dataDir);
  const key = loadOrCreateSigningKey(options.dataDir);
  const faults = createFaults(options.faults ?? NO_FAULTS);
  const clock = options.clock ?? (() => new Date());
  const training = options.training ?? true;
  const requisites: EmulatorRequisites = { ...TRAINING_REQUISITES, ...options.requisites };
  const accessTtl = options.accessTtlSeconds ?? 900;
  const refreshTtl = options.refreshTtlSeconds ?? 30 * 24 * 3600;
  const host = options.host ?? '127.0.0.1';
  const aborter = new AbortController();
  const inFlight = new Map<string, number>();
  const counters = { maxInFlight: 0, tooManyInFlight: 0, lateCommits: 0, binds: 0, refreshes: 0, accepted: 0 };
  let baseUrl: string | null = null;
  let closed = false;
  /** The listen under way or done; a close while it is under way waits for it and frees the port. */
  let listening: Promise<string> | null = null;

  const hash = (token: string) => createHash('sha256').update(token).digest('hex');
  const newToken = () => randomBytes(32).toString('base64url');
  const nowMs = () => clock().getTime();

  // ─── Devices, sessions, tokens ──────────────────────────────────────────────

  function tillIdOf(deviceCode: string): string {
    const hex = createHash('sha256').update(`till:${deviceCode}`).digest('hex');
    return [...hex]
      .map((c) => String(parseInt(c, 16) % 10))
      .join('')
      .slice(0, 20);
  }

  function issueTokens(sessionId: number, tillId: string): TokenPair {
    const accessToken = newToken();
    const refreshToken = newToken();
    const insert = journal.prepare('INSERT INTO tokens (hash, session_id, kind, expires_at) VALUES (?, ?, ?, ?)');
    insert.run(hash(accessToken), sessionId, 'access', nowMs() + accessTtl * 1000);
    insert.run(hash(refreshToken), sessionId, 'refresh', nowMs() + refreshTtl * 1000);
    return { tillId, accessToken, refreshToken, accessExpiresIn: accessTtl, refreshExpiresIn: refreshTtl };
  }

  const bind = journal.transaction((deviceCode: string, installationId: string): Reply => {
    const at = clock().toISOString();
    journal.run('INSERT INTO devices (device_code, till_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', deviceCode, tillIdOf(deviceCode), at);
    const tillId = journal.value<string>('SELECT till_id FROM devices WHERE device_code = ?', deviceCode)!;
    // A login from another installation replaces the older sessions; our own older ones just end.
    journal.run(
      "UPDATE sessions SET state = CASE WHEN installation_id = ? THEN 'revoked' ELSE 'replaced' END WHERE device_code = ? AND state = 'active'",
      installationId,
      deviceCode,
    );
    const sessionId = Number(
      journal.run("INSERT INTO sessions (device_code, installation_id, state, created_at) VALUES (?, ?, 'active', ?)", deviceCode, installationId, at)
        .lastInsertRowid,
    );
    counters.binds++;
    return { status: 200, body: issueTokens(sessionId, tillId), committed: true };
  });

  type TokenRow = {
    session_id: number;
    kind: string;
    expires_at: number;
    used_at: string | null;
    state: string;
    device_code: string;
    till_id: string;
    unlocked: number;
  };
  const tokenRow = (token: string) =>
    journal.one<TokenRow>(
      `SELECT t.session_id, t.kind, t.expires_at, t.used_at, s.state, s.device_code, d.till_id, d.unlocked
         FROM tokens t JOIN sessions s ON s.id = t.session_id JOIN devices d ON d.device_code = s.device_code WHERE t.hash = ?`,
      hash(token),
    );

  const refresh = journal.transaction((refreshToken: string): Reply => {
    const row = tokenRow(refreshToken);
    if (!row || row.kind !== 'refresh') return fail(401, ERROR_CODES.refreshInvalid, 'Токен обновления не найден');
    if (row.state === 'replaced') return fail(401, ERROR_CODES.sessionReplaced, 'Выполнен вход с другого устройства');
    if (row.state !== 'active' || row.expires_at < nowMs()) return fail(401, ERROR_CODES.refreshInvalid, 'Токен обновления недействителен');
    if (row.used_at !== null) {
      // A rotated token came back: someone holds a copy. End the whole session.
      journal.run("UPDATE sessions SET state = 'revoked' WHERE id = ?", row.session_id);
      return fail(401, ERROR_CODES.refreshInvalid, 'Токен обновления уже использован');
    }
    journal.run('UPDATE tokens SET used_at = ? WHERE hash = ?', clock().toISOString(), hash(refreshToken));
    journal.run("DELETE FROM tokens WHERE session_id = ? AND kind = 'access'", row.session_id);
    counters.refreshes++;
    return { status: 200, body: issueTokens(row.session_id, row.till_id), committed: true };
  });

  function authenticate(req: IncomingMessage, plan: FaultPlan): Till | Reply {
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    const row = token ? tokenRow(token) : undefined;
    if (!row || row.kind !== 'access') return fail(401, ERROR_CODES.tokenInvalid, 'Токен доступа не найден');
    if (row.state === 'replaced') return fail(401, ERROR_CODES.sessionReplaced, 'Выполнен вход с другого устройства');
    if (row.state !== 'active') return fail(401, ERROR_CODES.tokenInvalid, 'Сессия завершена');
    if (plan.expireToken) {
      journal.run('UPDATE tokens SET expires_at = ? WHERE hash = ?', nowMs() - 1, hash(token));
      faults.stats.expiredTokens++;
      return fail(401, ERROR_CODES.tokenExpired, 'Срок действия токена истёк');
    }
    if (row.expires_at < nowMs()) return fail(401, ERROR_CODES.tokenExpired, 'Срок действия токена истёк');
    const claimed = req.headers[HEADERS.tillId];
    if (claimed !== undefined && claimed !== row.till_id) return fail(400, ERROR_CODES.tillMismatch, 'Идентификатор ПК не совпадает с привязкой');
    return { tillId: row.till_id, deviceCode: row.device_code, unlocked: row.unlocked === 1 };
  }

  // ─── Documents ──────────────────────────────────────────────────────────────

  const accept = journal.transaction((till: Till, kind: SkoKind, idempotencyKey: string, body: unknown): Reply => {
    const parsed = DocumentRequests[kind].safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return fail(400, ERROR_CODES.validation, `Неверный документ: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'формат'}`);
    }
    const req = parsed.data;
    if (req.tillId !== till.tillId) return fail(400, ERROR_CODES.tillMismatch, 'Документ другой ПК');
    const reqHash = requestHash(body);
    const existing = journal.one<JournalDocument>('SELECT * FROM documents WHERE till_id = ? AND idempotency_key = ?', till.tillId, idempotencyKey);
    if (existing) {
      if (existing.request_hash !== reqHash || existing.kind !== kind) {
        return fail(409, ERROR_CODES.idempotencyConflict, 'Этот ключ идемпотентности уже использован для другого документа');
      }
      journal.run('UPDATE documents SET replays = replays + 1 WHERE seq = ?', existing.seq);
      return { status: 200, body: JSON.parse(existing.answer), headers: { [HEADERS.replay]: 'true' }, committed: true };
    }
    const refusal = refusalOf(journal, till.tillId, kind, req);
    if (refusal) {
      journal.run(
        'INSERT INTO refusals (at, till_id, idempotency_key, kind, code, message) VALUES (?, ?, ?, ?, ?, ?)',
        clock().toISOString(),
        till.tillId,
        idempotencyKey,
        kind,
        refusal.code,
        refusal.message,
      );
      return fail(refusal.status, refusal.code, refusal.message);
    }
    const skoDocId = `T-${createHash('sha256').update(`${till.tillId}:${idempotencyKey}`).digest('hex').slice(0, 12).toUpperCase()}`;
    const answer: DocumentAnswer = signAnswer(
      {
        skoDocId,
        tillId: till.tillId,
        idempotencyKey,
        kind,
        shiftNumber: req.shiftNumber,
        numberInShift: req.numberInShift,
        total: req.total,
        requestHash: reqHash,
        acceptedAt: clock().toISOString(),
        verifyUrl: `${options.publicBaseUrl ?? baseUrl ?? 'http://127.0.0.1'}${PATHS.check}?id=${skoDocId}`,
        training,
        keyId: key.keyId,
      },
      key.privateKey,
    );
    insertDocument(journal, {
      sko_doc_id: skoDocId,
      till_id: till.tillId,
      idempotency_key: idempotencyKey,
      kind,
      shift_number: req.shiftNumber,
      number_in_shift: req.numberInShift,
      created_at: req.createdAt,
      cashier_id: req.cashierId,
      total: req.total,
      request: JSON.stringify(body),
      request_hash: reqHash,
      accepted_at: answer.acceptedAt,
      verify_url: answer.verifyUrl,
      key_id: answer.keyId,
      signature: answer.signature,
      answer: JSON.stringify(answer),
    });
    if (kind === 'shift_open') journal.run('INSERT INTO shifts (till_id, number, opened_at) VALUES (?, ?, ?)', till.tillId, req.shiftNumber, req.createdAt);
    if (kind === 'z_report') journal.run('UPDATE shifts SET closed_at = ? WHERE till_id = ? AND number = ?', req.createdAt, till.tillId, req.shiftNumber);
    counters.accepted++;
    return { status: 201, body: answer, committed: true };
  });

  function copyOf(till: Till, body: unknown): Reply {
    const parsed = CopyRequest.safeParse(body);
    if (!parsed.success) return fail(400, ERROR_CODES.validation, 'Укажите смену и номер документа или только смену (копия Z)');
    const q = parsed.data;
    const row = (
      'numberInShift' in q
        ? journal
            .prepare('SELECT kind, request, answer FROM documents WHERE till_id = ? AND shift_number = ? AND number_in_shift = ?')
            .get(till.tillId, q.shiftNumber, q.numberInShift)
        : journal.prepare("SELECT kind, request, answer FROM documents WHERE till_id = ? AND shift_number = ? AND kind = 'z_report'").get(till.tillId, q.shiftNumber)
    ) as { kind: SkoKind; request: string; answer: string } | undefined;
    if (!row) return fail(404, ERROR_CODES.notFound, 'Документ не найден в СКО');
    const copy: CopyAnswer = { kind: row.kind, request: JSON.parse(row.request) as Record<string, unknown>, answer: JSON.parse(row.answer) as DocumentAnswer };
    return { status: 200, body: copy };
  }

  /** The query's nonce: null without one (a person's curl), undefined when malformed. */
  function nonceOf(url: URL): string | null | undefined {
    const raw = url.searchParams.get('nonce');
    if (raw === null) return null;
    return Nonce.safeParse(raw).success ? raw : undefined;
  }

  // ─── Routes ─────────────────────────────────────────────────────────────────

  const routes = new Map<string, Route>();
  const route = (method: Route['method'], path: string, r: Omit<Route, 'method'>) => routes.set(`${method} ${path}`, { method, ...r });

  route('GET', PATHS.health, { auth: false, faults: 'other', run: () => ({ status: 200, body: { ok: true, training, protocol: PROTOCOL_VERSION } }) });
  route('GET', PATHS.keys, {
    auth: false,
    faults: 'other',
    run: () => ({ status: 200, body: { keys: [{ keyId: key.keyId, algorithm: 'Ed25519', publicKeyPem: key.publicKeyPem }] } }),
  });
  route('GET', PATHS.check, {
    auth: false,
    faults: 'other',
    run: ({ url, req }) => {
      const id = url.searchParams.get('id') ?? '';
      const row = journal.one<CheckRow>(
        'SELECT sko_doc_id, kind, till_id, shift_number, number_in_shift, total, accepted_at FROM documents WHERE sko_doc_id = ?',
        id,
      );
      const reply = row ? { status: 200, body: { ...row, training } } : fail(404, ERROR_CODES.notFound, 'Документ не найден');
      // The QR on the receipt opens this in a phone's browser; machines ask for JSON.
      return wantsJson(req, url) ? reply : { ...reply, html: checkPage(id, row) };
    },
  });
  route('POST', PATHS.bind, {
    auth: false,
    faults: 'auth',
    run: ({ body }) => {
      const parsed = BindRequest.safeParse(body);
      if (!parsed.success) return fail(400, ERROR_CODES.validation, 'Нужны код привязки и идентификатор установки');
      return bind(parsed.data.deviceCode, parsed.data.installationId);
    },
  });
  route('POST', PATHS.refresh, {
    auth: false,
    faults: 'auth',
    run: ({ body }) => {
      const parsed = RefreshRequest.safeParse(body);
      return parsed.success ? refresh(parsed.data.refreshToken) : fail(400, ERROR_CODES.validation, 'Нужен токен обновления');
    },
  });
  route('POST', PATHS.unlock, {
    auth: true,
    faults: 'auth',
    run: ({ body, till }) => {
      const parsed = UnlockRequest.safeParse(body);
      if (!parsed.success) return fail(400, ERROR_CODES.validation, 'PIN — от 4 до 8 цифр');
      if (faults.spec().refusePin) {
        faults.stats.refusedPins++;
        return fail(403, ERROR_CODES.pinRefused, 'PIN не подходит к этой ПК');
      }
      journal.run('UPDATE devices SET unlocked = 1 WHERE device_code = ?', till!.deviceCode);
      return { status: 200, body: { training, message: training ? 'Учебный режим: эмулятор СКО принял PIN' : 'PIN принят' }, committed: true };
    },
  });
  route('GET', PATHS.till, {
    auth: true,
    faults: 'auth',
    run: ({ till, url }) => {
      const nonce = nonceOf(url);
      if (nonce === undefined) return fail(400, ERROR_CODES.validation, 'nonce — от 16 до 64 шестнадцатеричных цифр');
      const info: TillInfo = signFields({ tillId: till!.tillId, ...requisites, training, nonce, keyId: key.keyId }, key.privateKey);
      return { status: 200, body: info };
    },
  });
  route('GET', PATHS.status, {
    auth: true,
    faults: 'auth',
    run: ({ till, url }) => {
      const nonce = nonceOf(url);
      if (nonce === undefined) return fail(400, ERROR_CODES.validation, 'nonce — от 16 до 64 шестнадцатеричных цифр');
      const open = openShiftOf(journal, till!.tillId);
      const last = journal.one<{ number: number; closed_at: string | null }>(
        'SELECT number, closed_at FROM shifts WHERE till_id = ? ORDER BY number DESC LIMIT 1',
        till!.tillId,
      );
      const shiftNumber = open?.number ?? last?.number;
      const docs =
        shiftNumber === undefined
          ? { n: 0, last: 0 }
          : journal.one<{ n: number; last: number }>(
              'SELECT count(*) AS n, coalesce(max(number_in_shift), 0) AS last FROM documents WHERE till_id = ? AND shift_number = ?',
              till!.tillId,
              shiftNumber,
            )!;
      const answer: StatusAnswer = signFields(
        {
          serverTime: clock().toISOString(),
          training,
          tillId: till!.tillId,
          unlocked: till!.unlocked,
          shift: shiftNumber === undefined ? null : { number: shiftNumber, open: open !== undefined, documents: docs.n, lastNumber: docs.last },
          nonce,
          keyId: key.keyId,
        },
        key.privateKey,
      );
      return { status: 200, body: answer };
    },
  });
  route('POST', PATHS.copies, { auth: true, faults: 'document', run: ({ till, body }) => copyOf(till!, body) });
  for (const [kind, path] of Object.entries(DOCUMENT_PATHS) as [SkoKind, string][]) {
    route('POST', path, {
      auth: true,
      faults: 'document',
      run: ({ till, body, req }) => {
        if (!till!.unlocked) return fail(403, ERROR_CODES.locked, 'ПК не разблокирована PIN-кодом');
        const idempotencyKey = req.headers[HEADERS.idempotencyKey];
        if (typeof idempotencyKey !== 'string' || !KEY_PATTERN.test(idempotencyKey)) {
          return fail(400, ERROR_CODES.validation, 'Нужен заголовок Idempotency-Key (8–100 символов)');
        }
        return accept(till!, kind, idempotencyKey, body);
      },
    });
  }

  // ─── HTTP ───────────────────────────────────────────────────────────────────

  function sleep(ms: number): Promise<void> {
    if (ms <= 0 || closed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        aborter.signal.removeEventListener('abort', done);
        resolve();
      }
      aborter.signal.addEventListener('abort', done, { once: true });
    });
  }

  function send(res: ServerResponse, reply: Reply): void {
    if (res.headersSent || res.destroyed) return;
    const text = reply.html ?? JSON.stringify(reply.body);
    const type = reply.html === undefined ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8';
    res.writeHead(reply.status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(text), ...reply.headers });
    res.end(text);
  }

  /** Headers and half the body, then the connection is cut: the client cannot tell whether we committed. */
  function dropMidResponse(res: ServerResponse, reply: Reply): void {
    const text = JSON.stringify(reply.body);
    res.writeHead(reply.status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
    res.write(text.slice(0, Math.floor(text.length / 2)), () => res.socket?.destroy());
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    if (url.pathname === '/_emulator/stats' && req.method === 'GET') return send(res, { status: 200, body: stats() });
    const r = routes.get(`${req.method} ${url.pathname}`);
    if (!r) return send(res, fail(404, ERROR_CODES.notFound, 'Нет такого метода протокола'));
    const plan = faults.plan(r.faults);

    let till: Till | null = null;
    let release = () => {};
    if (r.auth) {
      const who = authenticate(req, plan);
      if ('status' in who) return send(res, who);
      till = who;
      const n = (inFlight.get(who.tillId) ?? 0) + 1;
      if (n > MAX_IN_FLIGHT) {
        counters.tooManyInFlight++;
        return send(res, {
          status: 429,
          headers: { [HEADERS.retryAfter]: '1' },
          body: { code: ERROR_CODES.tooManyInFlight, message: `Не более ${MAX_IN_FLIGHT} запросов одновременно`, retryAfterMs: 100 },
        });
      }
      inFlight.set(who.tillId, n);
      counters.maxInFlight = Math.max(counters.maxInFlight, n);
      let released = false;
      release = () => {
        if (released) return;
        released = true;
        inFlight.set(who.tillId, (inFlight.get(who.tillId) ?? 1) - 1);
      };
      res.once('close', release); // the client hung up (timeout, kill): no longer in flight
    }
    try {
      // The body first, as a server does; then the "work" (latency), during which the client may go away.
      const raw = await readBody(req).catch(() => null);
      await sleep(plan.latencyMs);
      if (closed) return;
      if (plan.rateLimited) {
        const ms = faults.spec().retryAfterMs;
        return send(res, {
          status: 429,
          headers: { [HEADERS.retryAfter]: String(Math.ceil(ms / 1000)) },
          body: { code: ERROR_CODES.rateLimited, message: 'Слишком много запросов, повторите позже', retryAfterMs: ms },
        });
      }
      if (plan.serverError) return send(res, fail(plan.serverError, ERROR_CODES.internal, 'Внутренняя ошибка СКО'));
      await sleep(plan.hangMs); // the client gives up; the request is still handled below
      if (closed) return;
      let body: unknown = undefined;
      if (raw) {
        try {
          body = JSON.parse(raw);
        } catch {
          return send(res, fail(400, ERROR_CODES.validation, 'Тело запроса — не JSON'));
        }
      }
      const reply = r.run({ url, body, till, req });
      if (res.destroyed || res.writableEnded) {
        if (reply.committed && r.faults === 'document') counters.lateCommits++;
        return;
      }
      if (plan.drop && reply.committed) {
        faults.stats.drops++;
        return dropMidResponse(res, reply);
      }
      send(res, reply);
    } finally {
      release();
    }
  }

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((err: unknown) => {
      options.log?.error({ err, method: req.method, url: req.url }, 'request failed');
      if (closed) return;
      send(res, fail(500, ERROR_CODES.internal, `Ошибка эмулятора: ${err instanceof Error ? err.message : String(err)}`));
    });
  };
  const server: Server = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, onRequest) : createHttpServer(onRequest);
  server.keepAliveTimeout = 5_000;

  function stats(): EmulatorStats {
    const journalCounts = closed
      ? { documents: 0, replays: 0, refusals: 0 }
      : journal.one<{ documents: number; replays: number; refusals: number }>(
          'SELECT (SELECT count(*) FROM documents) AS documents, (SELECT coalesce(sum(replays), 0) FROM documents) AS replays, (SELECT count(*) FROM refusals) AS refusals',
        )!;
    const inFlightNow = [...inFlight.values()].reduce((a, b) => a + b, 0);
    return { ...faults.stats, ...counters, ...journalCounts, inFlight: inFlightNow };
  }

  return {
    dataDir: options.dataDir,
    publicKeyPem: key.publicKeyPem,
    keyId: key.keyId,
    journal,
    listen() {
      listening ??= new Promise((resolve, reject) => {
        if (closed) return reject(new Error('emulator closed'));
        server.once('error', reject);
        server.listen(options.port ?? 0, host, () => {
          server.off('error', reject);
          // Closed while the port was being bound: let it go again instead of listening for nobody.
          if (closed) return server.close(() => reject(new Error('emulator closed')));
          const { port } = server.address() as AddressInfo;
          baseUrl = `${options.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
          resolve(baseUrl);
        });
      });
      return listening;
    },
    url() {
      if (!baseUrl) throw new Error('emulator is not listening');
      return baseUrl;
    },
    stats,
    setFaults: (spec) => faults.set(spec),
    close() {
      if (closed) return Promise.resolve();
      closed = true;
      aborter.abort();
      const done = server.listening
        ? new Promise<void>((resolve) => server.close(() => resolve()))
        : (listening ?? Promise.resolve('')).then(
            () => undefined,
            () => undefined,
          );
      server.closeAllConnections();
      journal.close();
      return done;
    },
  };
}

export async function startSkoEmulator(options: SkoEmulatorOptions): Promise<SkoEmulator & { readonly baseUrl: string }> {
  const emulator = createSkoEmulator(options);
  try {
    const baseUrl = await emulator.listen();
    return Object.assign(emulator, { baseUrl });
  } catch (err) {
    await emulator.close();
    throw err;
  }
}
