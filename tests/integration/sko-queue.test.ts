/**
 * The outbox as the cashier lives with it: «не передано оператору: N» and its age move with
 * every document also while nothing can be sent; a 429 pauses the whole queue for as long as the
 * СКО asks (its body, or a Retry-After header in seconds or as an HTTP date) and a Z press does
 * not override that; the Z waits as long as the setting says; every retry of a document carries
 * the bytes of its first attempt.
 */
import { describe, expect, it } from 'vitest';
import { NO_FAULTS } from '../../main/fiscal/emulator/faults.js';
import { retryAfterHeaderMs } from '../../main/fiscal/http-gateway.js';
import { DOCUMENT_PATHS } from '../../main/fiscal/protocol.js';
import type { SkoDocument } from '../../main/fiscal/gateway.js';
import { addItem, payCheck } from '../../main/services/sale.js';
import { setSetting } from '../../main/services/settings.js';
import type { EventPayload } from '../../preload/contract/index.js';
import { cashierReady, loginAs, pieceBarcodes } from '../fixtures/core.js';
import { eventually, sellOne, tillWithEmulator, type SkoTill } from '../fixtures/sko-till.js';

type QueueEvent = EventPayload<'fiscal.queue'>;

function queueEvents(t: SkoTill): QueueEvent[] {
  const seen: QueueEvent[] = [];
  t.till.onEvent((event, payload) => {
    if (event === 'fiscal.queue') seen.push(payload as QueueEvent);
  });
  return seen;
}

describe('«не передано оператору: N» while the СКО is away', () => {
  it('tells every new document and the growing age of the oldest, also while the queue is paused', async () => {
    let now = new Date('2026-11-20T08:00:00.000Z');
    // Slow backoff: after the first miss the whole queue pauses for seconds, so no attempt moves the counter.
    await using t = await tillWithEmulator({ till: { clock: () => now, outbox: { retryBaseMs: 10_000, retryMaxMs: 60_000, idlePollMs: 50 } } });
    const { till } = t;
    await cashierReady(till);
    await till.ok('shift.open');
    const [a] = await pieceBarcodes(till, 1);
    expect(await eventually(() => till.outbox.pending().pending === 0)).toBe(true);
    const events = queueEvents(t);
    await t.stopEmulator();
    const firstAt = now.toISOString();
    for (let n = 1; n <= 4; n++) {
      await sellOne(till, a!);
      expect(events.at(-1), `after sale ${n}`).toMatchObject({ pending: n, oldestAt: firstAt, oldestAgeMinutes: (n - 1) * 3, rejected: 0, needsPin: false });
      expect(till.outbox.state().holdUntil, 'the queue is paused').not.toBeNull();
      now = new Date(now.getTime() + 3 * 60_000);
    }
    // No new document, the clock moves on: the age on screen follows.
    expect(await eventually(() => events.at(-1)?.oldestAgeMinutes === 12)).toBe(true);
    expect(events.at(-1)).toMatchObject({ pending: 4 });
    expect(await till.ok('app.status')).toMatchObject({ fiscalQueue: 4, fiscalOldestAt: firstAt });
  });
});

