/**
 * When the СКО stops taking the till's documents for a reason only a person can end: another
 * installation took the session (SESSION_REPLACED), the СКО locked the till (LOCKED), or the СКО
 * refused a document (NUMBER_TAKEN, GAPS, …). The till says so, the PIN is entered again or the
 * document sent again — the same bytes under the same key — and the queue drains.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DB_FILE } from '../../main/core.js';
import { NO_FAULTS } from '../../main/fiscal/emulator/faults.js';
import { PATHS } from '../../main/fiscal/protocol.js';
import { cashierReady, loginAs, pieceBarcodes } from '../fixtures/core.js';
import { compareJournals } from '../fixtures/sko-journals.js';
import { eventually, sellOne, strayDocumentAt, tillWithEmulator, type SkoTill } from '../fixtures/sko-till.js';

/** Another installation logs in with this till's device code, as a second PC with a copy of the contract would. */
async function parallelLogin(t: SkoTill): Promise<string> {
  const installation = t.till.ctx.db.prepare('SELECT installation_id FROM sko_session').pluck().get() as string;
  const res = await fetch(`${t.emulator.baseUrl}${PATHS.bind}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ deviceCode: `TRAINING-${installation}`, installationId: 'another-installation-01' }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

describe('the PIN again', () => {
  it('takes the СКО session back after another login replaced it, and the stuck queue drains', async () => {
    await using t = await tillWithEmulator();
    const { till } = t;
    await cashierReady(till);
    await till.ok('shift.open');
    const [a, b] = await pieceBarcodes(till, 2);
    await sellOne(till, a!);
    expect(till.outbox.pending().pending).toBe(0);

    const otherToken = await parallelLogin(t);
    await sellOne(till, a!);
    await sellOne(till, b!);
    expect(await eventually(() => till.outbox.state().needsPin)).toBe(true);
    // Stuck: nothing goes through by itself, and every screen says why.
    await new Promise((r) => setTimeout(r, 400));
    expect(till.outbox.pending().pending).toBe(2);
    expect(await till.ok('app.status')).toMatchObject({ fiscalQueue: 2, fiscalNeedsPin: true });
    expect(await till.ok('fiscal.status')).toMatchObject({ token: { state: 'replaced' }, needsPin: true, queue: { pending: 2 } });
    // The first-start PIN is not the way back (and says which is).
    expect(await till.call('setup.enterPin', { pin: '1234' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringMatching(/откройте «СКО»/) },
    });

    const unlocked = await till.ok('fiscal.unlock', { pin: '1234' });
    expect(unlocked.message).toMatch(/принял PIN/);
    expect(await eventually(() => till.outbox.pending().pending === 0)).toBe(true);
    expect(till.outbox.state().needsPin).toBe(false);
    expect(await till.ok('app.status')).toMatchObject({ fiscalQueue: 0, fiscalNeedsPin: false });
    expect(till.ctx.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'sko.unlocked'").pluck().get()).toBe(2);
    // The till took the session back: the other installation's token is the replaced one now.
    const other = await fetch(`${t.emulator.baseUrl}${PATHS.status}`, { headers: { Authorization: `Bearer ${otherToken}` } });
    expect(other.status).toBe(401);
    expect(((await other.json()) as { code: string }).code).toBe('SESSION_REPLACED');
    const cmp = compareJournals(join(till.dir, DB_FILE), t.emulatorDir, t.emulator.publicKeyPem);
    expect(cmp.problems).toEqual([]);
    expect(cmp).toMatchObject({ local: 4, remote: 4, delivered: 4 });
  });

  it('unlocks the till again when the СКО says it is locked; the admin may do it too', async () => {
    await using t = await tillWithEmulator();
    const { till } = t;
    await cashierReady(till);
    await till.ok('shift.open');
    const [a] = await pieceBarcodes(till, 1);
    t.emulator.journal.prepare('UPDATE devices SET unlocked = 0').run(); // the operator locked the till
    await sellOne(till, a!);
    expect(await eventually(() => till.outbox.state().needsPin)).toBe(true);
    expect(till.outbox.state().lastError).toMatchObject({ code: 'LOCKED' });
    expect(till.outbox.pending().pending).toBe(1);

    await loginAs(till, 'admin');
    expect((await till.ok('fiscal.status')).needsPin).toBe(true);
    await till.ok('fiscal.unlock', { pin: '4321' });
    expect(await eventually(() => till.outbox.pending().pending === 0)).toBe(true);
    expect(t.emulator.journal.prepare('SELECT unlocked FROM devices').pluck().get()).toBe(1);
  });

  it('does no harm when nothing is wrong: no new binding, the queue as it was', async () => {
    await using t = await tillWithEmulator();
    await cashierReady(t.till);
    const binds = t.emulator.stats().binds;
    const res = await t.till.ok('fiscal.unlock', { pin: '1234' });
    expect(res.queue).toMatchObject({ pending: 0, rejected: 0, blocked: 0, needsPin: false });
    expect(t.emulator.stats().binds).toBe(binds);
    expect(t.till.sko.gateway.info().token.state).toBe('valid');
  });

  it('passes a refused PIN on in Russian, and the till still asks for it', async () => {
    await using t = await tillWithEmulator();
    const { till } = t;
    await cashierReady(till);
    await parallelLogin(t);
    await till.call('fiscal.status'); // finds the session replaced
    t.emulator.setFaults({ ...NO_FAULTS, refusePin: true });
    const res = await till.call('fiscal.unlock', { pin: '1234' });
    expect(res).toMatchObject({ ok: false, error: { code: 'FISCAL_UNAVAILABLE', message: expect.stringMatching(/^СКО не принял PIN/) } });
    expect(await till.call('fiscal.unlock', { pin: '12' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: 'PIN — от 4 до 8 цифр' } });
    expect(till.ctx.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'sko.unlocked'").pluck().get()).toBe(1); // the first start only
  });
});

describe('documents the СКО refused', () => {
  it('lists a refused document with the СКО’s reason, sends the same bytes again once the cause is fixed, and the Z goes through', async () => {
    await using t = await tillWithEmulator({ proxy: true });
    const { till } = t;
    await cashierReady(till);
    await till.ok('shift.open');
    const fix = strayDocumentAt(t, 1, 2);
    const [a, b] = await pieceBarcodes(till, 2);
    const refused = await sellOne(till, a!);
    expect(await eventually(() => till.outbox.state().rejected === 1)).toBe(true);

    const status = await till.ok('fiscal.status');
    expect(status.refused).toEqual([
      expect.objectContaining({
        id: refused,
        kind: 'sale',
        shiftNumber: 1,
        numberInShift: 2,
        code: 'NUMBER_TAKEN',
        message: expect.stringMatching(/уже принят под другим ключом/),
        attempts: 1,
      }),
    ]);
    expect(await till.ok('app.status')).toMatchObject({ fiscalQueue: 1, fiscalRejected: 1 });
    expect(await till.ok('fiscal.document', { id: refused })).toMatchObject({ state: 'refused', refusal: { code: 'NUMBER_TAKEN' }, skoDocId: null });

    // A later sale is not held by it.
    const later = await sellOne(till, b!);
    expect(await eventually(() => till.ctx.db.prepare('SELECT delivered_at FROM outbox WHERE document_id = ?').pluck().get(later) !== null)).toBe(true);
    // The Z is, and says what to do.
    expect(await till.call('shift.zReport', { cashOutAll: true })).toMatchObject({
      ok: false,
      error: {
        code: 'FISCAL_UNAVAILABLE',
        message: 'СКО отклонил документы: 1. Z-отчёт возможен, когда СКО их примет: откройте «СКО», устраните причину и нажмите «Отправить снова».',
      },
    });

    // Sent again before the cause is fixed: refused again, for the same reason.
    expect(await till.ok('fiscal.resend', { documentId: refused })).toMatchObject({ state: 'refused', refusal: { code: 'NUMBER_TAKEN' } });
    expect(t.emulator.journal.prepare('SELECT count(*) FROM refusals').pluck().get()).toBe(2);

    fix(); // the operator's support takes the stray document out
    expect(await till.ok('fiscal.resend', { documentId: refused })).toMatchObject({
      state: 'delivered',
      skoDocId: expect.stringMatching(/^T-/),
      signature: { verified: true },
    });
    const key = till.ctx.db.prepare('SELECT idempotency_key FROM documents WHERE id = ?').pluck().get(refused) as string;
    const sent = t.proxy!.requests().filter((r) => r.idempotencyKey === key);
    expect(sent).toHaveLength(3);
    const frozen = till.ctx.db.prepare('SELECT request_body FROM outbox WHERE document_id = ?').pluck().get(refused) as string;
    expect(new Set(sent.map((r) => r.body))).toEqual(new Set([frozen]));
    expect(till.ctx.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'sko.document.resent'").pluck().get()).toBe(2);

    await till.ok('shift.zReport', { cashOutAll: true });
    expect(await eventually(() => till.outbox.pending().pending === 0)).toBe(true);
    const cmp = compareJournals(join(till.dir, DB_FILE), t.emulatorDir, t.emulator.publicKeyPem);
    expect(cmp.problems).toEqual([]);

    // Nothing to send again any more: refused, and nothing written.
    const before = till.fingerprint();
    expect(await till.call('fiscal.resend', { documentId: refused })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: 'Документ уже принят СКО' } });
    expect(await till.call('fiscal.resend', { documentId: 99_999 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'Документа нет в очереди СКО' },
    });
    expect(till.fingerprint()).toBe(before);
  });

  it('lets a return go past a refused sale it does not refer to', async () => {
    await using t = await tillWithEmulator();
    const { till } = t;
    await cashierReady(till);
    await till.ok('shift.open');
    strayDocumentAt(t, 1, 2);
    const [a, b] = await pieceBarcodes(till, 2);
    await sellOne(till, a!); // № 2: refused
    expect(await eventually(() => till.outbox.state().rejected === 1)).toBe(true);
    const sale = await sellOne(till, b!); // № 3: accepted
    const { document } = await till.ok('returns.byCheck', { documentId: sale });
    expect(await eventually(() => till.ctx.db.prepare('SELECT delivered_at FROM outbox WHERE document_id = ?').pluck().get(document.id) !== null)).toBe(true);
    expect(till.outbox.state()).toMatchObject({ rejected: 1, blocked: 0 });
  });

  it('says how many documents wait behind a refused Z, and lets them go once the Z is accepted', async () => {
    await using t = await tillWithEmulator();
    const { till } = t;
    await cashierReady(till);
    await till.ok('shift.open');
    const [a] = await pieceBarcodes(till, 1);
    await sellOne(till, a!);
    const fix = strayDocumentAt(t, 1, 50); // the СКО holds a document of this shift the till never made
    const { document: z } = await till.ok('shift.zReport', { cashOutAll: true });
    expect(await eventually(() => till.outbox.state().rejected === 1)).toBe(true);
    expect((await till.ok('fiscal.status')).refused).toEqual([expect.objectContaining({ id: z.id, kind: 'z_report', code: 'GAPS' })]);

    const events: { blocked: number }[] = [];
    const off = till.onEvent((event, payload) => {
      if (event === 'fiscal.queue') events.push(payload as { blocked: number });
    });
    await till.ok('shift.open'); // the shift is closed on the till: the next one opens here…
    await sellOne(till, a!);
    // …but cannot open at the СКО before the Z: held, and the till says how many.
    expect(await eventually(() => till.outbox.state().blocked === 2)).toBe(true);
    expect((await till.ok('fiscal.status')).queue).toMatchObject({ pending: 3, rejected: 1, blocked: 2 });
    expect(events.at(-1)).toMatchObject({ pending: 3, rejected: 1, blocked: 2 });
    off();

    fix();
    expect(await till.ok('fiscal.resend', { documentId: z.id })).toMatchObject({ state: 'delivered' });
    expect(await eventually(() => till.outbox.pending().pending === 0)).toBe(true);
    expect(till.outbox.state()).toMatchObject({ rejected: 0, blocked: 0 });
  });
});
