/**
 * The open check: lines, discounts, parked checks, payment.
 */
import { z } from 'zod';
import { Barcode } from './catalogue.js';
import { ADMIN, CASHIER, command, Empty, Id, query } from './method.js';
import { FiscalDocument, Kopecks, Milli, PaymentForm, PrintOutcome, Unit, VatRate } from './shapes.js';
import { CardSlip } from './terminal.js';
import { CARD_MAX, CARD_NUMBER } from '../../common/discount-card.js';
import { lazy } from '../../common/lazy.js';

/**
 * A discount or a markup: `percent` in hundredths of a percent (10 % = 1000), or `sum` in
 * kopecks. Percent of what it applies to, rounded half away from zero.
 */
export const Adjustment = lazy(() =>
  z
    .object({
      kind: z.enum(['discount', 'markup']),
      by: z.enum(['percent', 'sum']),
      value: z
        .number()
        .int('Скидка — целое число (проценты в сотых, сумма в копейках)')
        .positive('Скидка должна быть больше нуля')
        .max(1_000_000_000, 'Скидка слишком велика'),
    })
    .strict()
    .refine((a) => a.by !== 'percent' || a.value <= 10_000, { message: 'Процент скидки — не больше 100', path: ['value'] }),
);
export type Adjustment = z.infer<typeof Adjustment>;

export const CheckLine = lazy(() =>
  z.object({
    id: z.number().int(),
    /** null for an amount on a section (sum mode). */
    itemId: z.number().int().nullable(),
    name: z.string(),
    barcode: z.string().nullable(),
    quantity: Milli,
    unit: Unit,
    price: Kopecks,
    /** price × quantity, before any discount. */
    baseAmount: Kopecks,
    /** What the line's own discount takes off (negative: a markup adds). */
    lineDiscount: Kopecks,
    /** This line's share of the check discount (negative: of a check markup). */
    checkDiscount: Kopecks,
    /** What the customer pays for the line: baseAmount − lineDiscount − checkDiscount, never negative. */
    amount: Kopecks,
    vatRate: VatRate,
    section: z.number().int(),
    /** The line's discount or markup as the cashier set it. */
    adjustment: Adjustment.nullable(),
    /** The DataMatrix code of a marked item (GS separators as \u001d). */
    markCode: z.string().nullable(),
  }),
);
export type CheckLine = z.infer<typeof CheckLine>;

/** The open (not yet paid) check. It lives in the database, so a crash loses no line. */
export const OpenCheck = lazy(() =>
  z.object({
    lines: z.array(CheckLine),
    /** Sum of the lines after their own discounts, before the check discount. */
    subtotal: Kopecks,
    /** The check discount or markup as set, with the discount card it came from. */
    checkAdjustment: Adjustment.nullable(),
    discountCard: z.string().nullable(),
    /** Kopecks the check discount takes off in all (negative: a markup). */
    checkDiscount: Kopecks,
    /** To pay: the sum of the lines' amounts. */
    total: Kopecks,
    vat: z.array(z.object({ vatRate: VatRate, vat: Kopecks })),
    /** Checks put aside with `sale.park`. */
    parkedCount: z.number().int(),
    /** Stock on with the `warn` policy: the line just added takes a balance below zero (it is sold all the same). */
    stockWarning: z.string().optional(),
  }),
);
export type OpenCheck = z.infer<typeof OpenCheck>;

export const Payment = lazy(() =>
  z.object({
    form: PaymentForm,
    amount: Kopecks.positive(),
    /** Card on a standalone terminal: the code (and RRN) from the bank's slip once it approved. */
    slip: CardSlip.optional(),
  }),
);

export const ParkedCheck = lazy(() =>
  z.object({
    id: z.number().int(),
    parkedAt: z.string(),
    note: z.string(),
    lines: z.number().int(),
    total: Kopecks,
  }),
);
export type ParkedCheck = z.infer<typeof ParkedCheck>;

/** A GS1 DataMatrix as the scanner read it (with or without `]d2`, GS as \u001d). */
const MarkCode = z.string().min(16, 'Код маркировки слишком короткий').max(200, 'Код маркировки слишком длинный');
const CardNumber = lazy(() => z.string().trim().regex(CARD_NUMBER, `Номер дисконтной карты — до ${CARD_MAX} латинских букв и цифр`));
const Plu = lazy(() =>
  z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z-]{1,20}$/, 'Код товара (PLU) — до 20 букв и цифр'),
);

/** How a line's quantity comes: typed (`quantity`), or `weigh: true` — the scale's stable weight now. */
/** `confirmed`: the cashier agreed to an unusual quantity or total after CONFIRM_REQUIRED. */
const Confirmed = z.literal(true).optional();

const LineQuantity = {
  quantity: Milli.optional(),
  /** The price the cashier typed, for an item whose price is entered at sale (refused for any other). */
  price: Kopecks.positive('Цена должна быть больше нуля').max(99_999_999, 'Цена — не больше 999 999,99').optional(),
  weigh: z.literal(true).optional(),
  markCode: MarkCode.optional(),
  confirmed: Confirmed,
};

/** One deleted line of the storno journal. */
export const StornoEntry = lazy(() =>
  z.object({
    at: z.string(),
    cashier: z.string(),
    name: z.string(),
    quantity: Milli,
    price: Kopecks,
    /** The admin whose password allowed it; null when no password was asked. */
    approvedBy: z.string().nullable(),
  }),
);
export type StornoEntry = z.infer<typeof StornoEntry>;

