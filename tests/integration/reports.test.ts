/**
 * «Отчёты» over a generated year (small size): every report, for periods and filters, equals a
 * brute-force recomputation in plain TypeScript over the stored rows; a period of whole shifts
 * equals the sum of their Z-reports; a document stamped out of order (the clock set back) is still
 * counted where its time says; the admin only.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { localDayStart } from '../../main/services/documents.js';
import { spanOf } from '../../main/services/reports/span.js';
import { cashiersReport, goodsReport, hoursReport, paymentsReport, sectionsReport } from '../../main/services/reports/figures.js';
import type { MethodOutput, PaymentForm, ReportFilter, ShiftReport, VatRate } from '../../preload/contract/index.js';
import { adminReady, ADMIN_PASSWORD, makeTill, type TestTill } from '../fixtures/core.js';
import { generateYearDb, GENERATED_CASHIER_PIN, type YearDbSummary } from '../fixtures/year-db.js';

type Doc = { id: number; kind: string; created_at: string; user_id: number; total: number; change: number; refers_to_id: number | null };
type Line = { document_id: number; item_id: number | null; name: string; unit: 'шт' | 'кг'; section: number; quantity: number; amount: number; discount: number };
type Pay = { document_id: number; form: PaymentForm; amount: number };
type Vat = { document_id: number; vat_rate: VatRate; amount: number; vat: number };
type Rows = {
  docs: Doc[];
  lines: Map<number, Line[]>;
  pays: Map<number, Pay[]>;
  vats: Map<number, Vat[]>;
  items: Map<number, { category_id: number | null }>;
  parents: Map<number, number | null>;
};

function rowsOf(till: TestTill): Rows {
  const db = till.ctx.db;
  const group = <T extends { document_id: number }>(xs: T[]) => {
    const m = new Map<number, T[]>();
    for (const x of xs) m.set(x.document_id, [...(m.get(x.document_id) ?? []), x]);
    return m;
  };
  return {
    docs: db.all<Doc>('SELECT id, kind, created_at, user_id, total, change, refers_to_id FROM documents ORDER BY id'),
    lines: group(db.all<Line>('SELECT document_id, item_id, name, unit, section, quantity, amount, discount FROM document_lines')),
    pays: group(db.all<Pay>('SELECT document_id, form, amount FROM document_payments')),
    vats: group(db.all<Vat>('SELECT document_id, vat_rate, amount, vat FROM document_vat')),
    items: new Map(db.all<{ id: number; category_id: number | null }>('SELECT id, category_id FROM items').map((i) => [i.id, i])),
    parents: new Map(db.all<{ id: number; parent_id: number | null }>('SELECT id, parent_id FROM categories').map((c) => [c.id, c.parent_id])),
  };
}

const day = (iso: string) => {
  const d = new Date(iso);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/** The standing sales and returns of the period that pass the document filters. */
function standing(rows: Rows, period: { from: string; to: string }, filter: ReportFilter): Doc[] {
  const annulled = new Set(rows.docs.filter((d) => d.kind === 'annulment').map((d) => d.refers_to_id));
  const start = localDayStart(period.from);
  const end = localDayStart(period.to, 1);
  return rows.docs.filter(
    (d) =>
      (d.kind === 'sale' || d.kind === 'return') &&
      !annulled.has(d.id) &&
      d.created_at >= start &&
      d.created_at < end &&
      (filter.cashierId === undefined || d.user_id === filter.cashierId) &&
      (filter.paymentForm === undefined || (rows.pays.get(d.id) ?? []).some((p) => p.form === filter.paymentForm)),
  );
}

function bruteGoods(rows: Rows, period: { from: string; to: string }, filter: ReportFilter) {
  const by = new Map<string, { sold: number; sales: number; discount: number; returned: number; returns: number; lines: number }>();
  for (const d of standing(rows, period, filter)) {
    for (const l of rows.lines.get(d.id) ?? []) {
      if (filter.section !== undefined && l.section !== filter.section) continue;
      if (filter.categoryId !== undefined) {
        // The category or any above it is the one asked for.
        let c = l.item_id === null ? null : rows.items.get(l.item_id)!.category_id;
        while (c !== null && c !== undefined && c !== filter.categoryId) c = rows.parents.get(c) ?? null;
        if (c !== filter.categoryId) continue;
      }
      const key = l.item_id === null ? `s${l.section}|${l.name}|${l.unit}` : `i${l.item_id}`;
      const e = by.get(key) ?? { sold: 0, sales: 0, discount: 0, returned: 0, returns: 0, lines: 0 };
      if (d.kind === 'sale') {
        e.sold += l.quantity;
        e.sales += l.amount;
        e.discount += l.discount;
        e.lines += 1;
      } else {
        e.returned += l.quantity;
        e.returns += l.amount;
      }
      by.set(key, e);
    }
  }
  return by;
}

