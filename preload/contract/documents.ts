/**
 * Documents: the list of checks, one document in full, copies, annulment, printing again.
 */
import { z } from 'zod';
import { BOTH, CASHIER, command, Id, IsoDate, query, Reason } from './method.js';
import { Currency, DocumentKind, DocumentPrinted, DocumentRef, FiscalDocument, Kopecks, Milli, PaymentForm, PrintOutcome, Unit, VatRate } from './shapes.js';
import { CardRefundSlip } from './terminal.js';
import { lazy } from '../../common/lazy.js';

/** A row of the list of checks. */
export const DocumentSummary = lazy(() =>
  DocumentRef.extend({
    createdAt: z.string(),
    cashier: z.string(),
    total: Kopecks,
    currency: Currency,
    /** Accepted by the СКО (false while it waits in the outbox). */
    fiscalized: z.boolean(),
    annulled: z.boolean(),
    refersTo: DocumentRef.nullable(),
  }),
);
export type DocumentSummary = z.infer<typeof DocumentSummary>;

export const DocumentLine = lazy(() =>
  z.object({
    lineNo: z.number().int(),
    itemId: z.number().int().nullable(),
    name: z.string(),
    barcode: z.string().nullable(),
    quantity: Milli,
    unit: Unit,
    price: Kopecks,
    /** Discounts of the line and its share of the check discount (negative: a markup). */
    discount: Kopecks,
    amount: Kopecks,
    vatRate: VatRate,
    vat: Kopecks,
    section: z.number().int(),
    markCode: z.string().nullable(),
    /** Sales: quantity and amount already returned by returns that stand (not annulled). */
    returnedQuantity: z.number().int(),
    returnedAmount: Kopecks,
    /** Return lines: the sale line they return. */
    originLineNo: z.number().int().nullable(),
  }),
);
export type DocumentLine = z.infer<typeof DocumentLine>;

export const DocumentPayment = lazy(() =>
  z.object({
    form: PaymentForm,
    amount: Kopecks,
    /** Card: the authorization code and RRN of the bank's slip (present only when the terminal gave them). */
    authCode: z.string().optional(),
    rrn: z.string().optional(),
  }),
);

/** A document with everything stored about it: the check detail and the return screen use it. */
export const DocumentDetail = lazy(() =>
  FiscalDocument.extend({
    lines: z.array(DocumentLine),
    payments: z.array(DocumentPayment),
    change: Kopecks,
    discountCard: z.string().nullable(),
    /** Sales: what returns that stand have taken back, in all and per payment form. */
    returnedTotal: Kopecks,
    refunded: z.array(DocumentPayment),
    /** Returns of this sale that stand. */
    returns: z.array(DocumentRef),
  }),
);
export type DocumentDetail = z.infer<typeof DocumentDetail>;

export const documentsMethods = {
  /** Annuls an erroneous document within the limits of the settings (default: the last one of the shift, same day). */
  'documents.annul': command(
    lazy(() => z.object({ documentId: Id, reason: Reason.optional(), cardRefund: CardRefundSlip.optional() }).strict()),
    DocumentPrinted,
    {
      kind: 'user',
      roles: CASHIER,
      shift: 'open',
      sale: true,
    },
  ),
  /** A document with its lines, payments and what has been returned of it. */
  'documents.get': query(
    lazy(() => z.object({ id: z.number().int().positive() }).strict()),
    DocumentDetail,
    { kind: 'user', roles: BOTH, shift: 'any' },
  ),
  /** A copy marked «КОПИЯ» (audited): of any document by id, or the Z-report of a shift. */
  'documents.copy': command(
    lazy(() => z.union([z.object({ id: Id }).strict(), z.object({ zReportOfShift: Id }).strict()], { error: 'Укажите документ или номер смены' })),
    FiscalDocument,
    { kind: 'user', roles: BOTH, shift: 'any' },
  ),
  /** The list of checks and other documents, newest first, with filters. */
  'documents.list': query(
    lazy(() =>
      z
        .object({
          shiftNumber: Id.optional(),
          kind: DocumentKind.optional(),
          from: IsoDate.optional(),
          to: IsoDate.optional(),
          numberInShift: Id.optional(),
          /** The document's total, kopecks, inclusive. */
          minTotal: Kopecks.min(0, 'Сумма не может быть меньше нуля').optional(),
          maxTotal: Kopecks.min(0, 'Сумма не может быть меньше нуля').optional(),
          limit: z.number().int().min(1).max(500).default(50),
          offset: z.number().int().min(0).default(0),
        })
        .strict()
        .refine((f) => f.from === undefined || f.to === undefined || f.from <= f.to, { message: 'Дата «с» позже даты «по»', path: ['to'] })
        .refine((f) => f.minTotal === undefined || f.maxTotal === undefined || f.minTotal <= f.maxTotal, {
          message: 'Сумма «от» больше суммы «до»',
          path: ['maxTotal'],
        }),
    ),
    lazy(() => z.object({ items: z.array(DocumentSummary), total: z.number().int() })),
    { kind: 'user', roles: BOTH, shift: 'any' },
  ),
  /** Prints a stored document again: the original while it has not printed, or a copy (КОПИЯ). */
  'documents.print': command(
    lazy(() => z.object({ id: z.number().int().positive(), copy: z.boolean().default(false) }).strict()),
    PrintOutcome,
    {
      kind: 'user',
      roles: BOTH,
      shift: 'any',
    },
  ),
} as const;
