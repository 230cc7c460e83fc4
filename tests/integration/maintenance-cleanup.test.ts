/**
 * «Очистка БД по дату включительно» (issue 13): closed shifts whose every document the СКО accepted,
 * up to a day, removed through the permit the append-only triggers allow; what stays is exact.
 * A real core on a real SQLite file, the cleanup in a real worker thread.
 */
import { describe, expect, it } from 'vitest';
import { CASHIER, CASHIER_PASSWORD, cashierReady, loginAs, makeTill, pieceBarcodes, type TestTill } from '../fixtures/core.js';
import { sellOne } from '../fixtures/sko-till.js';

/** The till's clock, moved by the test: shifts on different days. */
function clockAt(iso: string) {
  let now = Date.parse(iso);
  return { clock: () => new Date(now), set: (at: string) => (now = Date.parse(at)) };
}

async function dayOfSales(till: TestTill, sales: number): Promise<void> {
  await loginAs(till, 'cashier');
  await till.ok('shift.open');
  const codes = await pieceBarcodes(till, sales);
  for (const c of codes) await sellOne(till, c);
  await till.outbox.drain(10_000);
  await till.ok('shift.zReport', { cashOutAll: true });
  await till.outbox.drain(10_000);
}

const count = (till: TestTill, sql: string) => till.ctx.db.prepare(sql).pluck().get() as number;