function brutePayments(rows: Rows, period: { from: string; to: string }, filter: ReportFilter) {
  const by = new Map<string, { sales: number; returns: number }>(); // `${day} ${form}`
  const put = (k: string, side: 'sales' | 'returns', a: number) => {
    const e = by.get(k) ?? { sales: 0, returns: 0 };
    e[side] += a;
    by.set(k, e);
  };
  for (const d of standing(rows, period, { cashierId: filter.cashierId })) {
    for (const p of rows.pays.get(d.id) ?? []) {
      if (filter.paymentForm !== undefined && p.form !== filter.paymentForm) continue;
      put(`${day(d.created_at)} ${p.form}`, d.kind === 'sale' ? 'sales' : 'returns', p.amount);
    }
    if (d.change !== 0 && (filter.paymentForm === undefined || filter.paymentForm === 'cash')) put(`${day(d.created_at)} cash`, 'sales', -d.change);
  }
  return by;
}

function bruteChecks(rows: Rows, period: { from: string; to: string }, filter: ReportFilter, keyOf: (d: Doc) => string | number) {
  const by = new Map<string | number, { salesCount: number; salesTotal: number; returnsCount: number; returnsTotal: number }>();
  for (const d of standing(rows, period, filter)) {
    const e = by.get(keyOf(d)) ?? { salesCount: 0, salesTotal: 0, returnsCount: 0, returnsTotal: 0 };
    if (d.kind === 'sale') {
      e.salesCount += 1;
      e.salesTotal += d.total;
    } else {
      e.returnsCount += 1;
      e.returnsTotal += d.total;
    }
    by.set(keyOf(d), e);
  }
  return by;
}

function bruteSections(rows: Rows, period: { from: string; to: string }, filter: ReportFilter) {
  const sections = new Map<number, { sales: number; returns: number }>();
  const rates = new Map<VatRate, { sales: number; salesVat: number; returns: number; returnsVat: number }>();
  for (const d of standing(rows, period, { cashierId: filter.cashierId, paymentForm: filter.paymentForm })) {
    for (const l of rows.lines.get(d.id) ?? []) {
      const e = sections.get(l.section) ?? { sales: 0, returns: 0 };
      e[d.kind === 'sale' ? 'sales' : 'returns'] += l.amount;
      sections.set(l.section, e);
    }
    for (const v of rows.vats.get(d.id) ?? []) {
      const e = rates.get(v.vat_rate) ?? { sales: 0, salesVat: 0, returns: 0, returnsVat: 0 };
      if (d.kind === 'sale') {
        e.sales += v.amount;
        e.salesVat += v.vat;
      } else {
        e.returns += v.amount;
        e.returnsVat += v.vat;
      }
      rates.set(v.vat_rate, e);
    }
  }
  return { sections, rates };
}

type Case = { period: { from: string; to: string }; filter: ReportFilter };

type ReportName = 'reports.goods' | 'reports.payments' | 'reports.cashiers' | 'reports.hours' | 'reports.sections';
const SERVICES = {
  'reports.goods': goodsReport,
  'reports.payments': paymentsReport,
  'reports.cashiers': cashiersReport,
  'reports.hours': hoursReport,
  'reports.sections': sectionsReport,
} as const;

type Runner = { ok<M extends ReportName>(method: M, c: Case): Promise<MethodOutput<M>> };

/** The report services on the test's connection (the worker thread runs the same functions; one test goes through it). */
function direct(till: TestTill): Runner {
  return { ok: (method, c) => Promise.resolve((SERVICES[method] as (db: unknown, c: Case) => never)(till.ctx.db, c)) };
}

/** Through the router, as the screen asks. */
const routed = (till: TestTill): Runner => ({ ok: (method, c) => till.ok(method, c as never) });