describe('429: the СКО asks the till to slow down', () => {
  /** One sale into the queue, its first request answered 429; the arrival times of its requests. */
  async function rateLimitedSale(t: SkoTill, retryAfterMs: number): Promise<{ key: string; arrivals: () => number[] }> {
    const { till } = t;
    await cashierReady(till);
    await till.ok('shift.open');
    expect(await eventually(() => till.outbox.pending().pending === 0)).toBe(true);
    const [a] = await pieceBarcodes(till, 1);
    t.emulator.setFaults({ ...NO_FAULTS, rateLimit: 1, burst: 1, retryAfterMs, scope: 'documents' });
    const { total } = addItem(till.ctx, { barcode: a! });
    const { documentId } = await payCheck(till.ctx, [{ form: 'cash', amount: total }]);
    void till.outbox.kick();
    const key = till.ctx.db.prepare('SELECT idempotency_key FROM documents WHERE id = ?').pluck().get(documentId) as string;
    const arrivals = () =>
      t
        .proxy!.requests()
        .filter((r) => r.idempotencyKey === key)
        .map((r) => r.at);
    expect(await eventually(() => t.proxy!.requests().some((r) => r.idempotencyKey === key && r.status === 429))).toBe(true);
    t.emulator.setFaults(NO_FAULTS);
    return { key, arrivals };
  }

  it('pauses the whole queue for the retryAfterMs of the answer, then delivers', async () => {
    await using t = await tillWithEmulator({ proxy: true });
    const { arrivals } = await rateLimitedSale(t, 800);
    expect(await eventually(() => t.till.outbox.pending().pending === 0)).toBe(true);
    const [first, second] = arrivals();
    // Without the pause the next try would come after the 20–40 ms backoff of these tests.
    expect(second! - first!).toBeGreaterThanOrEqual(780);
    expect(t.till.outbox.state().lastError).toMatchObject({ code: 'RATE_LIMITED' });
  });

  it.each([
    ['delta-seconds', () => '2', 1_950],
    ['an HTTP date', () => new Date(Date.now() + 3_000).toUTCString(), 1_950],
  ])('honours a Retry-After header alone, as %s', async (_, header, atLeast) => {
    await using t = await tillWithEmulator({ proxy: true });
    // Another operator's server: no retryAfterMs in the body, only the header.
    t.proxy!.setTamper((_path, status, body) => {
      if (status !== 429) return body;
      const { retryAfterMs: _drop, ...rest } = JSON.parse(body) as Record<string, unknown>;
      return { body: JSON.stringify(rest), headers: { 'Retry-After': header() } };
    });
    const { arrivals } = await rateLimitedSale(t, 50);
    expect(await eventually(() => t.till.outbox.pending().pending === 0)).toBe(true);
    const [first, second] = arrivals();
    expect(second! - first!).toBeGreaterThanOrEqual(atLeast);
  });

  it('reads Retry-After in both forms, and ignores what it cannot read', () => {
    const now = Date.parse('2026-11-20T08:00:00.000Z');
    expect(retryAfterHeaderMs('120', now)).toBe(120_000);
    expect(retryAfterHeaderMs('Fri, 20 Nov 2026 08:00:05 GMT', now)).toBe(5_000);
    expect(retryAfterHeaderMs('Fri, 20 Nov 2026 07:59:00 GMT', now)).toBe(0);
    expect(retryAfterHeaderMs(undefined, now)).toBeNull();
    expect(retryAfterHeaderMs('soon', now)).toBeNull();
    expect(retryAfterHeaderMs('-5', now)).toBeNull();
  });

  it('makes a Z wait out the СКО’s Retry-After instead of trying at once, then closes the shift', async () => {
    await using t = await tillWithEmulator({ proxy: true });
    const { arrivals } = await rateLimitedSale(t, 1_500);
    const report = await t.till.ok('shift.zReport', { cashOutAll: true });
    expect(report.document.kind).toBe('z_report');
    const [first, second] = arrivals();
    expect(second! - first!).toBeGreaterThanOrEqual(1_450);
  });

  it('refuses the Z at once when the СКО asks to wait longer than the Z may', async () => {
    await using t = await tillWithEmulator({ proxy: true });
    setSetting(t.till.ctx, 'zWaitSeconds', 1);
    const { arrivals } = await rateLimitedSale(t, 4_000);
    const t0 = Date.now();
    const z = await t.till.call('shift.zReport', { cashOutAll: true });
    expect(z).toMatchObject({ ok: false, error: { code: 'FISCAL_UNAVAILABLE', message: expect.stringMatching(/Не переданы оператору документы: 1/) } });
    expect(Date.now() - t0).toBeLessThan(1_500);
    expect(arrivals()).toHaveLength(1);
  });
});

