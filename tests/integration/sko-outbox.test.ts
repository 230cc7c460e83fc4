/**
 * The till's outbox against the СКО emulator over loopback HTTP, driven through the router as
 * the till window drives it: delivery with the answer on the document, the 3-in-flight limit,
 * shift barriers, retries with the same key, tampered answers, refusals, diagnostics and
 * «Заполнить из ПК».
 */
import { describe, expect, it } from 'vitest';
import { NO_FAULTS } from '../../main/fiscal/emulator/faults.js';
import { retryDelayMs } from '../../main/fiscal/outbox.js';
import { DOCUMENT_PATHS } from '../../main/fiscal/protocol.js';
import { addItem, payCheck } from '../../main/services/sale.js';
import { DB_FILE } from '../../main/core.js';
import { join } from 'node:path';
import { adminReady, cashierReady, loginAs, makeTill, pieceBarcodes, type TestTill } from '../fixtures/core.js';
import { compareJournals } from '../fixtures/sko-journals.js';
import { startSkoProxy } from '../fixtures/sko-proxy.js';
import { eventually, tillWithEmulator } from '../fixtures/sko-till.js';

async function sell(till: TestTill, barcode: string): Promise<number> {
  const { total } = await till.ok('sale.addItem', { barcode });
  const { document } = await till.ok('sale.pay', { payments: [{ form: 'cash', amount: total }] });
  return document.id;
}

describe('training mode: the built-in emulator over HTTP', () => {
  it('fiscalizes a sale and keeps the СКО id, verification URL and signature on the document and the receipt', async () => {
    using till = makeTill();
    await cashierReady(till);
    await till.ok('shift.open');
    const [a] = await pieceBarcodes(till, 1);
    const id = await sell(till, a!);
    const doc = await till.ok('documents.get', { id });
    expect(doc.fiscal).toMatchObject({
      skoDocId: expect.stringMatching(/^T-[0-9A-F]{12}$/),
      verifyUrl: expect.stringMatching(/^https:\/\/sko\.training\.local\/check\?id=T-/),
      signature: expect.stringMatching(/^[A-Za-z0-9+/]{86}==$/),
    });
    const receipt = doc.receipt.join('\n');
    expect(receipt).toContain(doc.fiscal!.skoDocId);
    expect(receipt).toContain('sko.training.local');
    expect(till.sko.emulator).not.toBeNull();
    expect(till.sko.emulator!.stats().documents).toBe(2);
    // Checked independently of the client: every stored answer verifies with the emulator's key.
    const cmp = compareJournals(join(till.dir, DB_FILE), till.sko.emulator!.dataDir, till.sko.emulator!.publicKeyPem);
    expect(cmp.problems).toEqual([]);
    expect(cmp).toMatchObject({ local: 2, remote: 2, delivered: 2 });
  });
});