async function expectEqualToBruteForce(till: Runner, rows: Rows, c: Case): Promise<void> {
  const label = JSON.stringify(c);
  const goods = await till.ok('reports.goods', c);
  const want = bruteGoods(rows, c.period, c.filter);
  const got = new Map(
    goods.items.map((r) => [
      r.itemId === null ? `s${r.section}|${r.name}|${r.unit}` : `i${r.itemId}`,
      { sold: r.soldQuantity, sales: r.salesAmount, discount: r.discount, returned: r.returnedQuantity, returns: r.returnsAmount, lines: r.lines },
    ]),
  );
  expect(Object.fromEntries(got), `goods ${label}`).toEqual(Object.fromEntries(want));
  expect(goods.totals.net, label).toBe([...want.values()].reduce((s, e) => s + e.sales - e.returns, 0));
  for (const r of goods.items) expect(r.net).toBe(r.salesAmount - r.returnsAmount);

  const payments = await till.ok('reports.payments', c);
  const flat = new Map<string, { sales: number; returns: number }>();
  for (const d of payments.byDay) for (const f of d.forms) flat.set(`${d.day} ${f.form}`, { sales: f.sales, returns: f.returns });
  const wantPay = brutePayments(rows, c.period, c.filter);
  for (const [k, v] of wantPay) if (v.sales === 0 && v.returns === 0) wantPay.delete(k);
  expect(Object.fromEntries(flat), `payments ${label}`).toEqual(Object.fromEntries(wantPay));
  expect(payments.byDay.map((d) => d.day)[0]).toBe(c.period.from);

  const cashiers = await till.ok('reports.cashiers', c);
  const wantCashiers = bruteChecks(rows, c.period, c.filter, (d) => d.user_id);
  expect(
    Object.fromEntries(
      cashiers.rows.map((r) => [r.userId, { salesCount: r.salesCount, salesTotal: r.salesTotal, returnsCount: r.returnsCount, returnsTotal: r.returnsTotal }]),
    ),
    `cashiers ${label}`,
  ).toEqual(Object.fromEntries(wantCashiers));

  const hours = await till.ok('reports.hours', c);
  const wantHours = bruteChecks(rows, c.period, c.filter, (d) => new Date(d.created_at).getHours());
  expect(
    Object.fromEntries(
      hours.byHour
        .filter((h) => h.salesCount || h.returnsCount)
        .map((h) => [h.hour, { salesCount: h.salesCount, salesTotal: h.salesTotal, returnsCount: h.returnsCount, returnsTotal: h.returnsTotal }]),
    ),
    `hours ${label}`,
  ).toEqual(Object.fromEntries(wantHours));
  const wantDays = bruteChecks(rows, c.period, c.filter, (d) => ((new Date(d.created_at).getDay() + 6) % 7) + 1);
  expect(
    Object.fromEntries(
      hours.byWeekday
        .filter((h) => h.salesCount || h.returnsCount)
        .map((h) => [h.weekday, { salesCount: h.salesCount, salesTotal: h.salesTotal, returnsCount: h.returnsCount, returnsTotal: h.returnsTotal }]),
    ),
    `weekdays ${label}`,
  ).toEqual(Object.fromEntries(wantDays));

  const sections = await till.ok('reports.sections', c);
  const wantSections = bruteSections(rows, c.period, c.filter);
  expect(Object.fromEntries(sections.bySection.map((s) => [s.section, { sales: s.sales, returns: s.returns }])), `sections ${label}`).toEqual(
    Object.fromEntries(wantSections.sections),
  );
  expect(
    Object.fromEntries(sections.byVatRate.map((v) => [String(v.vatRate), { sales: v.sales, salesVat: v.salesVat, returns: v.returns, returnsVat: v.returnsVat }])),
    `vat ${label}`,
  ).toEqual(Object.fromEntries([...wantSections.rates].map(([k, v]) => [String(k), v])));
}

