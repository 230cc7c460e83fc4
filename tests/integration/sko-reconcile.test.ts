/**
 * One document's СКО side, as check detail shows it: the СКО id, the time accepted, the
 * verification URL, and the operator's signature checked again now; and «Сверить с СКО», which
 * asks the СКО for its copy by number and compares it with the till's own document.
 */
import { describe, expect, it } from 'vitest';
import { cashierReady, loginAs, pieceBarcodes } from '../fixtures/core.js';
import { eventually, sellOne, strayDocumentAt, tillWithEmulator } from '../fixtures/sko-till.js';

describe('the СКО side of a document', () => {
  it('shows the СКО id, acceptance time, verification URL and a signature that verifies', async () => {
    await using t = await tillWithEmulator();
    const { till } = t;
    await cashierReady(till);
    await till.ok('shift.open');
    const [a] = await pieceBarcodes(till, 1);
    const id = await sellOne(till, a!);
    const info = await till.ok('fiscal.document', { id });
    const answer = t.emulator.journal.prepare('SELECT sko_doc_id, accepted_at, verify_url FROM documents WHERE kind = ?').get('sale') as Record<string, string>;
    expect(info).toEqual({
      documentId: id,
      state: 'delivered',
      skoDocId: answer.sko_doc_id,
      acceptedAt: answer.accepted_at,
      verifyUrl: answer.verify_url,
      keyId: t.emulator.keyId,
      signature: { verified: true, problem: null },
      refusal: null,
      attempts: 1,
      lastError: null,
    });

    // Someone edits the stored answer behind the till's back: the signature no longer holds.
    till.ctx.db.exec('DROP TRIGGER fiscal_answers_no_update');
    till.ctx.db.prepare("UPDATE fiscal_answers SET verify_url = 'https://evil.example/check?id=1' WHERE document_id = ?").run(id);
    expect((await till.ok('fiscal.document', { id })).signature).toEqual({ verified: false, problem: 'подпись СКО не сходится' });
  });

  it('says a document waits, with the last error, and that nothing is signed yet', async () => {
    await using t = await tillWithEmulator();
    const { till } = t;
    await cashierReady(till);
    await till.ok('shift.open');
    const [a] = await pieceBarcodes(till, 1);
    await t.stopEmulator();
    const id = await sellOne(till, a!);
    expect(await till.ok('fiscal.document', { id })).toMatchObject({
      state: 'waiting',
      skoDocId: null,
      signature: null,
      refusal: null,
      lastError: expect.stringMatching(/^ECONNREFUSED/),
    });
    expect(await till.call('fiscal.document', { id: 99_999 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'Документ не найден' } });
  });
});

describe('«Сверить с СКО»', () => {
  it('finds the СКО’s copy equal to the till’s sale, and to a return with its original — for the cashier and the admin', async () => {
    await using t = await tillWithEmulator();
    const { till } = t;
    await cashierReady(till);
    await till.ok('shift.open');
    const [a, b] = await pieceBarcodes(till, 2);
    const { total } = await till.ok('sale.addItem', { barcode: a! });
    await till.ok('sale.addItem', { barcode: b! });
    const paid = await till.ok('sale.pay', {
      payments: [
        { form: 'noncash', amount: 100 },
        { form: 'cash', amount: 10_000 },
      ],
    });
    expect(total).toBeGreaterThan(0);
    const { document: ret } = await till.ok('returns.byCheck', { documentId: paid.document.id });
    expect(await eventually(() => till.outbox.pending().pending === 0)).toBe(true);

    const sale = await till.ok('fiscal.compare', { id: paid.document.id });
    expect(sale).toMatchObject({ documentId: paid.document.id, matches: true, differences: [], skoDocId: paid.document.fiscal!.skoDocId });
    expect(await till.ok('fiscal.compare', { id: ret.id })).toMatchObject({ matches: true, differences: [] });
    await loginAs(till, 'admin');
    expect((await till.ok('fiscal.compare', { id: paid.document.id })).matches).toBe(true);
    expect(till.ctx.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'sko.document.compared'").pluck().get()).toBe(3);
  });

  it('names every field where the till’s document and the СКО’s copy differ', async () => {
    await using t = await tillWithEmulator();
    const { till } = t;
    await cashierReady(till);
    await till.ok('shift.open');
    const [a] = await pieceBarcodes(till, 1);
    const id = await sellOne(till, a!);
    const line = till.ctx.db.prepare('SELECT price, amount FROM document_lines WHERE document_id = ?').get(id) as { price: number; amount: number };
    // The till's own copy changed after the СКО accepted it.
    till.ctx.db.exec('DROP TRIGGER document_lines_no_update');
    till.ctx.db.prepare('UPDATE document_lines SET price = price + 100, amount = amount + 100 WHERE document_id = ?').run(id);
    const cmp = await till.ok('fiscal.compare', { id });
    const money = (k: number) => `${Math.trunc(k / 100)}.${String(k % 100).padStart(2, '0')}`;
    expect(cmp.matches).toBe(false);
    expect(cmp.differences).toEqual([
      `Строка 1, цена: в кассе ${money(line.price + 100)}, в СКО ${money(line.price)}`,
      `Строка 1, сумма: в кассе ${money(line.amount + 100)}, в СКО ${money(line.amount)}`,
    ]);
  });

  it('says when the СКО holds another document under that number, and when it cannot be asked', async () => {
    await using t = await tillWithEmulator();
    const { till } = t;
    await cashierReady(till);
    await till.ok('shift.open');
    strayDocumentAt(t, 1, 2);
    const [a] = await pieceBarcodes(till, 1);
    const id = await sellOne(till, a!);
    expect(await eventually(() => till.outbox.state().rejected === 1)).toBe(true);
    // The stray document is not a genuine answer: the till refuses it as a copy, and says so.
    const res = await till.call('fiscal.compare', { id });
    expect(res).toMatchObject({ ok: false, error: { code: 'FISCAL_UNAVAILABLE', message: expect.stringMatching(/^Копия из СКО не получена/) } });

    const [b] = await pieceBarcodes(till, 1);
    const waiting = await sellOne(till, b!); // № 3, accepted
    await till.ok('fiscal.compare', { id: waiting });
    await t.stopEmulator();
    expect(await till.call('fiscal.compare', { id: waiting })).toMatchObject({
      ok: false,
      error: { code: 'FISCAL_UNAVAILABLE', message: expect.stringMatching(/СКО недоступен/) },
    });
  });

  it('says the СКО does not have a document it never accepted', async () => {
    await using t = await tillWithEmulator();
    const { till } = t;
    await cashierReady(till);
    await till.ok('shift.open');
    const [a] = await pieceBarcodes(till, 1);
    const id = await sellOne(till, a!);
    t.emulator.journal.prepare("DELETE FROM documents WHERE kind = 'sale'").run(); // lost at the operator's
    expect(await till.ok('fiscal.compare', { id })).toMatchObject({
      matches: false,
      differences: ['В СКО нет документа № 2 смены 1 (а касса хранит его ответ)'],
      skoDocId: null,
    });
  });
});