describe('the outbox', () => {
  it('computes retry delays with exponential growth, jitter and a cap', () => {
    expect(retryDelayMs(1, () => 0, 1_000, 60_000)).toBe(500);
    expect(retryDelayMs(1, () => 1, 1_000, 60_000)).toBe(1_000);
    expect(retryDelayMs(4, () => 0.5, 1_000, 60_000)).toBe(6_000);
    expect(retryDelayMs(30, () => 1, 1_000, 60_000)).toBe(60_000);
    const spread = new Set(Array.from({ length: 50 }, () => retryDelayMs(3)));
    expect(spread.size).toBeGreaterThan(10);
    for (const d of spread) {
      expect(d).toBeGreaterThanOrEqual(2_000);
      expect(d).toBeLessThanOrEqual(4_000);
    }
  });

  it('sends up to 3 at once, never more, and opens the next shift at the СКО only after the Z', async () => {
    await using t = await tillWithEmulator({ emulator: { faults: { ...NO_FAULTS, latencyMs: [15, 30] } } });
    const { till } = t;
    await cashierReady(till);
    await till.ok('shift.open');
    const barcodes = await pieceBarcodes(till, 3);
    // Sales made faster than the СКO answers (the services the router calls, without its short
    // wait for the СКО): the queue grows and the sender keeps 3 in flight.
    const quickSales = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const { total } = addItem(till.ctx, { barcode: barcodes[i % 3]! });
        await payCheck(till.ctx, [{ form: 'cash', amount: total }]);
        void till.outbox.kick();
      }
    };
    await quickSales(30);
    await till.ok('shift.zReport', { cashOutAll: true }); // waits for the 31 documents before it
    await till.ok('shift.open');
    await quickSales(5);
    expect(await eventually(() => till.outbox.pending().pending === 0)).toBe(true);
    expect(till.sko.gateway.info().maxInFlightSeen).toBe(3);
    expect(t.emulator.stats()).toMatchObject({ maxInFlight: 3, tooManyInFlight: 0, refusals: 0 });
    const kinds = t.emulator.journal.prepare('SELECT kind, shift_number FROM documents ORDER BY seq').all() as { kind: string; shift_number: number }[];
    const z = kinds.findIndex((k) => k.kind === 'z_report');
    expect(kinds.slice(0, z).every((k) => k.shift_number === 1)).toBe(true);
    expect(kinds[z + 1]).toEqual({ kind: 'shift_open', shift_number: 2 });
    expect(compareJournals(join(till.dir, DB_FILE), t.emulatorDir, t.emulator.publicKeyPem).problems).toEqual([]);
  });

  it('retries with the same idempotency key until the СКО answers, then records one answer', async () => {
    await using t = await tillWithEmulator();
    const { till } = t;
    await cashierReady(till);
    await till.ok('shift.open');
    t.emulator.setFaults({ ...NO_FAULTS, serverError: 1, scope: 'documents' });
    const [a] = await pieceBarcodes(till, 1);
    const id = await sell(till, a!);
    expect((await till.ok('documents.get', { id })).fiscal).toBeNull();
    expect(await eventually(() => t.emulator.stats().serverErrors >= 3)).toBe(true);
    t.emulator.setFaults(NO_FAULTS);
    expect(await eventually(() => till.outbox.pending().pending === 0)).toBe(true);
    const row = till.ctx.db.prepare('SELECT attempts, last_error, delivered_at FROM outbox WHERE document_id = ?').get(id) as {
      attempts: number;
      last_error: string | null;
      delivered_at: string | null;
    };
    expect(row.attempts).toBeGreaterThanOrEqual(4);
    expect(row.last_error).toBeNull();
    expect(t.emulator.journal.prepare('SELECT count(*) FROM documents').pluck().get()).toBe(2);
    expect((await till.ok('documents.get', { id })).fiscal?.skoDocId).toMatch(/^T-/);
  });

  it('refuses a tampered answer, writes it to the audit log, and keeps the document queued until a genuine one comes', async () => {
    await using real = await tillWithEmulator();
    await using proxy = await startSkoProxy(real.emulator.baseUrl);
    using till = makeTill({
      skoOverrides: { url: proxy.url, publicKeys: [real.emulator.publicKeyPem] },
      outbox: { retryBaseMs: 20, retryMaxMs: 200, idlePollMs: 50 },
    });
    await cashierReady(till);
    await till.ok('shift.open');
    proxy.setTamper((path, status, body) =>
      path === DOCUMENT_PATHS.sale && status < 300 ? body.replace(/"verifyUrl":"[^"]*"/, '"verifyUrl":"https://evil.example/qr"') : body,
    );
    const [a] = await pieceBarcodes(till, 1);
    const id = await sell(till, a!);
    // Wait for the till to have refused two answers (its audit rows), not for the proxy to have sent them:
    // the second tampered answer is counted by the proxy before the till has read and refused it.
    const rejected = () => till.ctx.db.prepare("SELECT details FROM audit_log WHERE action = 'sko.answer.rejected'").pluck().all() as string[];
    expect(await eventually(() => rejected().length >= 2)).toBe(true);
    expect(proxy.tampered()).toBeGreaterThanOrEqual(2);
    expect((await till.ok('documents.get', { id })).fiscal).toBeNull();
    const logged = rejected();
    expect(JSON.parse(logged[0]!)).toMatchObject({ documentId: id, code: 'BAD_SIGNATURE', message: expect.stringMatching(/подпись СКО не сходится/) });
    proxy.setTamper(null);
    expect(await eventually(() => till.outbox.pending().pending === 0)).toBe(true);
    const doc = await till.ok('documents.get', { id });
    expect(doc.fiscal?.verifyUrl).not.toContain('evil');
    expect(till.ctx.db.prepare("SELECT count(*) FROM fiscal_answers WHERE verify_url LIKE '%evil%'").pluck().get()).toBe(0);
  });

  it('keeps a document the СКО refuses in the queue, logs it, shows it in diagnostics, and holds the Z', async () => {
    await using t = await tillWithEmulator();
    const { till } = t;
    await cashierReady(till);
    await till.ok('shift.open');
    // Someone else's document already holds number 2 of this shift at the СКО.
    const tillId = till.ctx.db.prepare('SELECT till_id FROM sko_session').pluck().get() as string;
    t.emulator.journal
      .prepare(
        `INSERT INTO documents (sko_doc_id, till_id, idempotency_key, kind, shift_number, number_in_shift, created_at, cashier_id, total, request, request_hash, accepted_at, verify_url, key_id, signature, answer)
         VALUES ('T-FOREIGN00000', ?, 'foreign-key-0001', 'sale', 1, 2, '2026-01-01T00:00:00Z', 'x', 1, '{}', 'x', 'x', 'x', 'x', 'x', '{}')`,
      )
      .run(tillId);
    const [a] = await pieceBarcodes(till, 1);
    const id = await sell(till, a!);
    expect(await eventually(() => till.outbox.state().rejected === 1)).toBe(true);
    expect(till.ctx.db.prepare('SELECT reject_code FROM outbox WHERE document_id = ?').pluck().get(id)).toBe('NUMBER_TAKEN');
    expect(JSON.parse(till.ctx.db.prepare("SELECT details FROM audit_log WHERE action = 'sko.document.rejected'").pluck().get() as string)).toMatchObject({
      documentId: id,
      code: 'NUMBER_TAKEN',
    });
    const status = await till.ok('fiscal.status');
    expect(status).toMatchObject({ reachable: true, queue: { pending: 1, rejected: 1 }, lastError: { code: 'NUMBER_TAKEN' } });
    const z = await till.call('shift.zReport');
    expect(z).toMatchObject({
      ok: false,
      error: { code: 'FISCAL_UNAVAILABLE', message: expect.stringMatching(/^СКО отклонил документы: 1\. .*«Отправить снова»/) },
    });
    // Not retried by itself: the СКО saw it once.
    await new Promise((r) => setTimeout(r, 300));
    expect(t.emulator.journal.prepare('SELECT count(*) FROM refusals').pluck().get()).toBe(1);
  });
});

