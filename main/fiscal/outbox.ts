/**
 * Delivers queued documents to the СКО: up to 3 at a time, each with its own idempotency key on
 * every retry, exponential backoff with jitter, a pause for the whole queue when the СКО is
 * unreachable or asks to slow down (429). Documents that open or close a shift go alone, after
 * everything before them is accepted, and nothing after them starts until they are.
 *
 * The answer and the delivery mark are written in one transaction, so a crash between the
 * СКО's commit and ours only repeats a request the СКО answers the same.
 */
import type { Fiscal, FiscalDeps, OutboxState } from '../services/context.js';
import { SkoError, type SkoAnswer, type SkoDocument } from './gateway.js';
import { BARRIER_KINDS, MAX_IN_FLIGHT } from './protocol.js';

export type OutboxSender = Fiscal & { stop(): void };

export type SenderOptions = {
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
  /** How often an idle sender looks for work it was not told about. */
  readonly idlePollMs?: number;
  /** Wall clock for scheduling retries (the business clock may be frozen in tests). */
  readonly now?: () => number;
  readonly random?: () => number;
  readonly log?: (msg: string, err?: unknown) => void;
};

export const DEFAULT_RETRY_BASE_MS = 1_000;
export const DEFAULT_RETRY_MAX_MS = 5 * 60_000;

