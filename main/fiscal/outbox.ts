/**
 * Delivers queued documents to the СКО: up to 3 at a time, each with its own idempotency key on
 * every retry, exponential backoff with jitter, a pause for the whole queue when the СКО is
 * unreachable or asks to slow down (429). Documents that open or close a shift go alone, after
 * everything before them is accepted, and nothing after them starts until they are.
 *
 * The request bytes of a document are kept before its first send and sent as is on every retry.
 * The answer and the delivery mark are written in one transaction, so a crash between the
 * СКО's commit and ours only repeats a request the СКО answers the same.
 */
import type { EventPayload } from '../../preload/contract/index.js';
import type { AuditAction } from '../../common/audit-actions.js';
import { withoutFsync } from '../db/commit.js';
import { oldestAgeMinutes } from '../domain/offline-policy.js';
import type { Fiscal, FiscalDeps, OutboxState } from '../services/context.js';
import { SkoError, type SkoAnswer, type SkoDocument } from './gateway.js';
import { BARRIER_KINDS, ERROR_CODES, MAX_IN_FLIGHT } from './protocol.js';
import { phase } from '../log/trace.js';

export type OutboxSender = Fiscal & { stop(): void };

export type SenderOptions = {
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
  /** How often an idle sender looks for work it was not told about (and for a changed queue). */
  readonly idlePollMs?: number;
  /** Wall clock for scheduling retries (the business clock may be frozen in tests). */
  readonly now?: () => number;
  readonly random?: () => number;
  readonly log?: (msg: string, err?: unknown) => void;
};

export const DEFAULT_RETRY_BASE_MS = 1_000;
export const DEFAULT_RETRY_MAX_MS = 5 * 60_000;

/**
 * A refused one of these holds everything after it (the shift it opens or closes is not at the
 * СКО, so nothing later can be accepted), and one of these waits for every earlier document —
 * refused ones too — to be accepted. A refused return or annulment holds nothing: it refers to
 * one earlier document, and the later ones do not refer to it.
 */
const SHIFT_BARRIERS: ReadonlySet<string> = new Set(['shift_open', 'z_report']);
const SHIFT_BARRIER_SQL = `('shift_open', 'z_report')`;

/** Failures only a person entering the PIN again can end. */
const PIN_CODES: ReadonlySet<string> = new Set([ERROR_CODES.sessionReplaced, ERROR_CODES.locked]);

type OutboxRow = { id: number; document_id: number; attempts: number; rejected_at: string | null; kind: string };
type QueueEvent = EventPayload<'fiscal.queue'>;

/** "Equal jitter": half the exponential delay fixed, half random, so tills do not retry in step. */
export function retryDelayMs(attempts: number, random: () => number = Math.random, baseMs = DEFAULT_RETRY_BASE_MS, maxMs = DEFAULT_RETRY_MAX_MS): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.min(30, Math.max(0, attempts - 1)));
  return Math.round(exp / 2 + random() * (exp / 2));
}