describe('diagnostics', () => {
  it('shows reachability, token, queue and the last error, and the failing part when the СКО goes away', async () => {
    await using t = await tillWithEmulator();
    const { till } = t;
    await cashierReady(till);
    await till.ok('shift.open');
    const ok = await till.ok('fiscal.status');
    expect(ok).toMatchObject({
      training: true,
      endpoint: t.emulator.baseUrl,
      reachable: true,
      probeError: null,
      token: { state: 'valid', expiresAt: expect.any(String) },
      queue: { pending: 0, oldestAt: null, oldestAgeMinutes: null, rejected: 0, inFlight: 0 },
      limits: { maxQueuedDocuments: 500, maxUnsentAgeHours: 24 },
      salesBlocked: null,
      lastError: null,
    });
    expect(ok.latencyMs).toBeGreaterThanOrEqual(0);
    await t.stopEmulator();
    const [a] = await pieceBarcodes(till, 1);
    await sell(till, a!);
    const down = await till.ok('fiscal.status');
    expect(down).toMatchObject({ reachable: false, latencyMs: null, queue: { pending: 1, oldestAgeMinutes: 0 }, lastError: { code: 'ECONNREFUSED' } });
    expect(down.probeError).toMatch(/СКО недоступен/);
    const status = await till.ok('app.status');
    expect(status).toMatchObject({ fiscalQueue: 1, fiscalOldestAt: down.queue.oldestAt });
    // The admin sees the same.
    await loginAs(till, 'admin');
    expect((await till.ok('fiscal.status')).queue.pending).toBe(1);
  });
});