type OutboxRow = { id: number; document_id: number; attempts: number; rejected_at: string | null; kind: string };

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
  let holdUntil = 0;
  let consecutiveFailures = 0;
  /** The last attempt found nothing listening (not a slow or failing СКО: no СКО at all). */
  let lastUnreachable = false;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let idleWaiters: (() => void)[] = [];
  const state: { lastError: OutboxState['lastError']; lastDeliveredAt: string | null; lastContactAt: string | null; reachable: boolean | null } = {
    lastError: null,
    lastDeliveredAt: null,
    lastContactAt: null,
    reachable: null,
  };

  const scan = db.prepare(
    `SELECT o.id, o.document_id, o.attempts, o.rejected_at, d.kind
     FROM outbox o JOIN documents d ON d.id = o.document_id
     WHERE o.delivered_at IS NULL ORDER BY o.id LIMIT 300`,
  );
  const payloadOf = db.prepare('SELECT payload FROM outbox WHERE id = ?').pluck();
  const pendingQuery = db.prepare('SELECT count(*) AS pending, min(created_at) AS oldestAt FROM outbox WHERE delivered_at IS NULL');
  const waitingIds = db.prepare('SELECT id FROM outbox WHERE delivered_at IS NULL AND rejected_at IS NULL').pluck();
  const rejectedQuery = db.prepare('SELECT count(*) FROM outbox WHERE delivered_at IS NULL AND rejected_at IS NOT NULL').pluck();
  const saveAnswer = db.transaction((row: OutboxRow, answer: SkoAnswer, at: string) => {
    db.prepare(
      'INSERT INTO fiscal_answers (document_id, sko_doc_id, accepted_at, verify_url, signature, key_id) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
    ).run(row.document_id, answer.skoDocId, answer.acceptedAt, answer.verifyUrl, answer.signature, answer.keyId);
    db.prepare('UPDATE outbox SET delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?').run(at, row.id);
  });
  const saveFailure = db.prepare('UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?');
  const saveRejection = db.prepare('UPDATE outbox SET attempts = attempts + 1, rejected_at = ?, reject_code = ?, last_error = ? WHERE id = ?');
  const auditEntry = db.prepare('INSERT INTO audit_log (at, user_id, action, details) VALUES (?, NULL, ?, ?)');

  const pending = () => pendingQuery.get() as { pending: number; oldestAt: string | null };
  const emitQueue = () => deps.emit('fiscal.queue', pending());
  const businessNow = () => deps.clock().toISOString();

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
    const t = now();
    let next = t + idlePollMs;
    if (t < holdUntil) {
      wake(holdUntil);
      return settleIfIdle();
    }
    const rows = scan.all() as OutboxRow[];
    for (let i = 0; i < rows.length && inFlight.size < MAX_IN_FLIGHT; i++) {
      const row = rows[i]!;
      const barrier = BARRIER_KINDS.has(row.kind);
      if (inFlight.has(row.id) || row.rejected_at !== null) {
        if (barrier) break;
        continue;
      }
      const due = retryAt.get(row.id) ?? 0;
      if (barrier) {
        // Alone: the oldest undelivered document, with nothing else on the way.
        if (i === 0 && inFlight.size === 0) {
          if (due <= t) start(row);
          else next = Math.min(next, due);
        }
        break;
      }
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
      doc = JSON.parse(payloadOf.get(row.id) as string) as SkoDocument;
    } catch {
      inFlight.delete(row.id);
      return failed(row, new SkoError('rejected', 'LOCAL_PAYLOAD', 'Документ в очереди повреждён'));
    }
    sko.submit(doc).then(
      (answer) => {
        inFlight.delete(row.id);
        delivered(row, answer);
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
    Object.assign(state, { lastDeliveredAt: at, lastContactAt: at, reachable: true });
    emitQueue();
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

    if (e.kind === 'rejected') {
      saveRejection.run(at, e.code, e.message, row.id);
      auditEntry.run(at, 'sko.document.rejected', JSON.stringify({ documentId: row.document_id, code: e.code, message: e.message }));
      log(`outbox: document ${row.document_id} refused by the СКО: ${e.code} ${e.message}`);
      emitQueue();
      return;
    }
    if (e.kind === 'tampered') {
      auditEntry.run(at, 'sko.answer.rejected', JSON.stringify({ documentId: row.document_id, code: e.code, message: e.message }));
    }
    consecutiveFailures++;
    let due = now() + retryDelayMs(row.attempts + 1, random, baseMs, maxMs);
    if (e.kind === 'rate_limited') holdUntil = Math.max(holdUntil, now() + (e.retryAfterMs ?? retryDelayMs(consecutiveFailures, random, baseMs, maxMs)));
    if (e.kind === 'unreachable') holdUntil = Math.max(holdUntil, now() + retryDelayMs(consecutiveFailures, random, baseMs, maxMs));
    due = Math.max(due, holdUntil);
    retryAt.set(row.id, due);
    saveFailure.run(new Date(deps.clock().getTime() + (due - now())).toISOString(), `${e.code}: ${e.message}`, row.id);
    log(`outbox: document ${row.document_id} not delivered (${e.kind} ${e.code}), retry in ${due - now()} ms: ${e.message}`);
    emitQueue(); // the counter and the age of the oldest move on screen while the СКО is away
  }

  function kick(): Promise<void> {
    if (stopped) return Promise.resolve();
    pump();
    if (inFlight.size === 0) return Promise.resolve();
    return new Promise((resolve) => idleWaiters.push(resolve));
  }

  async function drain(timeoutMs: number): Promise<{ pending: number; oldestAt: string | null }> {
    const deadline = now() + timeoutMs;
    // A person is waiting (Z): try everything now instead of at the end of its backoff.
    holdUntil = 0;
    retryAt.clear();
    for (;;) {
      await Promise.race([kick(), new Promise((resolve) => setTimeout(resolve, 100).unref())]);
      const p = pending();
      if (stopped || p.pending === 0 || now() >= deadline) return p;
      if (inFlight.size > 0) continue;
      if (lastUnreachable) return p; // just tried: nothing answers there, do not keep the cashier waiting
      // Nothing will be tried before the deadline: refused documents wait for a person, the
      // rest for their backoff or for the whole-queue pause.
      const ids = waitingIds.all() as number[];
      const earliest = ids.length === 0 ? Number.POSITIVE_INFINITY : Math.max(holdUntil, Math.min(...ids.map((id) => retryAt.get(id) ?? 0)));
      if (earliest > deadline) return p;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(100, deadline - now()))).unref());
    }
  }

  setImmediate(pump);

  return {
    kick,
    pending,
    drain,
    state: () => ({
      inFlight: inFlight.size,
      rejected: rejectedQuery.get() as number,
      holdUntil: holdUntil > now() ? new Date(deps.clock().getTime() + (holdUntil - now())).toISOString() : null,
      ...state,
    }),
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      settleIfIdle();
      for (const resolve of idleWaiters.splice(0)) resolve();
    },
  };
}