describe('the Z wait is a setting', () => {
  it('waits as long as the admin set on the fiscal screen, then refuses', async () => {
    await using t = await tillWithEmulator();
    const { till } = t;
    await cashierReady(till);
    expect(await till.ok('fiscal.getSettings')).toEqual({ maxQueuedDocuments: 500, maxUnsentAgeHours: 24, zWaitSeconds: 15 });
    expect(await till.call('fiscal.saveSettings', { zWaitSeconds: 2 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await loginAs(till, 'admin');
    expect(await till.call('fiscal.saveSettings', { zWaitSeconds: 601 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringMatching(/Не больше 600 с/) },
    });
    expect(await till.call('fiscal.saveSettings', {})).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: 'Нет настроек для сохранения' } });
    expect(await till.ok('fiscal.saveSettings', { zWaitSeconds: 1 })).toEqual({ maxQueuedDocuments: 500, maxUnsentAgeHours: 24, zWaitSeconds: 1 });
    expect((await till.ok('fiscal.status')).limits).toEqual({ maxQueuedDocuments: 500, maxUnsentAgeHours: 24, zWaitSeconds: 1 });
    expect(till.ctx.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'fiscal.settings'").pluck().get()).toBe(1);

    await loginAs(till, 'cashier');
    await till.ok('shift.open');
    const [a] = await pieceBarcodes(till, 1);
    t.emulator.setFaults({ ...NO_FAULTS, serverError: 1, scope: 'documents' }); // answers, but never accepts
    await sellOne(till, a!);
    // The wait ends at the setting, or at the last retry that still fits in it (backoff ≤ 400 ms here).
    const zWaits = async () => {
      const t0 = Date.now();
      expect(await till.call('shift.zReport', { cashOutAll: true })).toMatchObject({ ok: false, error: { code: 'FISCAL_UNAVAILABLE' } });
      return Date.now() - t0;
    };
    const short = await zWaits();
    expect(short).toBeGreaterThanOrEqual(500);
    expect(short).toBeLessThan(1_800);
    await loginAs(till, 'admin');
    await till.ok('fiscal.saveSettings', { zWaitSeconds: 3 });
    await loginAs(till, 'cashier');
    const long = await zWaits();
    expect(long).toBeGreaterThanOrEqual(2_500);
    expect(long).toBeLessThan(5_000);
  });
});

describe('the request bytes are kept before the first send', () => {
  it('sends byte-identical bodies on every retry, whatever the stored payload says later', async () => {
    await using t = await tillWithEmulator({ proxy: true });
    const { till } = t;
    await cashierReady(till);
    await till.ok('shift.open');
    const [a] = await pieceBarcodes(till, 1);
    t.emulator.setFaults({ ...NO_FAULTS, serverError: 1, scope: 'documents' });
    const id = await sellOne(till, a!);
    const key = till.ctx.db.prepare('SELECT idempotency_key FROM documents WHERE id = ?').pluck().get(id) as string;
    const sent = () => t.proxy!.requests().filter((r) => r.idempotencyKey === key);
    expect(await eventually(() => sent().length >= 2)).toBe(true);
    // A newer version (or another binding) would build this request differently now.
    const payload = JSON.parse(till.ctx.db.prepare('SELECT payload FROM outbox WHERE document_id = ?').pluck().get(id) as string) as Record<string, unknown>;
    till.ctx.db.prepare('UPDATE outbox SET payload = ? WHERE document_id = ?').run(JSON.stringify({ ...payload, cashierId: 'другой.кассир@4ek.by' }), id);
    const before = sent().length;
    expect(await eventually(() => sent().length >= before + 2)).toBe(true);
    t.emulator.setFaults(NO_FAULTS);
    expect(await eventually(() => till.outbox.pending().pending === 0)).toBe(true);

    const frozen = till.ctx.db.prepare('SELECT request_body FROM outbox WHERE document_id = ?').pluck().get(id) as string;
    expect(JSON.parse(frozen)).toMatchObject({ cashierId: '100083608.94@4ek.by', shiftNumber: 1, numberInShift: 2 });
    const bodies = sent().map((r) => r.body);
    expect(bodies.length).toBeGreaterThanOrEqual(5);
    expect(new Set(bodies)).toEqual(new Set([frozen]));
    expect(t.emulator.journal.prepare('SELECT request FROM documents WHERE idempotency_key = ?').pluck().get(key)).toBe(frozen);
    // And the kept bytes cannot be changed afterwards.
    expect(() => till.ctx.db.prepare("UPDATE outbox SET request_body = '{}' WHERE document_id = ?").run(id)).toThrow(/frozen/);
    expect(t.proxy!.requests().filter((r) => r.path === DOCUMENT_PATHS.sale && r.idempotencyKey !== key)).toHaveLength(0);
  });

  it('are kept by the sale’s own transaction when the till is bound: one fsync a check, and nothing sent before they are stored', async () => {
    await using t = await tillWithEmulator({ proxy: true });
    const { till } = t;
    await cashierReady(till);
    await till.ok('shift.open');
    const [a] = await pieceBarcodes(till, 1);
    expect(await eventually(() => till.outbox.pending().pending === 0)).toBe(true);
    // The sender stopped: whatever is kept with the sale, its own transaction kept it.
    till.outbox.stop();
    const id = await sellOne(till, a!);
    const row = till.ctx.db.prepare('SELECT request_body, attempts FROM outbox WHERE document_id = ?').get(id) as { request_body: string | null; attempts: number };
    expect(row.attempts).toBe(0);
    expect(row.request_body).not.toBeNull();
    expect(JSON.parse(row.request_body!)).toMatchObject({ cashierId: '100083608.94@4ek.by', shiftNumber: 1, numberInShift: 2, tillId: expect.any(String) });
    // The same bytes the outbox's own `prepare` makes for the document.
    const payload = JSON.parse(till.ctx.db.prepare('SELECT payload FROM outbox WHERE document_id = ?').pluck().get(id) as string) as SkoDocument;
    expect(await till.ctx.sko.prepare(payload)).toBe(row.request_body);
  });
});
