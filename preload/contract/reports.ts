/**
 * «Отчёты» (admin): reports over any period of local days, with filters — goods, payment forms by
 * day, cashiers, hours of the day and days of the week, sections and VAT rates — and the open
 * shift's figures without an X-report. Every figure counts the documents that stand (an annulled
 * sale or return counts nowhere), as X and Z do.
 */
import { z } from 'zod';
import { ADMIN, command, Id, IsoDate, query } from './method.js';
import { Kopecks, PaymentForm, PrintOutcome, Unit, VatRate } from './shapes.js';
import { ShiftReport } from './shift.js';
import { lazy } from '../../common/lazy.js';

const ADMIN_ANY = { kind: 'user', roles: ADMIN, shift: 'any' } as const;

/** Longest period one report reads: a little over a year. */
export const MAX_REPORT_DAYS = 400;

const dayNumber = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / 86_400_000;

/** Local days, both included. */
export const ReportPeriod = lazy(() =>
  z
    .object({ from: IsoDate, to: IsoDate })
    .strict()
    .refine((p) => p.from <= p.to, { message: 'Начало периода позже его конца', path: ['to'] })
    .refine((p) => dayNumber(p.to) - dayNumber(p.from) < MAX_REPORT_DAYS, { message: `Период — не длиннее ${MAX_REPORT_DAYS} дней`, path: ['to'] }),
);
export type ReportPeriod = z.infer<typeof ReportPeriod>;

/**
 * Filters. `paymentForm` keeps the checks with a payment of that form (a mixed check counts
 * whole; the payments report shows that form only); `section` and `categoryId` keep lines, so
 * they apply to the goods report only.
 */
export const ReportFilter = lazy(() =>
  z
    .object({
      cashierId: Id.optional(),
      section: z.number().int('Секция — целое число').min(0).max(255, 'Секция — от 0 до 255').optional(),
      /** A category with every category under it. */
      categoryId: Id.optional(),
      paymentForm: PaymentForm.optional(),
    })
    .strict(),
);
export type ReportFilter = z.infer<typeof ReportFilter>;

export const ReportQuery = lazy(() => z.object({ period: ReportPeriod, filter: ReportFilter.default({}) }).strict());
export type ReportQuery = z.input<typeof ReportQuery>;

export const GoodsSalesRow = lazy(() =>
  z.object({
    /** null: an amount on a section (sum mode). */
    itemId: z.number().int().nullable(),
    code: z.string().nullable(),
    name: z.string(),
    /** The item's category with those above it; '' when it has none. */
    category: z.string(),
    section: z.number().int(),
    unit: Unit,
    soldQuantity: z.number().int(),
    /** What sales took (after discounts). */
    salesAmount: Kopecks,
    /** What discounts took off the sales (negative: markups). */
    discount: Kopecks,
    returnedQuantity: z.number().int(),
    returnsAmount: Kopecks,
    /** salesAmount − returnsAmount. */
    net: Kopecks,
    /** Sale lines it was on. */
    lines: z.number().int(),
  }),
);
export type GoodsSalesRow = z.infer<typeof GoodsSalesRow>;

const Totals = lazy(() => z.object({ salesAmount: Kopecks, discount: Kopecks, returnsAmount: Kopecks, net: Kopecks }));

export const GoodsReport = lazy(() =>
  z.object({
    items: z.array(GoodsSalesRow),
    categories: z.array(Totals.extend({ category: z.string(), items: z.number().int() })),
    totals: Totals,
  }),
);
export type GoodsReport = z.infer<typeof GoodsReport>;

const FormAmounts = lazy(() => z.object({ form: PaymentForm, sales: Kopecks, returns: Kopecks, amount: Kopecks }));

/** Per payment form over the period (cash net of change) and per day. */
export const PaymentsReport = lazy(() =>
  z.object({
    byForm: z.array(FormAmounts),
    byDay: z.array(z.object({ day: IsoDate, forms: z.array(FormAmounts), amount: Kopecks })),
    totals: z.object({ sales: Kopecks, returns: Kopecks, amount: Kopecks }),
  }),
);
export type PaymentsReport = z.infer<typeof PaymentsReport>;

const Checks = lazy(() => z.object({ salesCount: z.number().int(), salesTotal: Kopecks, returnsCount: z.number().int(), returnsTotal: Kopecks, net: Kopecks }));

