/**
 * Returns: by the original check, without itemization, without a check.
 */
import { z } from 'zod';
import { DocumentDetail } from './documents.js';
import { CASHIER, command, Id, IsoDate, query, Reason } from './method.js';
import { FiscalDocument, Kopecks, Milli, PaymentForm, PrintOutcome } from './shapes.js';
import { CardRefundSlip } from './terminal.js';
import { lazy } from '../../common/lazy.js';

export const Refund = lazy(() => z.object({ form: PaymentForm, amount: Kopecks }));
export type Refund = z.infer<typeof Refund>;

const ReturnLines = lazy(() =>
  z
    .array(z.object({ lineNo: Id, quantity: Milli }).strict())
    .min(1, 'Выберите товары для возврата')
    .max(500),
);

export const returnsMethods = {
  /** Sales to return from: by shift and number, by date, or by the check's QR / verify URL / СКО id. */
  'returns.findOriginal': query(
    lazy(() =>
      z.union(
        [
          z.object({ shiftNumber: Id, numberInShift: Id }).strict(),
          z.object({ date: IsoDate }).strict(),
          z.object({ qr: z.string().trim().min(4, 'Отсканируйте QR-код чека').max(500) }).strict(),
        ],
        { error: 'Укажите смену и номер чека, дату или QR-код' },
      ),
    ),
    lazy(() => z.array(DocumentDetail)),
    { kind: 'user', roles: CASHIER, shift: 'open' },
  ),
  /** What `returns.byCheck` would give back, before it is issued: the amount, the refund forms, whether a move to cash is allowed. */
  'returns.preview': query(
    // `amount`: a return by the sum alone (returns.free against the check), refunded to its forms as they stand.
    lazy(() =>
      z
        .object({ documentId: Id, lines: ReturnLines.optional(), amount: Kopecks.positive('Сумма возврата должна быть больше нуля').optional() })
        .strict()
        .refine((r) => r.lines === undefined || r.amount === undefined, { message: 'Либо строки, либо сумма', path: ['amount'] }),
    ),
    lazy(() => z.object({ total: Kopecks, refunds: z.array(Refund), cashAllowed: z.boolean() })),
    { kind: 'user', roles: CASHIER, shift: 'open' },
  ),
  /**
   * Return by the original check: the lines and quantities given, or everything not yet returned.
   * `refunds` splits the refund (default: the original forms); a non-cash part moves to cash only where the settings allow.
   */
  'returns.byCheck': command(
    lazy(() =>
      z
        .object({
          documentId: Id,
          lines: ReturnLines.optional(),
          refunds: z
            .array(z.object({ form: PaymentForm, amount: Kopecks.min(0, 'Сумма не может быть меньше нуля') }).strict())
            .min(1)
            .max(8)
            .optional(),
          /** A card refund on a standalone terminal: the sale's authorization code and the refund's slip. */
          cardRefund: CardRefundSlip.optional(),
        })
        .strict(),
    ),
    lazy(() => z.object({ document: FiscalDocument, refunds: z.array(Refund), print: PrintOutcome.optional() })),
    { kind: 'user', roles: CASHIER, shift: 'open', sale: true },
  ),
  /**
   * Return without itemization (`documentId` given: refunded to its payment forms, within what is left
   * of it) or without a check (a reason is required; refunded in `form`, cash by default).
   */
  'returns.free': command(
    lazy(() =>
      z
        .object({
          amount: Kopecks.positive('Сумма возврата должна быть больше нуля').max(100_000_000, 'Сумма слишком велика'),
          documentId: Id.optional(),
          section: z.number().int().min(0).max(255).optional(),
          form: PaymentForm.optional(),
          reason: Reason.optional(),
          cardRefund: CardRefundSlip.optional(),
        })
        .strict()
        .refine((r) => r.documentId !== undefined || r.reason !== undefined, { message: 'Возврат без чека: укажите причину', path: ['reason'] }),
    ),
    lazy(() => z.object({ document: FiscalDocument, refunds: z.array(Refund), print: PrintOutcome.optional() })),
    { kind: 'user', roles: CASHIER, shift: 'open', sale: true },
  ),
} as const;
