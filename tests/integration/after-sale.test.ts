/**
 * After the sale, through the router on a real SQLite file with the training СКО: returns (by QR,
 * partial, whole, without itemization, without a check), annulment, cash in / out per currency,
 * copies, lists — and a shift holding every kind of document whose X and Z equal the sums of its
 * stored documents, recomputed here from documents.get, not from the report code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Currency, DocumentDetail, PaymentForm, ShiftReport, VatRate } from '../../preload/contract/index.js';
import { lineAmount } from '../../main/domain/money.js';
import { cashierReady, loginAs, makeTill, type TestTill } from '../fixtures/core.js';

const MILK = '4810268001055'; // 2.89
const WATER = '4810076000110';

/** The report figures as the stored documents give them, computed the plain way. */
async function fromDocuments(till: TestTill, report: ShiftReport) {
  const list = await till.ok('documents.list', { shiftNumber: report.shiftNumber, limit: 500 });
  // Every document of the shift but the report itself: it is not among what it reports.
  const all: DocumentDetail[] = [];
  for (const d of list.items.reverse()) if (d.id !== report.document.id) all.push(await till.ok('documents.get', { id: d.id }));
  const kinds = new Map<string, { count: number; total: number }>();
  for (const d of all) {
    const e = kinds.get(`${d.kind} ${d.currency}`) ?? { count: 0, total: 0 };
    e.count += 1;
    e.total += d.total;
    kinds.set(`${d.kind} ${d.currency}`, e);
  }
  const numbers = all.map((d) => d.numberInShift);
  const docs = all.filter((d) => d.kind !== 'x_report' && d.kind !== 'z_report');
  const standing = docs.filter((d) => d.annulledBy === null);
  const sum = (xs: readonly { total: number }[]) => xs.reduce((s, x) => s + x.total, 0);
  const sales = standing.filter((d) => d.kind === 'sale');
  const returns = standing.filter((d) => d.kind === 'return');
  const forms = new Map<PaymentForm, { sales: number; returns: number }>();
  const rates = new Map<VatRate, { sales: number; salesVat: number; returns: number; returnsVat: number }>();
  const sections = new Map<number, { sales: number; returns: number }>();
  for (const d of [...sales, ...returns]) {
    const side = d.kind === 'sale' ? 'sales' : 'returns';
    for (const p of d.payments) {
      const e = forms.get(p.form) ?? { sales: 0, returns: 0 };
      e[side] += p.amount;
      forms.set(p.form, e);
    }
    if (d.kind === 'sale' && d.change > 0) forms.get('cash')!.sales -= d.change; // change comes out of the cash tendered
    for (const l of d.lines) {
      const r = rates.get(l.vatRate) ?? { sales: 0, salesVat: 0, returns: 0, returnsVat: 0 };
      r[side] += l.amount;
      r[d.kind === 'sale' ? 'salesVat' : 'returnsVat'] += l.vat;
      rates.set(l.vatRate, r);
      const s = sections.get(l.section) ?? { sales: 0, returns: 0 };
      s[side] += l.amount;
      sections.set(l.section, s);
    }
  }
  const cash = (kind: 'cash_in' | 'cash_out') => {
    const by = new Map<Currency, { count: number; amount: number }>();
    for (const d of standing.filter((x) => x.kind === kind)) {
      const e = by.get(d.currency) ?? { count: 0, amount: 0 };
      e.count += 1;
      e.amount += d.total;
      by.set(d.currency, e);
    }
    return by;
  };
  const cashIn = cash('cash_in');
  const cashOut = cash('cash_out');
  const byn = (forms.get('cash')?.sales ?? 0) - (forms.get('cash')?.returns ?? 0) + (cashIn.get('BYN')?.amount ?? 0) - (cashOut.get('BYN')?.amount ?? 0);
  const annulled = new Map<string, { count: number; total: number }>();
  for (const d of docs.filter((x) => x.annulledBy !== null)) {
    const e = annulled.get(d.kind) ?? { count: 0, total: 0 };
    e.count += 1;
    e.total += d.total;
    annulled.set(d.kind, e);
  }
  return {
    salesCount: sales.length,
    salesTotal: sum(sales),
    returnsCount: returns.length,
    returnsTotal: sum(returns),
    netTotal: sum(sales) - sum(returns),
    forms,
    rates,
    sections,
    cashIn,
    cashOut,
    byn,
    annulled,
    kinds,
    documents: all.length,
    first: Math.min(...numbers),
    last: Math.max(...numbers),
  };
}

