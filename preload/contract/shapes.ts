/**
 * Shapes more than one area uses: money, quantities, rates, the fiscal document and what became of its
 * printing, the closed list of errors.
 */
import { z } from 'zod';
import { UNITS } from '../../common/units.js';
import { lazy } from '../../common/lazy.js';

export const Role = z.enum(['admin', 'cashier']);
export type Role = z.infer<typeof Role>;

/** Integer kopecks. No floating point ever touches money. */
export const Kopecks = z.number().int().safe();

/** Quantity in thousandths (1 шт = 1000, 1.234 кг = 1234). */
export const Milli = z.number().int().positive().max(1_000_000_000);

/** VAT rate in hundredths of a percent (20 % = 2000); null = «без НДС». */
export const VatRate = z.union([z.literal(2000), z.literal(1000), z.literal(0), z.literal(2500), z.null()]);
export type VatRate = z.infer<typeof VatRate>;

/** Pieces and packs are whole; kg, l, m, m² take thousandths (common/units.ts). */
export const Unit = z.enum(UNITS);
export type Unit = z.infer<typeof Unit>;

export const PaymentForm = z.enum(['cash', 'card', 'gift', 'oplati', 'noncash', 'advance']);
export type PaymentForm = z.infer<typeof PaymentForm>;

export const DocumentKind = z.enum(['shift_open', 'sale', 'return', 'annulment', 'cash_in', 'cash_out', 'x_report', 'z_report']);
export type DocumentKind = z.infer<typeof DocumentKind>;

/** Cash in / cash out currencies; which of them the till takes is a setting (BYN always). */
export const Currency = z.enum(['BYN', 'USD', 'EUR', 'RUB']);
export type Currency = z.infer<typeof Currency>;

export const FiscalStatus = lazy(() =>
  z.object({
    skoDocId: z.string(),
    acceptedAt: z.string(),
    verifyUrl: z.string(),
    /** The operator's signature of its answer (base64), checked by the till before it was stored. */
    signature: z.string(),
  }),
);

/** A document named the way the shop names it: shift and number. */
export const DocumentRef = lazy(() =>
  z.object({
    id: z.number().int(),
    kind: DocumentKind,
    shiftNumber: z.number().int(),
    numberInShift: z.number().int(),
  }),
);
export type DocumentRef = z.infer<typeof DocumentRef>;

export const FiscalDocument = lazy(() =>
  z.object({
    id: z.number().int(),
    kind: DocumentKind,
    shiftNumber: z.number().int(),
    numberInShift: z.number().int(),
    /**
     * Sales and returns: the check's number in its shift as the receipt prints it for the customer
     * (checks counted alone: an X-report or a cash in makes no gap); null for every other document.
     */
    checkNumber: z.number().int().nullable(),
    createdAt: z.string(),
    cashier: z.string(),
    total: Kopecks,
    /** null while the document waits in the outbox for the СКО. */
    fiscal: FiscalStatus.nullable(),
    /** The receipt as it prints, one string per line. */
    receipt: z.array(z.string()),
    /** Cash in / cash out currency (BYN for every other kind). */
    currency: Currency,
    /** The document a return or an annulment refers to. */
    refersTo: DocumentRef.nullable(),
    /** The annulment that cancelled this document, if any. */
    annulledBy: DocumentRef.nullable(),
    /** Return without a check, annulment: why (as the cashier typed it). */
    reason: z.string().nullable(),
  }),
);
export type FiscalDocument = z.infer<typeof FiscalDocument>;

/** The closed list of error codes. Messages that go with them are Russian, for the cashier. */
export const ErrorCode = lazy(() =>
  z.enum([
    'VALIDATION',
    'SETUP_REQUIRED',
    'UNAUTHENTICATED',
    'WRONG_PASSWORD',
    'TOO_MANY_ATTEMPTS',
    'PASSWORD_CHANGE_REQUIRED',
    'FORBIDDEN',
    /** The payment terminal (bank or ОПЛАТИ) declined: the check stays open and unpaid. */
    'PAYMENT_DECLINED',
    'SHIFT_CLOSED',
    'SHIFT_OPEN',
    'SHIFT_TOO_LONG',
    'NOT_FOUND',
    'CONFLICT',
    /** An unusual figure (change, quantity, check total): the request goes again with `confirmed: true` once the cashier agreed. */
    'CONFIRM_REQUIRED',
    'FISCAL_UNAVAILABLE',
    'DEVICE_ERROR',
    /** A storage target (folder, FTP, WebDAV) could not be reached, read or written. */
    'STORAGE_ERROR',
    /** The disk with the data folder is full: nothing more can be stored until room is made. */
    'DISK_FULL',
    /** A long task (import, export, report) was cancelled by the admin: nothing of it was kept. */
    'CANCELLED',
    'INTERNAL',
  ]),
);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ApiError = lazy(() =>
  z.object({
    code: ErrorCode,
    message: z.string(),
    details: z.unknown().optional(),
  }),
);
export type ApiError = z.infer<typeof ApiError>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export const PrinterCondition = lazy(() =>
  z.enum(['ready', 'paper-near-end', 'paper-out', 'cover-open', 'error', 'offline', 'no-answer', 'unreachable', 'unknown', 'off']),
);

export const PrinterStatus = lazy(() =>
  z.object({
    condition: PrinterCondition,
    /** For the cashier: what is wrong and what to do. */
    message: z.string(),
    /** A receipt sent now would print. */
    canPrint: z.boolean(),
    /** Where the printer is, as the cashier reads it. */
    connection: z.string(),
    /** The connection lets us ask the printer (TCP, USB, serial); a Windows queue does not. */
    statusReadable: z.boolean(),
    checkedAt: z.string(),
  }),
);
export type PrinterStatus = z.infer<typeof PrinterStatus>;

/** What became of a print: the document is stored either way; a failure says why. */
export const PrintOutcome = lazy(() =>
  z.object({
    printed: z.boolean(),
    /** Why not, or a warning (paper near end); null when all went well or printing is off. */
    message: z.string().nullable(),
    copy: z.boolean(),
    /** Auto-print is off: nothing was sent (the drawer may still have opened). */
    skipped: z.boolean(),
    status: PrinterStatus.nullable(),
  }),
);
export type PrintOutcome = z.infer<typeof PrintOutcome>;

/** A new document and what became of its printing (auto-print; absent when nothing was tried). */
export const DocumentPrinted = lazy(() => z.object({ document: FiscalDocument, print: PrintOutcome.optional() }));
