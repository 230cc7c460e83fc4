/**
 * Offline policy (DOMAIN.md «Shift rules», settings maxQueuedDocuments / maxUnsentAgeHours):
 * the СКО stops answering, sales go on up to the limit and are then refused with a clear
 * message; the СКО comes back, the queue drains, the Z goes through — and the till's journal
 * equals the СКО's.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DB_FILE } from '../../main/core.js';
import { formatAge, oldestAgeMinutes, saleRefusal } from '../../main/domain/offline-policy.js';
import { setSetting } from '../../main/services/settings.js';
import { cashierReady, pieceBarcodes, type TestTill } from '../fixtures/core.js';
import { compareJournals } from '../fixtures/sko-journals.js';
import { eventually, tillWithEmulator } from '../fixtures/sko-till.js';

async function trySell(till: TestTill, barcode: string) {
  const added = await till.call('sale.addItem', { barcode });
  if (!added.ok) return added;
  return till.call('sale.pay', { payments: [{ form: 'cash', amount: added.value.total }] });
}

describe('the offline rule', () => {
  const limits = { maxQueuedDocuments: 500, maxUnsentAgeHours: 24 };
  const at = (iso: string) => new Date(iso);

  it('allows sales while fewer than the limit wait and the oldest is younger than the limit', () => {
    expect(saleRefusal({ pending: 0, oldestAt: null }, at('2026-03-14T10:00:00Z'), limits)).toBeNull();
    expect(saleRefusal({ pending: 499, oldestAt: '2026-03-13T10:00:01Z' }, at('2026-03-14T10:00:00Z'), limits)).toBeNull();
  });

  it('refuses the sale that would make the queue longer than the limit', () => {
    expect(saleRefusal({ pending: 500, oldestAt: '2026-03-14T09:00:00Z' }, at('2026-03-14T10:00:00Z'), limits)).toBe(
      'Продажи приостановлены: не передано оператору 500 документов (допускается не больше 500). Проверьте связь с СКО.',
    );
  });

  it('refuses once the oldest waiting document is older than the limit, to the second', () => {
    expect(saleRefusal({ pending: 1, oldestAt: '2026-03-13T10:00:00Z' }, at('2026-03-14T10:00:00Z'), limits)).toBeNull();
    expect(saleRefusal({ pending: 1, oldestAt: '2026-03-13T10:00:00Z' }, at('2026-03-14T10:00:01Z'), limits)).toBe(
      'Продажи приостановлены: документ не передан оператору уже 24 ч 00 мин (допускается до 24 ч). Проверьте связь с СКО.',
    );
  });

  it('tells the age the way the cashier reads it', () => {
    expect(oldestAgeMinutes({ pending: 0, oldestAt: null }, new Date())).toBeNull();
    expect(oldestAgeMinutes({ pending: 2, oldestAt: '2026-03-14T09:00:30Z' }, at('2026-03-14T10:00:00Z'))).toBe(59);
    expect([formatAge(0), formatAge(59), formatAge(185), formatAge(3 * 24 * 60 + 125)]).toEqual(['0 мин', '59 мин', '3 ч 05 мин', '3 сут 2 ч']);
  });
});

describe('the СКО goes away and comes back', () => {
  it('sells up to the queue limit, then refuses; drains when the СКО is back; the Z succeeds; the journals agree', async () => {
    await using t = await tillWithEmulator();
    const { till } = t;
    setSetting(till.ctx, 'maxQueuedDocuments', 12);
    await cashierReady(till);
    await till.ok('shift.open');
    const barcodes = await pieceBarcodes(till, 4);
    for (let i = 0; i < 3; i++) expect(await trySell(till, barcodes[i]!)).toMatchObject({ ok: true });
    expect(till.outbox.pending().pending).toBe(0);

    await t.stopEmulator();
    let sold = 0;
    let refusal: Awaited<ReturnType<typeof trySell>> | null = null;
    for (let i = 0; i < 20 && !refusal; i++) {
      const res = await trySell(till, barcodes[i % 4]!);
      if (res.ok) sold++;
      else refusal = res;
    }
    expect(sold).toBe(12);
    expect(refusal).toMatchObject({
      ok: false,
      error: {
        code: 'FISCAL_UNAVAILABLE',
        message: 'Продажи приостановлены: не передано оператору 12 документов (допускается не больше 12). Проверьте связь с СКО.',
      },
    });
    const status = await till.ok('app.status');
    expect(status.fiscalQueue).toBe(12);
    expect(status.fiscalOldestAt).not.toBeNull();
    const diagnostics = await till.ok('fiscal.status');
    expect(diagnostics).toMatchObject({ reachable: false, queue: { pending: 12 }, salesBlocked: expect.stringMatching(/Продажи приостановлены/) });
    const z = await till.call('shift.zReport');
    expect(z).toMatchObject({ ok: false, error: { code: 'FISCAL_UNAVAILABLE', message: expect.stringMatching(/Не переданы оператору документы: 12/) } });

    await t.restartEmulator();
    expect(await eventually(() => till.outbox.pending().pending === 0)).toBe(true);
    expect(await trySell(till, barcodes[0]!)).toMatchObject({ ok: true });
    const report = await till.ok('shift.zReport', { cashOutAll: true });
    expect(report.document.fiscal?.skoDocId).toMatch(/^T-/);
    expect(report.salesCount).toBe(16);

    const cmp = compareJournals(join(till.dir, DB_FILE), t.emulatorDir, t.emulator.publicKeyPem);
    expect(cmp.problems).toEqual([]);
    const cashOuts = till.ctx.db.prepare("SELECT count(*) FROM documents WHERE kind = 'cash_out'").pluck().get() as number;
    expect(cashOuts).toBe(1); // the drawer emptied before the Z
    expect(cmp).toMatchObject({ local: 19, remote: 19, delivered: 19 }); // open, 16 sales, cash out, Z
  });

  it('refuses a new sale once the oldest unsent document is older than the age limit', async () => {
    let now = new Date('2026-11-20T08:00:00Z');
    await using t = await tillWithEmulator({ till: { clock: () => now } });
    const { till } = t;
    setSetting(till.ctx, 'maxUnsentAgeHours', 2);
    await cashierReady(till);
    await till.ok('shift.open');
    const [a] = await pieceBarcodes(till, 1);
    await t.stopEmulator();
    expect(await trySell(till, a!)).toMatchObject({ ok: true });
    now = new Date('2026-11-20T10:00:00Z');
    expect(await trySell(till, a!)).toMatchObject({ ok: true });
    now = new Date('2026-11-20T10:00:01.500Z');
    const refused = await trySell(till, a!);
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'FISCAL_UNAVAILABLE',
        message: 'Продажи приостановлены: документ не передан оператору уже 2 ч 00 мин (допускается до 2 ч). Проверьте связь с СКО.',
      },
    });
    expect((await till.ok('sale.current')).lines).toHaveLength(0); // refused before the first line went in
    await t.restartEmulator();
    expect(await eventually(() => till.outbox.pending().pending === 0)).toBe(true);
    expect(await trySell(till, a!)).toMatchObject({ ok: true });
  });
});
