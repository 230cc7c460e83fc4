/**
 * The shift: open, X-report, Z-report, the list of shifts.
 */
import { z } from 'zod';
import { BOTH, CASHIER, command, Empty, Id, IsoDate, query } from './method.js';
import { Currency, DocumentKind, FiscalDocument, Kopecks, PaymentForm, PrintOutcome, VatRate } from './shapes.js';
import { lazy } from '../../common/lazy.js';

export const Shift = lazy(() =>
  z.object({
    id: z.number().int(),
    number: z.number().int(),
    openedAt: z.string(),
    openedBy: z.string(),
    closedAt: z.string().nullable(),
    /** The shift has run past the maximum length: sales are refused until Z. */
    tooLong: z.boolean(),
  }),
);
export type Shift = z.infer<typeof Shift>;

/**
 * Report figures. «Sales» and «returns» count the documents that stand: an annulled sale or
 * return is in `annulled` instead, so `net` = sales − returns of what stands.
 */
export const ShiftReport = lazy(() =>
  z.object({
    kind: z.enum(['x_report', 'z_report']),
    document: FiscalDocument,
    shiftNumber: z.number().int(),
    openedAt: z.string(),
    /** Sales that stand (not annulled). */
    salesCount: z.number().int(),
    salesTotal: Kopecks,
    returnsCount: z.number().int(),
    returnsTotal: Kopecks,
    /** salesTotal − returnsTotal. */
    netTotal: Kopecks,
    /** Every stored document of the shift by kind, before this report: count and sum of totals. */
    /** Per kind and currency: cash in / out in USD is never added to BYN. */
    byKind: z.array(z.object({ kind: DocumentKind, currency: Currency, count: z.number().int(), total: Kopecks })),
    /** Annulled documents by the kind they had. */
    annulled: z.array(z.object({ kind: DocumentKind, count: z.number().int(), total: Kopecks })),
    /** Per payment form: taken by sales, paid back by returns; `amount` = sales − returns (cash net of change). */
    byPaymentForm: z.array(z.object({ form: PaymentForm, sales: Kopecks, returns: Kopecks, amount: Kopecks })),
    /** Per VAT rate: turnover and VAT of sales, of returns, and net (`amount`, `vat`). */
    byVatRate: z.array(z.object({ vatRate: VatRate, sales: Kopecks, salesVat: Kopecks, returns: Kopecks, returnsVat: Kopecks, amount: Kopecks, vat: Kopecks })),
    bySection: z.array(z.object({ section: z.number().int(), name: z.string(), sales: Kopecks, returns: Kopecks, amount: Kopecks })),
    /** Cash in and cash out documents that stand, per currency. */
    cashIn: z.array(z.object({ currency: Currency, count: z.number().int(), amount: Kopecks })),
    cashOut: z.array(z.object({ currency: Currency, count: z.number().int(), amount: Kopecks })),
    /** BYN in the drawer: cash of sales − cash of returns + cash in − cash out. */
    cashInDrawer: Kopecks,
    drawer: z.array(z.object({ currency: Currency, amount: Kopecks })),
    /** Documents of the shift before this report: how many, first and last numbers. */
    documentsCount: z.number().int(),
    firstDocument: z.number().int().nullable(),
    lastDocument: z.number().int().nullable(),
  }),
);
export type ShiftReport = z.infer<typeof ShiftReport>;

export const ShiftSummary = lazy(() =>
  z.object({
    id: z.number().int(),
    number: z.number().int(),
    openedAt: z.string(),
    openedBy: z.string(),
    closedAt: z.string().nullable(),
    documentsCount: z.number().int(),
    salesTotal: Kopecks,
    returnsTotal: Kopecks,
  }),
);
export type ShiftSummary = z.infer<typeof ShiftSummary>;

export const shiftMethods = {
  'shift.current': query(
    Empty,
    lazy(() => Shift.nullable()),
    { kind: 'user', roles: BOTH, shift: 'any' },
  ),
  'shift.open': command(Empty, Shift, { kind: 'user', roles: CASHIER, shift: 'closed' }),
  'shift.xReport': command(
    Empty,
    lazy(() => ShiftReport.extend({ print: PrintOutcome.optional() })),
    { kind: 'user', roles: CASHIER, shift: 'open' },
  ),
  /** Z closes the shift; `cashOutAll` first takes every currency out of the drawer (one cash out each). */
  'shift.zReport': command(
    lazy(() => z.object({ cashOutAll: z.boolean().optional() }).strict()),
    lazy(() => ShiftReport.extend({ print: PrintOutcome.optional() })),
    {
      kind: 'user',
      roles: CASHIER,
      shift: 'open',
    },
  ),
  /** Closed and open shifts, newest first; by opening date and by number. */
  'shifts.list': query(
    lazy(() =>
      z
        .object({
          from: IsoDate.optional(),
          to: IsoDate.optional(),
          number: Id.optional(),
          limit: z.number().int().min(1).max(500).default(50),
          offset: z.number().int().min(0).default(0),
        })
        .strict()
        .refine((f) => f.from === undefined || f.to === undefined || f.from <= f.to, { message: 'Дата «с» позже даты «по»', path: ['to'] }),
    ),
    lazy(() => z.object({ items: z.array(ShiftSummary), total: z.number().int() })),
    { kind: 'user', roles: BOTH, shift: 'any' },
  ),
} as const;

export const shiftEvents = {
  /** Opened or closed. */
  'shift.changed': lazy(() => Shift.nullable()),
} as const;