describe('cleanup up to a date', () => {
  it('previews, then removes the shifts up to the day inclusive; the later shifts and their Z copies stay exact', async () => {
    const t = clockAt('2026-11-01T09:00:00');
    using till = makeTill({ clock: t.clock });
    await cashierReady(till);
    for (const [day, sales] of [
      ['2026-11-01', 2],
      ['2026-11-02', 3],
      ['2026-11-03', 1],
    ] as const) {
      t.set(`${day}T09:00:00`);
      await dayOfSales(till, sales);
    }
    t.set('2026-11-10T09:00:00');
    await loginAs(till, 'admin');
    const z3 = (await till.ok('documents.copy', { zReportOfShift: 3 })).receipt;
    const docs3 = till.ctx.db.prepare('SELECT * FROM documents WHERE shift_id = 3 ORDER BY id').all();
    const lines3 = till.ctx.db.prepare('SELECT l.* FROM document_lines l JOIN documents d ON d.id = l.document_id WHERE d.shift_id = 3 ORDER BY l.id').all();

    const preview = await till.ok('maintenance.cleanupPreview', { upTo: '2026-11-02' });
    expect(preview).toMatchObject({ upTo: '2026-11-02', shifts: 2, firstShift: 1, lastShift: 2, kept: null });
    expect(preview.documents).toBe(count(till, 'SELECT count(*) FROM documents WHERE shift_id IN (1, 2)'));
    expect(preview.bytes).toBeGreaterThan(0);

    // The preview's count must still hold: a stale one is refused and nothing goes.
    const stale = await till.call('maintenance.cleanup', { upTo: '2026-11-02', expectShifts: 3 });
    expect(stale).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/изменилось: к удалению 2 смен, а не 3/) } });
    expect(count(till, 'SELECT count(*) FROM shifts')).toBe(3);

    const done = await till.ok('maintenance.cleanup', { upTo: '2026-11-02', expectShifts: 2 });
    expect(done).toMatchObject({ shifts: 2, documents: preview.documents });
    expect(till.ctx.db.prepare('SELECT number FROM shifts').pluck().all()).toEqual([3]);
    expect(till.ctx.db.prepare('SELECT * FROM documents ORDER BY id').all()).toEqual(docs3);
    expect(till.ctx.db.prepare('SELECT * FROM document_lines ORDER BY id').all()).toEqual(lines3);
    expect((await till.ok('documents.copy', { zReportOfShift: 3 })).receipt).toEqual(z3);
    expect(till.ctx.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(till.ctx.db.pragma('foreign_key_check')).toEqual([]);
    expect(count(till, 'SELECT count(*) FROM maintenance_permit')).toBe(0);
    // The copy of a removed shift is refused, not invented.
    expect(await till.call('documents.copy', { zReportOfShift: 1 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    // Audited at the start and the end; the journal knows the last cleanup.
    const actions = till.ctx.db.prepare("SELECT action FROM audit_log WHERE action LIKE 'maintenance.cleanup%' ORDER BY id").pluck().all();
    expect(actions).toEqual(['maintenance.cleanup.started', 'maintenance.cleanup.started', 'maintenance.cleanup']);
    expect((await till.ok('maintenance.status')).lastCleanup).toMatchObject({ upTo: '2026-11-02' });
    // The triggers stand again after it.
    expect(() => till.ctx.db.prepare('DELETE FROM documents').run()).toThrow(/append-only/);
    // A new file gives the space back (auto_vacuum incremental, set at its creation).
    expect(till.ctx.db.pragma('auto_vacuum', { simple: true })).toBe(2);
    expect(till.ctx.db.pragma('freelist_count', { simple: true })).toBe(0);
  });

  it('keeps an open shift and one whose documents the СКО has not all accepted, and says why', async () => {
    const t = clockAt('2026-11-01T09:00:00');
    using till = makeTill({ clock: t.clock });
    await cashierReady(till);
    t.set('2026-11-01T09:00:00');
    await dayOfSales(till, 1);
    t.set('2026-11-02T09:00:00');
    await dayOfSales(till, 1);
    // The СКО went away before the second shift's documents were all accepted.
    till.outbox.stop();
    till.ctx.db.prepare('UPDATE outbox SET delivered_at = NULL WHERE document_id = (SELECT max(id) FROM documents)').run();
    t.set('2026-11-03T09:00:00');
    await loginAs(till, 'cashier');
    await till.ok('shift.open');
    await loginAs(till, 'admin');
    expect(await till.ok('maintenance.cleanupPreview', { upTo: '2026-11-03' })).toMatchObject({
      shifts: 1,
      lastShift: 1,
      kept: 'в смене 2 1 документ(ов) ещё не приняты СКО',
    });
  });

  it('refuses a date not yet over, a cashier, and nothing to remove', async () => {
    const t = clockAt('2026-11-05T09:00:00');
    using till = makeTill({ clock: t.clock });
    await cashierReady(till);
    await loginAs(till, 'admin');
    const before = till.fingerprint({ except: ['audit_log'] });
    expect(await till.call('maintenance.cleanup', { upTo: '2026-11-05', expectShifts: 1 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'Очистить можно только по прошедшую дату' },
    });
    expect(await till.call('maintenance.cleanup', { upTo: '2026-11-01', expectShifts: 0 })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    await till.ok('auth.logout');
    await till.ok('auth.login', { login: CASHIER.login, password: CASHIER_PASSWORD });
    expect(await till.call('maintenance.cleanupPreview', { upTo: '2026-11-01' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(till.fingerprint({ except: ['audit_log'] })).toBe(before);
  });
  it('removes the shifts of a till that keeps stock: their stock movements go, the balances stay', async () => {
    const t = clockAt('2026-11-01T09:00:00');
    using till = makeTill({ clock: t.clock });
    await cashierReady(till);
    await loginAs(till, 'admin');
    await till.ok('stock.saveSettings', { enabled: true, negative: 'allow' });
    for (const [day, sales] of [
      ['2026-11-01', 2],
      ['2026-11-02', 1],
    ] as const) {
      t.set(`${day}T09:00:00`);
      await dayOfSales(till, sales);
    }
    t.set('2026-11-10T09:00:00');
    await loginAs(till, 'admin');
    const balances = till.ctx.db.prepare('SELECT * FROM stock_balances ORDER BY item_id').all();
    const moved = count(till, 'SELECT count(*) FROM stock_fiscal_documents');
    expect(moved).toBe(3);
    const kept = count(till, 'SELECT count(*) FROM stock_fiscal_documents f JOIN documents d ON d.id = f.document_id WHERE d.shift_id = 2');

    const preview = await till.ok('maintenance.cleanupPreview', { upTo: '2026-11-01' });
    expect(preview).toMatchObject({ shifts: 1 });
    // Before migration 017 the movements' no-delete trigger refused, and the whole cleanup with it.
    await till.ok('maintenance.cleanup', { upTo: '2026-11-01', expectShifts: 1 });
    expect(till.ctx.db.prepare('SELECT number FROM shifts').pluck().all()).toEqual([2]);
    expect(count(till, 'SELECT count(*) FROM stock_fiscal_documents')).toBe(kept);
    expect(till.ctx.db.prepare('SELECT * FROM stock_balances ORDER BY item_id').all()).toEqual(balances);
    expect(till.ctx.db.pragma('foreign_key_check')).toEqual([]);
    // Append-only again once the cleanup is over.
    expect(() => till.ctx.db.prepare('DELETE FROM stock_fiscal_documents').run()).toThrow(/append-only/);
  });
});