describe('«Заполнить из ПК»', () => {
  it('fills organisation, УНП and registration number from the СКО, for the admin only', async () => {
    const requisites = { organization: 'ЧУП «Гастроном у Немиги»', unp: '100582333', registrationNumber: '219000555', tradeObject: null, address: null };
    await using t = await tillWithEmulator({ emulator: { requisites } });
    const { till } = t;
    await cashierReady(till);
    expect(await till.call('settings.fillRequisitesFromSko')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await loginAs(till, 'admin');
    const before = (await till.ok('app.status')) && till.ctx.db.prepare("SELECT value FROM settings WHERE key = 'requisites'").pluck().get();
    expect(before).toBeUndefined(); // still the defaults
    const filled = await till.ok('settings.fillRequisitesFromSko');
    expect(filled).toEqual({
      organization: 'ЧУП «Гастроном у Немиги»',
      unp: '100582333',
      registrationNumber: '219000555',
      tradeObject: 'Магазин «У дома»', // the СКО has none: what was typed stays
      address: 'г. Минск, ул. Притыцкого, 1',
    });
    expect(JSON.parse(till.ctx.db.prepare("SELECT value FROM settings WHERE key = 'requisites'").pluck().get() as string)).toEqual(filled);
    expect(till.ctx.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'requisites.filledFromSko'").pluck().get()).toBe(1);
    await loginAs(till, 'cashier');
    await till.ok('shift.open');
    const [a] = await pieceBarcodes(till, 1);
    const doc = await till.ok('documents.get', { id: await sell(till, a!) });
    expect(doc.receipt.join('\n')).toContain('Гастроном у Немиги');
    expect(doc.receipt.join('\n')).toContain('219000555');
  });

  it('refuses an УНП that fails its check digit, and changes nothing', async () => {
    await using t = await tillWithEmulator({ emulator: { requisites: { unp: '100582334' } } });
    await adminReady(t.till);
    const before = t.till.fingerprint();
    const res = await t.till.call('settings.fillRequisitesFromSko');
    expect(res).toMatchObject({ ok: false, error: { code: 'FISCAL_UNAVAILABLE', message: 'СКО прислал неверный УНП «100582334»: реквизиты не изменены' } });
    expect(t.till.fingerprint()).toBe(before);
  });

  it('says so when the СКО cannot be reached', async () => {
    await using t = await tillWithEmulator();
    await adminReady(t.till);
    await t.stopEmulator();
    const res = await t.till.call('settings.fillRequisitesFromSko');
    expect(res).toMatchObject({ ok: false, error: { code: 'FISCAL_UNAVAILABLE', message: expect.stringMatching(/^Реквизиты не получены от СКО: СКО недоступен/) } });
  });
});

describe('the journal comparison the soak and crash tests rely on', () => {
  it('reads the till’s stored documents: a changed line, a changed payment and a missing outbox row are each found', async () => {
    await using t = await tillWithEmulator();
    const { till } = t;
    await cashierReady(till);
    await till.ok('shift.open');
    const [a, b] = await pieceBarcodes(till, 2);
    const first = await sell(till, a!);
    const second = await sell(till, b!);
    const file = join(till.dir, DB_FILE);
    expect(compareJournals(file, t.emulatorDir, t.emulator.publicKeyPem).problems).toEqual([]);
    till.ctx.db.exec('DROP TRIGGER document_lines_no_update; DROP TRIGGER document_payments_no_update');
    till.ctx.db.prepare('UPDATE document_lines SET quantity = quantity + 1000 WHERE document_id = ?').run(first);
    till.ctx.db.prepare("UPDATE document_payments SET form = 'card' WHERE document_id = ?").run(first);
    till.ctx.db.prepare('DELETE FROM outbox WHERE document_id = ?').run(second);
    const { problems } = compareJournals(file, t.emulatorDir, t.emulator.publicKeyPem);
    expect(problems).toEqual([
      expect.stringMatching(new RegExp(`^document ${first} \\(sale 1/2\\): line 1 quantity differs — СКО \\d+, till \\d+$`)),
      `document ${first} (sale 1/2): payment 1 form differs — СКО "cash", till "card"`,
      `document ${second} (sale 1/3): no outbox row — never queued for the СКО`,
      `document ${second} (sale 1/3): accepted by the СКО but not marked delivered on the till`,
    ]);
  });
});