function expectReportEquals(report: ShiftReport, ref: Awaited<ReturnType<typeof fromDocuments>>): void {
  expect(report.salesCount).toBe(ref.salesCount);
  expect(report.salesTotal).toBe(ref.salesTotal);
  expect(report.returnsCount).toBe(ref.returnsCount);
  expect(report.returnsTotal).toBe(ref.returnsTotal);
  expect(report.netTotal).toBe(ref.netTotal);
  expect(new Map(report.byPaymentForm.map((f) => [f.form, { sales: f.sales, returns: f.returns }]))).toEqual(ref.forms);
  for (const f of report.byPaymentForm) expect(f.amount).toBe(f.sales - f.returns);
  expect(new Map(report.byVatRate.map((v) => [v.vatRate, { sales: v.sales, salesVat: v.salesVat, returns: v.returns, returnsVat: v.returnsVat }]))).toEqual(
    ref.rates,
  );
  expect(report.byVatRate.reduce((s, v) => s + v.amount, 0)).toBe(report.netTotal);
  expect(new Map(report.bySection.map((s) => [s.section, { sales: s.sales, returns: s.returns }]))).toEqual(ref.sections);
  expect(new Map(report.cashIn.map((c) => [c.currency, { count: c.count, amount: c.amount }]))).toEqual(ref.cashIn);
  expect(new Map(report.cashOut.map((c) => [c.currency, { count: c.count, amount: c.amount }]))).toEqual(ref.cashOut);
  expect(report.cashInDrawer).toBe(ref.byn);
  expect(new Map(report.annulled.map((a) => [a.kind, { count: a.count, total: a.total }]))).toEqual(ref.annulled);
  expect(new Map(report.byKind.map((k) => [`${k.kind} ${k.currency}`, { count: k.count, total: k.total }]))).toEqual(ref.kinds);
  expect(report.documentsCount).toBe(ref.documents);
  expect([report.firstDocument, report.lastDocument]).toEqual([ref.first, ref.last]);
}