describe('reports over a generated year', () => {
  let now = new Date(2025, 0, 12, 10, 0);
  let till: TestTill;
  let year: YearDbSummary;

  beforeAll(async () => {
    till = makeTill({ clock: () => now });
    await adminReady(till);
    year = generateYearDb(till.ctx.db, { size: 'small', seed: 5 });
    return () => till.dispose();
  });

  it('equal a brute-force recomputation over the rows, for periods and every filter', async () => {
    const rows = rowsOf(till);
    const all = { from: year.firstDay, to: year.lastDay };
    const [first, second] = year.cashiers;
    const categoryOf = (name: string) => till.ctx.db.value<number>('SELECT id FROM categories WHERE name = ?', name)!;
    const cases: Case[] = [
      { period: all, filter: {} },
      { period: { from: '2025-01-03', to: '2025-01-03' }, filter: {} },
      { period: { from: '2025-01-02', to: '2025-01-06' }, filter: {} },
      { period: { from: '2024-12-01', to: '2024-12-31' }, filter: {} },
      { period: all, filter: { cashierId: first!.id } },
      { period: all, filter: { section: 2 } },
      { period: all, filter: { categoryId: categoryOf('Мясо') } },
      { period: all, filter: { categoryId: categoryOf('Птица') } },
      { period: all, filter: { paymentForm: 'card' } },
      { period: all, filter: { paymentForm: 'cash' } },
      { period: { from: '2025-01-04', to: '2025-01-08' }, filter: { cashierId: second!.id, paymentForm: 'cash', section: 1, categoryId: categoryOf('Хлеб') } },
    ];
    for (const c of cases) await expectEqualToBruteForce(direct(till), rows, c);
    // Through the router, as the screen asks: each report a task in a worker thread on its own connection.
    await expectEqualToBruteForce(routed(till), rows, cases[9]!);
    // The ids-and-times path was the one compared (the next test takes the other).
    expect(spanOf(till.ctx.db, all).ordered).toBe(true);
    // Not a vacuous comparison: the year has returns, annulments and discounts in it.
    const goods = await till.ok('reports.goods', { period: all });
    expect(goods.totals.returnsAmount).toBeGreaterThan(0);
    expect(goods.totals.discount).toBeGreaterThan(0);
    expect(goods.items.length).toBeGreaterThan(40);
    expect(goods.categories.map((c) => c.category)).toEqual(expect.arrayContaining(['Мясо', 'Мясо / Птица']));
    const meat = await till.ok('reports.goods', { period: all, filter: { categoryId: categoryOf('Мясо') } });
    const poultry = await till.ok('reports.goods', { period: all, filter: { categoryId: categoryOf('Птица') } });
    expect(poultry.items.length).toBeGreaterThan(0);
    expect(meat.items.length).toBeGreaterThan(poultry.items.length);
  });

  it('over whole shifts equal the sum of their Z-reports', async () => {
    const period = { period: { from: year.firstDay, to: year.lastDay } };
    const zs = till.ctx.db
      .values<string>("SELECT report FROM documents WHERE kind = 'z_report' ORDER BY id")
      .map((r) => (JSON.parse(r) as { figures: ShiftReport }).figures);
    expect(zs).toHaveLength(year.shifts);
    const sum = <T>(pick: (z: ShiftReport) => readonly T[], key: (x: T) => string, value: (x: T) => Record<string, number>) => {
      const m = new Map<string, Record<string, number>>();
      for (const z of zs)
        for (const x of pick(z)) {
          const e = m.get(key(x)) ?? {};
          for (const [k, v] of Object.entries(value(x))) e[k] = (e[k] ?? 0) + v;
          m.set(key(x), e);
        }
      return Object.fromEntries(m);
    };
    const payments = await till.ok('reports.payments', period);
    expect(Object.fromEntries(payments.byForm.map((f) => [f.form, { sales: f.sales, returns: f.returns, amount: f.amount }]))).toEqual(
      sum(
        (z) => z.byPaymentForm,
        (f) => f.form,
        (f) => ({ sales: f.sales, returns: f.returns, amount: f.amount }),
      ),
    );
    const sections = await till.ok('reports.sections', period);
    expect(Object.fromEntries(sections.bySection.map((s) => [s.section, { sales: s.sales, returns: s.returns, amount: s.amount }]))).toEqual(
      sum(
        (z) => z.bySection,
        (s) => String(s.section),
        (s) => ({ sales: s.sales, returns: s.returns, amount: s.amount }),
      ),
    );
    expect(
      Object.fromEntries(sections.byVatRate.map((v) => [String(v.vatRate), { amount: v.amount, vat: v.vat, salesVat: v.salesVat, returnsVat: v.returnsVat }])),
    ).toEqual(
      sum(
        (z) => z.byVatRate,
        (v) => String(v.vatRate),
        (v) => ({ amount: v.amount, vat: v.vat, salesVat: v.salesVat, returnsVat: v.returnsVat }),
      ),
    );
    const cashiers = await till.ok('reports.cashiers', period);
    const totals = zs.reduce(
      (t, z) => ({
        salesCount: t.salesCount + z.salesCount,
        salesTotal: t.salesTotal + z.salesTotal,
        returnsCount: t.returnsCount + z.returnsCount,
        returnsTotal: t.returnsTotal + z.returnsTotal,
      }),
      { salesCount: 0, salesTotal: 0, returnsCount: 0, returnsTotal: 0 },
    );
    expect(cashiers.totals).toEqual({ ...totals, net: totals.salesTotal - totals.returnsTotal });
    const goods = await till.ok('reports.goods', period);
    expect(goods.totals.net).toBe(totals.salesTotal - totals.returnsTotal);
  });

  it('count a document stamped out of order (clock set back) by its time, on the slower exact path', async () => {
    // The till's clock set back into the year: a new shift and a sale stamped on 2025-01-04.
    now = new Date(2025, 0, 4, 12, 0);
    const cashier = year.cashiers[0]!;
    await till.call('auth.logout');
    await till.ok('auth.login', { login: cashier.login, password: GENERATED_CASHIER_PIN });
    await till.ok('shift.open');
    const code = till.ctx.db.value<string>(
      "SELECT b.barcode FROM item_barcodes b JOIN items i ON i.id = b.item_id WHERE i.unit = 'шт' AND i.code LIKE 'G%' LIMIT 1",
    )!;
    const check = await till.ok('sale.addItem', { barcode: code });
    await till.ok('sale.pay', { payments: [{ form: 'card', amount: check.total }] });
    await till.call('auth.logout');
    await till.ok('auth.login', { login: 'admin', password: ADMIN_PASSWORD });
    const rows = rowsOf(till);
    expect(spanOf(till.ctx.db, { from: year.firstDay, to: year.lastDay }).ordered).toBe(false);
    expect(spanOf(till.ctx.db, { from: '2025-01-04', to: '2025-01-04' }).ordered).toBe(false);
    // After it the ids and times agree again: the fast path stands there.
    expect(spanOf(till.ctx.db, { from: '2025-01-05', to: year.lastDay }).ordered).toBe(true);
    for (const period of [
      { from: '2025-01-04', to: '2025-01-04' },
      { from: year.firstDay, to: year.lastDay },
      { from: '2025-01-05', to: year.lastDay },
    ])
      await expectEqualToBruteForce(direct(till), rows, { period, filter: {} });
  });

  it('shows the admin the open shift as an X would, without making one; null without a shift', async () => {
    const x = await till.ok('reports.currentShift');
    expect(x?.salesCount).toBe(1);
    expect(till.ctx.db.value<number>("SELECT count(*) FROM documents WHERE kind = 'x_report' AND shift_id = (SELECT max(id) FROM shifts)")).toBe(0);
  });

  it('refuses a cashier, and a bad period with a Russian message, changing nothing', async () => {
    await till.call('auth.logout');
    await till.ok('auth.login', { login: year.cashiers[0]!.login, password: GENERATED_CASHIER_PIN });
    const refused = await till.call('reports.goods', { period: { from: year.firstDay, to: year.lastDay } });
    expect(refused.ok ? null : refused.error.code).toBe('FORBIDDEN');
    await till.call('auth.logout');
    await till.ok('auth.login', { login: 'admin', password: ADMIN_PASSWORD });
    const before = till.fingerprint();
    const backwards = await till.call('reports.payments', { period: { from: '2025-02-01', to: '2025-01-01' } });
    expect(backwards.ok ? null : backwards.error.message).toMatch(/Начало периода позже его конца/);
    const tooLong = await till.call('reports.payments', { period: { from: '2020-01-01', to: '2025-01-01' } });
    expect(tooLong.ok ? null : tooLong.error.message).toMatch(/не длиннее 400 дней/);
    const badDate = await till.call('reports.hours', { period: { from: '2025-1-1', to: '2025-01-02' } });
    expect(badDate.ok ? null : badDate.error.message).toMatch(/ГГГГ-ММ-ДД/);
    expect(till.fingerprint()).toBe(before);
  });
});