export const saleMethods = {
  'sale.current': query(Empty, OpenCheck, { kind: 'user', roles: CASHIER, shift: 'open' }),
  /**
   * One item into the check: by barcode (a weight label 20–29 carries its weight), by PLU code or by
   * id. Marked goods need `markCode`; weighted goods need `quantity` or `weigh: true` (stable scale weight).
   */
  'sale.addItem': command(
    lazy(() =>
      z.union(
        [
          z.object({ barcode: Barcode, ...LineQuantity }).strict(),
          z.object({ plu: Plu, ...LineQuantity }).strict(),
          z.object({ itemId: z.number().int().positive(), ...LineQuantity }).strict(),
        ],
        { error: 'Укажите штрихкод, код товара или товар' },
      ),
    ),
    OpenCheck,
    { kind: 'user', roles: CASHIER, shift: 'open', sale: true },
  ),
  /**
   * A code as the scanner typed it: the Russian layout is mapped back, a DataMatrix adds the marked
   * item with its code, a weight label its weight, an EAN/UPC is checked; an unknown code adds nothing.
   */
  'sale.scan': command(
    lazy(() => z.object({ code: z.string().min(1, 'Пустой код').max(300, 'Код длиннее 300 символов'), quantity: Milli.optional(), confirmed: Confirmed }).strict()),
    OpenCheck,
    { kind: 'user', roles: CASHIER, shift: 'open', sale: true },
  ),
  /** Sum mode: an amount (price per unit) on a section. */
  'sale.addSection': command(
    lazy(() =>
      z
        .object({
          section: z.number().int().min(0, 'Секция — от 0 до 255').max(255, 'Секция — от 0 до 255'),
          amount: Kopecks.positive('Сумма должна быть больше нуля').max(100_000_000, 'Сумма слишком велика'),
          quantity: Milli.optional(),
          confirmed: Confirmed,
        })
        .strict(),
    ),
    OpenCheck,
    { kind: 'user', roles: CASHIER, shift: 'open', sale: true },
  ),
  'sale.setQuantity': command(
    lazy(() => z.object({ lineId: Id, quantity: Milli, confirmed: Confirmed }).strict()),
    OpenCheck,
    { kind: 'user', roles: CASHIER, shift: 'open' },
  ),
  /** A line's discount or markup; null removes it. */
  'sale.lineDiscount': command(
    lazy(() => z.object({ lineId: Id, adjustment: Adjustment.nullable() }).strict()),
    OpenCheck,
    {
      kind: 'user',
      roles: CASHIER,
      shift: 'open',
    },
  ),
  /**
   * The check's discount or markup, spread over the lines in proportion to their amounts. A card
   * number gives that card's discount from the directory (unknown: refused); `adjustment: null` removes the discount.
   */
  'sale.checkDiscount': command(
    lazy(() =>
      z
        .object({ adjustment: Adjustment.nullable().optional(), card: CardNumber.optional() })
        .strict()
        .refine((d) => d.adjustment !== undefined || d.card !== undefined, 'Укажите скидку или номер дисконтной карты'),
    ),
    OpenCheck,
    { kind: 'user', roles: CASHIER, shift: 'open' },
  ),
  /** Puts the open check aside (it keeps its lines and discounts); the new open check is empty. */
  'sale.park': command(
    lazy(() => z.object({ note: z.string().trim().max(60, 'Пометка — до 60 символов').optional() }).strict()),
    OpenCheck,
    {
      kind: 'user',
      roles: CASHIER,
      shift: 'open',
    },
  ),
  'sale.parked': query(
    Empty,
    lazy(() => z.array(ParkedCheck)),
    { kind: 'user', roles: CASHIER, shift: 'open' },
  ),
  /** Brings a parked check back; refused while the open check has lines. */
  'sale.resume': command(
    lazy(() => z.object({ id: Id }).strict()),
    OpenCheck,
    { kind: 'user', roles: CASHIER, shift: 'open' },
  ),
  /** Deletes a line (audited in the storno journal); with the setting `stornoNeedsAdmin`, only with an admin's password. */
  'sale.removeLine': command(
    lazy(() => z.object({ lineId: z.number().int().positive(), adminPassword: z.string().min(1).max(200).optional() }).strict()),
    OpenCheck,
    {
      kind: 'user',
      roles: CASHIER,
      shift: 'open',
    },
  ),
  /** The storno journal: every line deleted from a check, newest first — who, when, what, with whose password. */
  'sale.stornoJournal': query(
    lazy(() => z.object({ limit: z.number().int().min(1).max(500).default(50), offset: z.number().int().min(0).default(0) }).strict()),
    lazy(() => z.object({ items: z.array(StornoEntry), total: z.number().int() })),
    { kind: 'user', roles: ADMIN, shift: 'any' },
  ),
  'sale.cancel': command(Empty, OpenCheck, { kind: 'user', roles: CASHIER, shift: 'open' }),
  /**
   * Pays the open check, forms mixed; only cash gives change. Card and ОПЛАТИ go through the payment
   * terminal first: a decline (PAYMENT_DECLINED) or no answer (DEVICE_ERROR) leaves the check open.
   */
  'sale.pay': command(
    // `confirmed`: the cashier agreed to a check total above the setting (after CONFIRM_REQUIRED).
    lazy(() => z.object({ payments: z.array(Payment).min(1, 'Укажите оплату').max(10), confirmed: Confirmed }).strict()),
    lazy(() => z.object({ document: FiscalDocument, change: Kopecks, print: PrintOutcome })),
    { kind: 'user', roles: CASHIER, shift: 'open', sale: true },
  ),
} as const;

export const saleEvents = {
  /** The open check after every change (any window, any payment), so every window shows main's check. */
  'sale.changed': OpenCheck,
} as const;