describe('a shift with every kind of document', () => {
  let till: TestTill;
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    till = makeTill();
    await cashierReady(till);
    await till.ok('shift.open');
  });
  afterAll(() => till.dispose());

  it('takes cash in and out per currency, never more out than the drawer holds', async () => {
    const inByn = await till.ok('cash.in', { amount: 10_000 });
    expect(inByn.document).toMatchObject({ kind: 'cash_in', total: 10_000, currency: 'BYN' });
    expect(inByn.document.receipt.join('\n')).toMatch(/ВНЕСЕНИЕ[\s\S]*100\.00 BYN/);
    const inUsd = await till.ok('cash.in', { amount: 5_000, currency: 'USD' });
    expect(inUsd.document.currency).toBe('USD');
    expect(await till.ok('cash.balance')).toEqual([
      { currency: 'BYN', amount: 10_000 },
      { currency: 'USD', amount: 5_000 },
      { currency: 'EUR', amount: 0 },
      { currency: 'RUB', amount: 0 },
    ]);
    const before = till.fingerprint();
    expect(await till.call('cash.out', { amount: 5_001, currency: 'USD' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringMatching(/В кассе только 50\.00 USD/) },
    });
    expect(till.fingerprint()).toBe(before);
    await till.ok('cash.out', { amount: 1_000, currency: 'USD' });
    await loginAs(till, 'admin');
    await till.ok('settings.saveWorkflow', { currencies: ['BYN', 'USD', 'EUR'] });
    await loginAs(till, 'cashier');
    expect(await till.call('cash.in', { amount: 100, currency: 'RUB' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'Валюта RUB не разрешена настройками кассы' },
    });
  });

  it('sells three checks (one mixed card and cash) and annuls the last one', async () => {
    await till.ok('sale.addItem', { barcode: MILK, quantity: 3000 });
    const a = await till.ok('sale.addItem', { plu: '4011', quantity: 1235 });
    const saleA = await till.ok('sale.pay', {
      payments: [
        { form: 'card', amount: 500 },
        { form: 'cash', amount: 2000 },
      ],
    });
    expect(saleA.change).toBe(2500 - a.total);
    ids.a = saleA.document.id;

    await till.ok('sale.addItem', { barcode: WATER });
    const b = await till.ok('sale.addItem', { barcode: MILK });
    ids.b = (await till.ok('sale.pay', { payments: [{ form: 'cash', amount: b.total }] })).document.id;

    const c = await till.ok('sale.addItem', { barcode: MILK, quantity: 2000 });
    ids.c = (await till.ok('sale.pay', { payments: [{ form: 'card', amount: c.total }] })).document.id;

    const before = till.fingerprint();
    expect(await till.call('documents.annul', { documentId: ids.b })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: 'Аннулировать можно только последний документ смены' },
    });
    expect(till.fingerprint()).toBe(before);
    const annulment = await till.ok('documents.annul', { documentId: ids.c, reason: 'Ошибка кассира' });
    expect(annulment.document).toMatchObject({ kind: 'annulment', total: c.total, refersTo: { id: ids.c, kind: 'sale' }, reason: 'Ошибка кассира' });
    expect(annulment.document.receipt.join('\n')).toMatch(/АННУЛИРОВАНИЕ[\s\S]*По документу/);
    expect((await till.ok('documents.get', { id: ids.c })).annulledBy).toMatchObject({ id: annulment.document.id });
    expect(await till.call('documents.annul', { documentId: ids.c })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await till.call('returns.byCheck', { documentId: ids.c })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringMatching(/аннулирован/) },
    });
  });

  it('finds the original check by its QR, by number and by date, and returns part of it to its payment forms', async () => {
    const sale = await till.ok('documents.get', { id: ids.a! });
    expect(sale.fiscal?.verifyUrl).toBeTruthy();
    const [byQr] = await till.ok('returns.findOriginal', { qr: sale.fiscal!.verifyUrl });
    expect(byQr?.id).toBe(ids.a);
    expect((await till.ok('returns.findOriginal', { qr: sale.fiscal!.skoDocId }))[0]?.id).toBe(ids.a);
    expect((await till.ok('returns.findOriginal', { shiftNumber: sale.shiftNumber, numberInShift: sale.numberInShift }))[0]?.id).toBe(ids.a);
    const today = new Date(sale.createdAt);
    const day = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
    expect((await till.ok('returns.findOriginal', { date: day })).map((d) => d.id)).toEqual(expect.arrayContaining([ids.a, ids.b]));
    expect(await till.call('returns.findOriginal', { qr: 'https://example.by/check?id=NOPE' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    const milk = byQr!.lines[0]!;
    const { document, refunds } = await till.ok('returns.byCheck', { documentId: ids.a!, lines: [{ lineNo: 1, quantity: 1000 }] });
    const expected = lineAmount(milk.price, 1000);
    expect(document).toMatchObject({ kind: 'return', total: expected, refersTo: { id: ids.a } });
    expect(refunds.reduce((s, r) => s + r.amount, 0)).toBe(expected);
    expect(refunds.map((r) => r.form).sort()).toEqual(['card', 'cash']); // proportional to 5.00 card + the cash kept
    const after = await till.ok('documents.get', { id: ids.a! });
    expect(after.lines[0]).toMatchObject({ returnedQuantity: 1000, returnedAmount: expected });
    expect(after.returnedTotal).toBe(expected);

    const before = till.fingerprint();
    expect(await till.call('returns.byCheck', { documentId: ids.a!, lines: [{ lineNo: 1, quantity: 3000 }] })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'Строка 1 «Молоко Савушкин 3,2% 1 л»: Можно вернуть не больше 2' },
    });
    expect(await till.call('returns.byCheck', { documentId: ids.a!, lines: [{ lineNo: 9, quantity: 1000 }] })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(till.fingerprint()).toBe(before);

    // The rest of the check: whatever is left of every line, to the kopeck.
    const rest = await till.ok('returns.byCheck', { documentId: ids.a! });
    expect(rest.document.total + expected).toBe(sale.total);
    expect(await till.call('returns.byCheck', { documentId: ids.a! })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: 'По этому чеку всё уже возвращено' },
    });
    const refunded = (await till.ok('documents.get', { id: ids.a! })).refunded;
    expect(refunded.find((r) => r.form === 'card')?.amount).toBe(500);
    expect(refunded.find((r) => r.form === 'cash')?.amount).toBe(sale.total - 500);
  });

  it('returns without itemization against a check and without a check (with a reason), and annuls a return', async () => {
    const d = await till.ok('sale.addItem', { barcode: MILK, quantity: 4000 });
    ids.d = (await till.ok('sale.pay', { payments: [{ form: 'cash', amount: d.total }] })).document.id;
    const before = till.fingerprint();
    expect(await till.call('returns.free', { documentId: ids.d, amount: d.total + 1 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringMatching(/не больше 11\.56/) },
    });
    expect(await till.call('returns.free', { amount: 50 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'Возврат без чека: укажите причину' },
    });
    expect(till.fingerprint()).toBe(before);

    const unitemized = await till.ok('returns.free', { documentId: ids.d, amount: 100 });
    expect(unitemized.document).toMatchObject({ kind: 'return', total: 100, refersTo: { id: ids.d } });
    expect(unitemized.refunds).toEqual([{ form: 'cash', amount: 100 }]);
    expect((await till.ok('documents.get', { id: ids.d })).returnedTotal).toBe(100);

    const noCheck = await till.ok('returns.free', { amount: 50, section: 2, reason: 'Покупатель без чека, брак' });
    expect(noCheck.document).toMatchObject({ kind: 'return', total: 50, refersTo: null, reason: 'Покупатель без чека, брак' });
    expect(noCheck.document.receipt.join('\n')).toMatch(/ВОЗВРАТ[\s\S]*Причина/);
    const ann = await till.ok('documents.annul', { documentId: noCheck.document.id });
    expect(ann.document.refersTo).toMatchObject({ kind: 'return' });
  });

  it('makes X equal the sums of the stored documents', async () => {
    const x = await till.ok('shift.xReport');
    const ref = await fromDocuments(till, x);
    expectReportEquals(x, ref);
    expect(x.byKind.map((k) => k.kind)).toEqual(expect.arrayContaining(['shift_open', 'cash_in', 'cash_out', 'sale', 'annulment', 'return']));
    expect(x.annulled.map((a) => a.kind).sort()).toEqual(['return', 'sale']);
    expect(x.drawer.find((d) => d.currency === 'USD')?.amount).toBe(4_000);
    expect(x.document.receipt.join('\n')).toMatch(/X-ОТЧЁТ[\s\S]*Возвратов/);
  });

  it('prints a copy of any document marked КОПИЯ and audits it; lists documents with filters', async () => {
    const copy = await till.ok('documents.copy', { id: ids.a! });
    expect(copy.receipt.join('\n')).toContain('КОПИЯ');
    expect((await till.ok('documents.get', { id: ids.a! })).receipt.join('\n')).not.toContain('КОПИЯ');
    expect(till.ctx.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'document.copy'").pluck().get()).toBe(1);

    const returns = await till.ok('documents.list', { kind: 'return' });
    expect(returns.total).toBe(4);
    expect(returns.items.every((d) => d.kind === 'return')).toBe(true);
    expect(returns.items.filter((d) => d.annulled)).toHaveLength(1);
    const one = await till.ok('documents.list', { shiftNumber: 1, numberInShift: 2 });
    expect(one.items).toMatchObject([{ kind: 'cash_in', numberInShift: 2 }]);
    const page = await till.ok('documents.list', { limit: 3, offset: 1 });
    expect(page.items).toHaveLength(3);
    const all = await till.ok('documents.list', {});
    expect(page.items.map((d) => d.id)).toEqual(all.items.slice(1, 4).map((d) => d.id));
    expect(all.items[0]!.id).toBeGreaterThan(all.items[1]!.id); // newest first
    expect((await till.ok('documents.list', { from: '2000-01-01', to: '2000-01-02' })).total).toBe(0);
  });

  it('closes with «cash out all»: every currency taken out, and Z equal to the stored documents', async () => {
    const z = await till.ok('shift.zReport', { cashOutAll: true });
    const ref = await fromDocuments(till, z);
    expectReportEquals(z, ref);
    expect(z.cashInDrawer).toBe(0);
    expect(z.drawer.every((d) => d.amount === 0)).toBe(true);
    expect(z.cashOut.map((c) => c.currency)).toEqual(['BYN', 'USD']);
    expect(await till.ok('shift.current')).toBeNull();
    const zCopy = await till.ok('documents.copy', { zReportOfShift: z.shiftNumber });
    expect(zCopy.kind).toBe('z_report');
    expect(zCopy.receipt.join('\n')).toContain('КОПИЯ');

    const shifts = await till.ok('shifts.list', {});
    expect(shifts.items[0]).toMatchObject({
      number: 1,
      closedAt: expect.any(String),
      salesTotal: z.salesTotal,
      returnsTotal: z.returnsTotal,
      documentsCount: z.documentsCount + 1,
    });
    expect(till.outbox.pending().pending).toBe(0); // the СКО took every document, returns and annulments included
    expect(till.ctx.db.prepare('SELECT count(*) FROM outbox WHERE rejected_at IS NOT NULL').pluck().get()).toBe(0);
  });
});