export function startOutboxSender(deps: FiscalDeps, options: SenderOptions = {}): OutboxSender {
  const { db, sko } = deps;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const baseMs = options.retryBaseMs ?? DEFAULT_RETRY_BASE_MS;
  const maxMs = options.retryMaxMs ?? DEFAULT_RETRY_MAX_MS;
  const idlePollMs = options.idlePollMs ?? 1_000;
  const log = options.log ?? console.error;

  const inFlight = new Set<number>();
  /** Wall-clock ms before which a row is not tried again. Empty after a restart: all due. */
  const retryAt = new Map<number, number>();
  /** The whole queue waits: nothing listened (cleared when a person presses Z). */
  let holdUntil = 0;
  /** The whole queue waits: the СКО said 429 and how long. Nobody overrides the СКО's Retry-After. */
  let rateLimitUntil = 0;
  let consecutiveFailures = 0;
  /** The last attempt found nothing listening (not a slow or failing СКО: no СКО at all). */
  let lastUnreachable = false;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let idleWaiters: (() => void)[] = [];
  let lastEmitted = '';
  const state: { lastError: OutboxState['lastError']; lastDeliveredAt: string | null; lastContactAt: string | null; reachable: boolean | null; needsPin: boolean } =
    {
      lastError: null,
      lastDeliveredAt: null,
      lastContactAt: null,
      reachable: null,
      needsPin: false,
    };

  // A working СКО gets working documents only: a training document never reaches it, even if one
  // were left queued across a switch (going live also waits for an empty queue).
  const scan = () =>
    db.all<OutboxRow>(
      `SELECT o.id, o.document_id, o.attempts, o.rejected_at, d.kind
       FROM outbox o JOIN documents d ON d.id = o.document_id
       WHERE o.delivered_at IS NULL AND (? = 1 OR d.training = 0) ORDER BY o.id LIMIT 300`,
      sko.training ? 1 : 0,
    );
  const payloadOf = (id: number) => db.value<string>('SELECT payload FROM outbox WHERE id = ?', id)!;
  const bodyOf = (id: number) => db.value<string | null>('SELECT request_body FROM outbox WHERE id = ?', id) ?? null;
  const freeze = db.prepare('UPDATE outbox SET request_body = ? WHERE id = ? AND request_body IS NULL');
  const waitingIds = () => db.values<number>('SELECT id FROM outbox WHERE delivered_at IS NULL AND rejected_at IS NULL');
  const rejected = () => db.value<number>('SELECT count(*) FROM outbox WHERE delivered_at IS NULL AND rejected_at IS NOT NULL')!;
  // Waiting documents that cannot go because of a refused one ahead (see SHIFT_BARRIERS).
  const blocked = () =>
    db.value<number>(
      `WITH r AS (SELECT min(o.id) AS first_refused, min(CASE WHEN d.kind IN ${SHIFT_BARRIER_SQL} THEN o.id END) AS first_shift
                  FROM outbox o JOIN documents d ON d.id = o.document_id WHERE o.delivered_at IS NULL AND o.rejected_at IS NOT NULL),
            h AS (SELECT min(o.id) AS held FROM outbox o JOIN documents d ON d.id = o.document_id, r
                  WHERE o.delivered_at IS NULL AND o.rejected_at IS NULL AND d.kind IN ${SHIFT_BARRIER_SQL} AND o.id > r.first_refused)
       SELECT count(*) FROM outbox o, r, h
       WHERE o.delivered_at IS NULL AND o.rejected_at IS NULL AND (o.id > r.first_shift OR o.id >= h.held)`,
    )!;
  // No fsync of its own: lost on a power cut, the answer comes again — the frozen request goes again
  // with its idempotency key and the СКО answers it the same (see the top). The document itself,
  // its outbox row and the frozen request are fsync'd.
  const saveAnswer = (row: OutboxRow, answer: SkoAnswer, at: string) =>
    withoutFsync(db, () => {
      db.run(
        'INSERT INTO fiscal_answers (document_id, sko_doc_id, accepted_at, verify_url, signature, key_id) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
        row.document_id,
        answer.skoDocId,
        answer.acceptedAt,
        answer.verifyUrl,
        answer.signature,
        answer.keyId,
      );
      db.run('UPDATE outbox SET delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?', at, row.id);
    });
  const saveFailure = db.prepare('UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?');
  const saveRejection = db.prepare('UPDATE outbox SET attempts = attempts + 1, rejected_at = ?, reject_code = ?, last_error = ? WHERE id = ?');
  const auditInsert = db.prepare('INSERT INTO audit_log (at, user_id, action, details) VALUES (?, NULL, ?, ?)');
  /** An entry of the sender's own (no user), named as services/audit.ts names every other. */
  const auditEntry = (at: string, action: AuditAction, details: Record<string, unknown>) => auditInsert.run(at, action, JSON.stringify(details));

  const pending = () =>
    db.one<{ pending: number; oldestAt: string | null }>('SELECT count(*) AS pending, min(created_at) AS oldestAt FROM outbox WHERE delivered_at IS NULL')!;
  const businessNow = () => deps.clock().toISOString();
  const needsPin = () => state.needsPin || sko.info().token.state === 'replaced';

  function queueNow(): QueueEvent {
    const p = pending();
    return {
      ...p,
      oldestAgeMinutes: oldestAgeMinutes(p, deps.clock()),
      rejected: rejected(),
      blocked: blocked(),
      needsPin: needsPin(),
    };
  }

  /** «не передано оператору: N» and its age follow every change, also while nothing can be sent. */
  function emitIfChanged(): void {
    if (stopped) return;
    const q = queueNow();
    const key = JSON.stringify(q);
    if (key === lastEmitted) return;
    lastEmitted = key;
    deps.emit('fiscal.queue', q);
  }

  function wake(atMs: number): void {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    const delay = Math.max(0, Math.min(idlePollMs, atMs - now()));
    timer = setTimeout(() => {
      timer = null;
      pump();
    }, delay);
    timer.unref();
  }

  function settleIfIdle(): void {
    if (inFlight.size > 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Starts what may start now; schedules the next look. */
  function pump(): void {
    if (stopped) return settleIfIdle();
    emitIfChanged();
    const t = now();
    let next = t + idlePollMs;
    const hold = Math.max(holdUntil, rateLimitUntil);
    if (t < hold) {
      wake(hold);
      return settleIfIdle();
    }
    const rows = scan();
    let ahead = 0; // earlier documents not yet accepted and not refused
    let refusedAhead = false;
    for (const row of rows) {
      if (inFlight.size >= MAX_IN_FLIGHT) break;
      const barrier = BARRIER_KINDS.has(row.kind);
      if (row.rejected_at !== null) {
        if (SHIFT_BARRIERS.has(row.kind)) break;
        refusedAhead = true;
        continue;
      }
      if (inFlight.has(row.id)) {
        if (barrier) break;
        ahead++;
        continue;
      }
      const due = retryAt.get(row.id) ?? 0;
      if (barrier) {
        // Alone: nothing earlier waiting or on the way; a Z or an opening also after every refused one is accepted.
        if (ahead === 0 && inFlight.size === 0 && !(refusedAhead && SHIFT_BARRIERS.has(row.kind))) {
          if (due <= t) start(row);
          else next = Math.min(next, due);
        }
        break;
      }
      ahead++;
      if (due > t) {
        next = Math.min(next, due);
        continue;
      }
      start(row);
    }
    wake(next);
    settleIfIdle();
  }

  function start(row: OutboxRow): void {
    inFlight.add(row.id);
    let doc: SkoDocument;
    try {
      doc = JSON.parse(payloadOf(row.id)) as SkoDocument;
    } catch {
      inFlight.delete(row.id);
      return failed(row, new SkoError('rejected', 'LOCAL_PAYLOAD', 'Документ в очереди повреждён'));
    }
    const frozen = bodyOf(row.id);
    phase('sko pump');
    const sending =
      frozen !== null
        ? sko.submit(doc, frozen)
        : sko.prepare(doc).then((body) => {
            if (stopped) throw new SkoError('unreachable', 'CLOSED', 'Отправка остановлена');
            // Kept before it leaves: whatever happens next, every retry carries these bytes.
            phase('sko prepare');
            freeze.run(body, row.id);
            phase('sko freeze');
            return sko.submit(doc, bodyOf(row.id)!);
          });
    sending.then(
      (answer) => {
        phase('sko round trip');
        inFlight.delete(row.id);
        delivered(row, answer);
        phase('sko answer saved');
        pump();
      },
      (err: unknown) => {
        inFlight.delete(row.id);
        failed(row, err);
        pump();
      },
    );
  }

  function delivered(row: OutboxRow, answer: SkoAnswer): void {
    if (stopped) return;
    const at = businessNow();
    saveAnswer(row, answer, at);
    retryAt.delete(row.id);
    consecutiveFailures = 0;
    lastUnreachable = false;
    Object.assign(state, { lastDeliveredAt: at, lastContactAt: at, reachable: true, needsPin: false });
    // The pump right after it tells the screens (its first step), with whatever it starts next.
  }

  function failed(row: OutboxRow, err: unknown): void {
    if (stopped) return;
    const e = err instanceof SkoError ? err : new SkoError('server', 'CLIENT', err instanceof Error ? err.message : String(err));
    const at = businessNow();
    const reached = e.kind !== 'unreachable' && e.kind !== 'timeout';
    state.lastError = { at, code: e.code, message: e.message };
    state.reachable = reached;
    lastUnreachable = e.kind === 'unreachable';
    if (reached) state.lastContactAt = at;
    if (PIN_CODES.has(e.code)) state.needsPin = true;

    if (e.kind === 'rejected') {
      saveRejection.run(at, e.code, e.message, row.id);
      auditEntry(at, 'sko.document.rejected', { documentId: row.document_id, code: e.code, message: e.message });
      log(`outbox: document ${row.document_id} refused by the СКО: ${e.code} ${e.message}`);
      emitIfChanged();
      return;
    }
    if (e.kind === 'tampered') {
      auditEntry(at, 'sko.answer.rejected', { documentId: row.document_id, code: e.code, message: e.message });
    }
    consecutiveFailures++;
    if (e.kind === 'rate_limited') rateLimitUntil = Math.max(rateLimitUntil, now() + (e.retryAfterMs ?? retryDelayMs(consecutiveFailures, random, baseMs, maxMs)));
    if (e.kind === 'unreachable') holdUntil = Math.max(holdUntil, now() + retryDelayMs(consecutiveFailures, random, baseMs, maxMs));
    const due = Math.max(now() + retryDelayMs(row.attempts + 1, random, baseMs, maxMs), holdUntil, rateLimitUntil);
    retryAt.set(row.id, due);
    saveFailure.run(new Date(deps.clock().getTime() + (due - now())).toISOString(), `${e.code}: ${e.message}`, row.id);
    log(`outbox: document ${row.document_id} not delivered (${e.kind} ${e.code}), retry in ${due - now()} ms: ${e.message}`);
    emitIfChanged();
  }

  function kick(): Promise<void> {
    if (stopped) return Promise.resolve();
    pump();
    if (inFlight.size === 0) return Promise.resolve();
    return new Promise((resolve) => idleWaiters.push(resolve));
  }

  /** Forgets every backoff and pause of our own making (not the СКО's Retry-After), and tries now. */
  function tryNow(): void {
    holdUntil = 0;
    retryAt.clear();
    consecutiveFailures = 0;
  }

  async function drain(timeoutMs: number): Promise<{ pending: number; oldestAt: string | null }> {
    const deadline = now() + timeoutMs;
    // A person is waiting (Z): try everything now instead of at the end of its backoff.
    tryNow();
    for (;;) {
      await Promise.race([kick(), new Promise((resolve) => setTimeout(resolve, 100).unref())]);
      const p = pending();
      if (stopped || p.pending === 0 || now() >= deadline) return p;
      if (inFlight.size > 0) continue;
      if (lastUnreachable) return p; // just tried: nothing answers there, do not keep the cashier waiting
      // Nothing will be tried before the deadline: refused documents wait for a person, the
      // rest for their backoff, the whole-queue pause, or the time the СКО asked us to wait.
      const ids = waitingIds();
      const earliest = ids.length === 0 ? Number.POSITIVE_INFINITY : Math.max(holdUntil, rateLimitUntil, Math.min(...ids.map((id) => retryAt.get(id) ?? 0)));
      if (earliest > deadline) return p;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(100, deadline - now()))).unref());
    }
  }

  setImmediate(pump);

  return {
    kick,
    pending,
    drain,
    queue: queueNow,
    resume() {
      if (stopped) return;
      tryNow();
      state.needsPin = false;
      pump();
    },
    state: () => {
      const hold = Math.max(holdUntil, rateLimitUntil);
      return {
        ...state,
        inFlight: inFlight.size,
        rejected: rejected(),
        blocked: blocked(),
        needsPin: needsPin(),
        holdUntil: hold > now() ? new Date(deps.clock().getTime() + (hold - now())).toISOString() : null,
      };
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      settleIfIdle();
      for (const resolve of idleWaiters.splice(0)) resolve();
    },
  };
}
