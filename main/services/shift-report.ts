/**
 * The shift report — the figures of X and Z, what the drawer holds — computed from the stored documents only, so a report always
 * equals the sum of the documents it reports. A sale or return that has been annulled does not
 * «stand»: it is counted under `annulled`, not in sales, returns, forms, rates, sections or drawer.
 */
import type { Currency, DocumentKind, PaymentForm, ShiftReport, VatRate } from '../../preload/contract/index.js';
import type { Ctx } from './context.js';

export type ReportFigures = Omit<ShiftReport, 'kind' | 'document'>;

/** `d` is not annulled. */
const STANDS = "NOT EXISTS (SELECT 1 FROM documents a WHERE a.kind = 'annulment' AND a.refers_to_id = d.id)";

const CURRENCY_ORDER: readonly Currency[] = ['BYN', 'USD', 'EUR', 'RUB'];

/** What the drawer holds per currency: cash of sales (less change) − cash of returns + cash in − cash out. */
export function drawerOf(ctx: Pick<Ctx, 'db'>, shiftId: number): { currency: Currency; amount: number }[] {
  const cashSales = ctx.db.value<number>(
    `SELECT coalesce(sum(CASE WHEN d.kind = 'sale' THEN p.amount ELSE -p.amount END), 0)
       FROM document_payments p JOIN documents d ON d.id = p.document_id
       WHERE d.shift_id = ? AND d.kind IN ('sale', 'return') AND p.form = 'cash' AND ${STANDS}`,
    shiftId,
  )!;
  const change = ctx.db.value<number>(`SELECT coalesce(sum(d.change), 0) FROM documents d WHERE d.shift_id = ? AND d.kind = 'sale' AND ${STANDS}`, shiftId)!;
  const moves = ctx.db.all<{ currency: Currency; amount: number }>(
    `SELECT d.currency, sum(CASE WHEN d.kind = 'cash_in' THEN d.total ELSE -d.total END) AS amount
       FROM documents d WHERE d.shift_id = ? AND d.kind IN ('cash_in', 'cash_out') AND ${STANDS} GROUP BY d.currency`,
    shiftId,
  );
  const by = new Map<Currency, number>([['BYN', cashSales - change]]);
  for (const m of moves) by.set(m.currency, (by.get(m.currency) ?? 0) + m.amount);
  return CURRENCY_ORDER.filter((c) => by.has(c)).map((currency) => ({ currency, amount: by.get(currency)! }));
}

export function drawerAmount(ctx: Ctx, shiftId: number, currency: Currency): number {
  return drawerOf(ctx, shiftId).find((d) => d.currency === currency)?.amount ?? 0;
}