describe('requisites on a copy', () => {
  it('prints a copy with the requisites of the original, after the shop changed its address', async () => {
    using till = makeTill();
    await cashierReady(till);
    await till.ok('shift.open');
    await till.ok('sale.addItem', { barcode: MILK });
    const sale = (await till.ok('sale.pay', { payments: [{ form: 'cash', amount: 289 }] })).document;
    const before = sale.receipt.join('\n');
    await loginAs(till, 'admin');
    const { requisites } = await till.ok('settings.requisites');
    await till.ok('settings.saveRequisites', { ...requisites, address: 'г. Гродно, ул. Советская, 7' });
    await loginAs(till, 'cashier');
    const copy = (await till.ok('documents.copy', { id: sale.id })).receipt.join('\n');
    expect(copy).toContain('КОПИЯ');
    expect(copy).toContain(requisites.address);
    expect(copy).not.toContain('Гродно');
    expect(before).toContain(requisites.address);
    const next = await till.ok('cash.in', { amount: 100 });
    expect(next.document.receipt.join('\n')).toContain('Гродно');
  });
});

describe('the check number the customer sees', () => {
  it('counts the sales and returns of the shift from 1; a cash in or an X-report between them makes no gap', async () => {
    const till = makeTill();
    try {
      await cashierReady(till);
      await till.ok('shift.open');
      await till.ok('cash.in', { amount: 10_000 });
      const [code] = till.ctx.db
        .prepare("SELECT b.barcode FROM item_barcodes b JOIN items i ON i.id = b.item_id WHERE i.unit = 'шт' AND i.marked = 0 LIMIT 1")
        .pluck()
        .all() as string[];
      const sell = async () => {
        const check = await till.ok('sale.addItem', { barcode: code! });
        return (await till.ok('sale.pay', { payments: [{ form: 'cash', amount: check.total }] })).document;
      };
      const first = await sell();
      await till.ok('shift.xReport');
      const back = (await till.ok('returns.byCheck', { documentId: first.id })).document;
      const second = await sell();
      const numbers = [first, back, second].map((d) => d.receipt.find((l) => l.includes('Чек №'))?.replace(/\s+/g, ' '));
      expect(numbers).toEqual([
        `Смена 1 Чек № 1 (док. ${first.numberInShift})`,
        `Смена 1 Чек № 2 (док. ${back.numberInShift})`,
        `Смена 1 Чек № 3 (док. ${second.numberInShift})`,
      ]);
      expect(first.numberInShift).toBe(3); // shift open, cash in, then the sale
    } finally {
      till.dispose();
    }
  });
});