export const CashiersReport = lazy(() =>
  z.object({
    rows: z.array(Checks.extend({ userId: z.number().int(), name: z.string(), averageCheck: Kopecks })),
    totals: Checks,
  }),
);
export type CashiersReport = z.infer<typeof CashiersReport>;

/** By hour of the day (0–23) and day of the week (1 Monday … 7 Sunday), local time. */
export const HoursReport = lazy(() =>
  z.object({
    byHour: z.array(Checks.extend({ hour: z.number().int() })),
    byWeekday: z.array(Checks.extend({ weekday: z.number().int() })),
    totals: Checks,
  }),
);
export type HoursReport = z.infer<typeof HoursReport>;

export const SectionsReport = lazy(() =>
  z.object({
    bySection: z.array(z.object({ section: z.number().int(), name: z.string(), sales: Kopecks, returns: Kopecks, amount: Kopecks })),
    byVatRate: z.array(z.object({ vatRate: VatRate, sales: Kopecks, salesVat: Kopecks, returns: Kopecks, returnsVat: Kopecks, amount: Kopecks, vat: Kopecks })),
    totals: z.object({ sales: Kopecks, returns: Kopecks, amount: Kopecks, vat: Kopecks }),
  }),
);
export type SectionsReport = z.infer<typeof SectionsReport>;

/** What the filters offer. */
export const ReportChoices = lazy(() =>
  z.object({
    cashiers: z.array(z.object({ id: z.number().int(), name: z.string() })),
    sections: z.array(z.object({ code: z.number().int(), name: z.string() })),
    /** Each category named with the categories above it: «Молочные продукты / Сыры». */
    categories: z.array(z.object({ id: z.number().int(), name: z.string() })),
  }),
);
export type ReportChoices = z.infer<typeof ReportChoices>;

/** Which report goes out (on paper, to a file): a period report with its period and filters, or the open shift. */
export const ReportOut = lazy(() =>
  z
    .object({ report: z.enum(['goods', 'payments', 'cashiers', 'hours', 'sections', 'shift']), query: ReportQuery.optional() })
    .strict()
    .refine((o) => o.report === 'shift' || o.query !== undefined, { message: 'Укажите период отчёта', path: ['query'] }),
);
export type ReportOut = z.infer<typeof ReportOut>;

export const reportsMethods = {
  'reports.choices': query(
    lazy(() => z.object({}).strict()),
    ReportChoices,
    ADMIN_ANY,
  ),
  'reports.goods': query(ReportQuery, GoodsReport, ADMIN_ANY),
  'reports.payments': query(ReportQuery, PaymentsReport, ADMIN_ANY),
  'reports.cashiers': query(ReportQuery, CashiersReport, ADMIN_ANY),
  'reports.hours': query(ReportQuery, HoursReport, ADMIN_ANY),
  'reports.sections': query(ReportQuery, SectionsReport, ADMIN_ANY),
  /** The open shift's figures as an X would give them, without making one; null when no shift is open. */
  'reports.currentShift': query(
    lazy(() => z.object({}).strict()),
    lazy(() => ShiftReport.omit({ kind: true, document: true }).nullable()),
    ADMIN_ANY,
  ),
  /** The report on the receipt printer (58 or 80 mm, as the printer is set): the tables the screen shows. */
  'reports.print': command(ReportOut, PrintOutcome, ADMIN_ANY),
  /** The report as a CSV (UTF-8 with BOM, «;», decimal comma) or XLSX file (a sheet per table), base64. */
  'reports.export': command(
    lazy(() => z.object({ out: ReportOut, format: z.enum(['csv', 'xlsx']) }).strict()),
    lazy(() => z.object({ fileName: z.string(), mime: z.string(), base64: z.string() })),
    ADMIN_ANY,
  ),
  /** Whether this host can make a PDF of the screen (the Electron app can; the web host's browser prints instead). */
  'reports.canPdf': query(
    lazy(() => z.object({}).strict()),
    z.boolean(),
    ADMIN_ANY,
  ),
  /** The window's page as a PDF with the print styles (Electron's printToPDF), base64; the web host refuses. */
  'reports.pdf': command(
    lazy(() => z.object({ name: z.string().regex(/^[\w.-]{1,80}$/, 'Имя файла — латинские буквы, цифры, точка и дефис') }).strict()),
    lazy(() => z.object({ fileName: z.string(), mime: z.string(), base64: z.string() })),
    ADMIN_ANY,
  ),
} as const;
