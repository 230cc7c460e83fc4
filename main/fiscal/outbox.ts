/**
 * Delivers queued documents to the СКО, oldest first, with the same idempotency key on every
 * retry and exponential backoff with jitter. The answer and the delivery mark are written in
 * one transaction, so a crash between them only repeats a request the СКО answers the same.
 */
import type { Fiscal, FiscalDeps } from '../services/context.js';
import type { SkoAnswer, SkoDocument } from './gateway.js';

export type OutboxSender = Fiscal & { stop(): void };

type OutboxRow = { id: number; document_id: number; payload: string; attempts: number };

const BASE_DELAY_MS = 1_000;
const MAX_DELAY_MS = 5 * 60_000;
const IDLE_POLL_MS = 2_000;

export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const exp = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}

export function startOutboxSender(ctx: FiscalDeps, log: (msg: string, err?: unknown) => void = console.error): OutboxSender {
  // Passes run one after another; a kick during a pass queues one more, so a document
  // committed just after a pass started is still picked up by the kick that follows it.
  let chain: Promise<void> = Promise.resolve();
  let queued: Promise<void> | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;

  const pending = () =>
    ctx.db.prepare('SELECT count(*) AS pending, min(created_at) AS oldestAt FROM outbox WHERE delivered_at IS NULL').get() as {
      pending: number;
      oldestAt: string | null;
    };

  const due = ctx.db.prepare('SELECT id, document_id, payload, attempts FROM outbox WHERE delivered_at IS NULL AND next_attempt_at <= ? ORDER BY id LIMIT 50');
  const saveAnswer = ctx.db.transaction((row: OutboxRow, answer: SkoAnswer) => {
    ctx.db
      .prepare('INSERT INTO fiscal_answers (document_id, sko_doc_id, accepted_at, verify_url, signature) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING')
      .run(row.document_id, answer.skoDocId, answer.acceptedAt, answer.verifyUrl, answer.signature);
    ctx.db.prepare('UPDATE outbox SET delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?').run(ctx.clock().toISOString(), row.id);
  });
  const saveFailure = ctx.db.prepare('UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?');

  async function pass(): Promise<void> {
    if (stopped) return;
    const rows = due.all(ctx.clock().toISOString()) as OutboxRow[];
    for (const row of rows) {
      if (stopped) return;
      try {
        const answer = await ctx.sko.submit(JSON.parse(row.payload) as SkoDocument);
        if (stopped) return;
        saveAnswer(row, answer);
      } catch (err) {
        if (stopped) return;
        const next = new Date(ctx.clock().getTime() + retryDelayMs(row.attempts + 1));
        saveFailure.run(next.toISOString(), err instanceof Error ? err.message : String(err), row.id);
        log(`outbox: document ${row.document_id} not delivered, retry at ${next.toISOString()}`, err);
        break; // keep the order: later documents wait for the earlier one
      }
    }
    if (rows.length > 0) ctx.emit('fiscal.queue', pending());
  }

  function kick(): Promise<void> {
    if (stopped) return Promise.resolve();
    if (queued) return queued;
    const next = chain.then(() => {
      queued = null;
      return pass();
    });
    queued = next;
    chain = next.catch((err: unknown) => log('outbox: pass failed', err));
    return next;
  }

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void kick().finally(schedule), IDLE_POLL_MS);
    timer.unref();
  };
  schedule();

  return {
    kick,
    pending,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