/** The figures of a shift from its stored documents (the report being made is not among them yet). */
export function shiftFigures(ctx: Pick<Ctx, 'db'>, shift: { id: number; number: number }): ReportFigures {
  const id = shift.id;
  const openedAt = ctx.db.value<string>('SELECT opened_at FROM shifts WHERE id = ?', id)!;
  const byKind = ctx.db.all<{ kind: DocumentKind; currency: Currency; count: number; total: number }>(
    'SELECT kind, currency, count(*) AS count, coalesce(sum(total), 0) AS total FROM documents WHERE shift_id = ? GROUP BY kind, currency ORDER BY min(id)',
    id,
  );
  const annulled = ctx.db.all<{ kind: DocumentKind; count: number; total: number }>(
    `SELECT t.kind, count(*) AS count, coalesce(sum(t.total), 0) AS total
       FROM documents a JOIN documents t ON t.id = a.refers_to_id
       WHERE a.shift_id = ? AND a.kind = 'annulment' GROUP BY t.kind ORDER BY t.kind`,
    id,
  );
  const standing = ctx.db.all<{ kind: 'sale' | 'return'; count: number; total: number }>(
    `SELECT d.kind, count(*) AS count, coalesce(sum(d.total), 0) AS total FROM documents d
       WHERE d.shift_id = ? AND d.kind IN ('sale', 'return') AND ${STANDS} GROUP BY d.kind`,
    id,
  );
  const sales = standing.find((s) => s.kind === 'sale') ?? { count: 0, total: 0 };
  const returns = standing.find((s) => s.kind === 'return') ?? { count: 0, total: 0 };

  const forms = ctx.db.all<{ form: PaymentForm; kind: 'sale' | 'return'; amount: number }>(
    `SELECT p.form, d.kind, sum(p.amount) AS amount
       FROM document_payments p JOIN documents d ON d.id = p.document_id
       WHERE d.shift_id = ? AND d.kind IN ('sale', 'return') AND ${STANDS} GROUP BY p.form, d.kind`,
    id,
  );
  const change = ctx.db.value<number>(`SELECT coalesce(sum(d.change), 0) FROM documents d WHERE d.shift_id = ? AND d.kind = 'sale' AND ${STANDS}`, id)!;
  const formMap = new Map<PaymentForm, { sales: number; returns: number }>();
  for (const f of forms) {
    const e = formMap.get(f.form) ?? { sales: 0, returns: 0 };
    if (f.kind === 'sale') e.sales += f.amount - (f.form === 'cash' ? change : 0);
    else e.returns += f.amount;
    formMap.set(f.form, e);
  }
  const byPaymentForm = [...formMap]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([form, e]) => ({ form, sales: e.sales, returns: e.returns, amount: e.sales - e.returns }));

  const rates = ctx.db.all<{ vatRate: VatRate; kind: 'sale' | 'return'; amount: number; vat: number }>(
    // Each document's VAT per rate as it printed (of the rate's total), summed: X/Z add up to the checks.
    `SELECT v.vat_rate AS vatRate, d.kind, sum(v.amount) AS amount, sum(v.vat) AS vat
       FROM document_vat v JOIN documents d ON d.id = v.document_id
       WHERE d.shift_id = ? AND d.kind IN ('sale', 'return') AND ${STANDS} GROUP BY v.vat_rate, d.kind`,
    id,
  );
  const rateMap = new Map<VatRate, { sales: number; salesVat: number; returns: number; returnsVat: number }>();
  for (const r of rates) {
    const e = rateMap.get(r.vatRate) ?? { sales: 0, salesVat: 0, returns: 0, returnsVat: 0 };
    if (r.kind === 'sale') {
      e.sales += r.amount;
      e.salesVat += r.vat;
    } else {
      e.returns += r.amount;
      e.returnsVat += r.vat;
    }
    rateMap.set(r.vatRate, e);
  }
  const byVatRate = [...rateMap]
    .sort(([a], [b]) => (b ?? -1) - (a ?? -1))
    .map(([vatRate, e]) => ({ vatRate, ...e, amount: e.sales - e.returns, vat: e.salesVat - e.returnsVat }));

  const sectionRows = ctx.db.all<{ section: number; name: string; kind: 'sale' | 'return'; amount: number }>(
    `SELECT l.section, coalesce(s.name, 'Секция ' || l.section) AS name, d.kind, sum(l.amount) AS amount
       FROM document_lines l JOIN documents d ON d.id = l.document_id LEFT JOIN sections s ON s.code = l.section
       WHERE d.shift_id = ? AND d.kind IN ('sale', 'return') AND ${STANDS} GROUP BY l.section, d.kind`,
    id,
  );
  const sectionMap = new Map<number, { name: string; sales: number; returns: number }>();
  for (const r of sectionRows) {
    const e = sectionMap.get(r.section) ?? { name: r.name, sales: 0, returns: 0 };
    if (r.kind === 'sale') e.sales += r.amount;
    else e.returns += r.amount;
    sectionMap.set(r.section, e);
  }
  const bySection = [...sectionMap]
    .sort(([a], [b]) => a - b)
    .map(([section, e]) => ({ section, name: e.name, sales: e.sales, returns: e.returns, amount: e.sales - e.returns }));

  const cash = ctx.db.all<{ kind: 'cash_in' | 'cash_out'; currency: Currency; count: number; amount: number }>(
    `SELECT d.kind, d.currency, count(*) AS count, sum(d.total) AS amount FROM documents d
       WHERE d.shift_id = ? AND d.kind IN ('cash_in', 'cash_out') AND ${STANDS} GROUP BY d.kind, d.currency`,
    id,
  );
  const cashOf = (kind: 'cash_in' | 'cash_out') =>
    cash
      .filter((c) => c.kind === kind)
      .sort((a, b) => CURRENCY_ORDER.indexOf(a.currency) - CURRENCY_ORDER.indexOf(b.currency))
      .map(({ currency, count, amount }) => ({ currency, count, amount }));

  const numbers = ctx.db.one<{ count: number; first: number | null; last: number | null }>(
    'SELECT count(*) AS count, min(number_in_shift) AS first, max(number_in_shift) AS last FROM documents WHERE shift_id = ?',
    id,
  )!;
  const drawer = drawerOf(ctx, id);
  return {
    shiftNumber: shift.number,
    openedAt,
    salesCount: sales.count,
    salesTotal: sales.total,
    returnsCount: returns.count,
    returnsTotal: returns.total,
    netTotal: sales.total - returns.total,
    byKind,
    annulled,
    byPaymentForm,
    byVatRate,
    bySection,
    cashIn: cashOf('cash_in'),
    cashOut: cashOf('cash_out'),
    cashInDrawer: drawer.find((d) => d.currency === 'BYN')?.amount ?? 0,
    drawer,
    documentsCount: numbers.count,
    firstDocument: numbers.first,
    lastDocument: numbers.last,
  };
}
