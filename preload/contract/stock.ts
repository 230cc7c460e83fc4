/**
 * Stock (учёт остатков, a setting, off by default): the admin's stock documents — goods receipt,
 * write-off, inventory count — and the statements: balances on a date, turnover for a period.
 * Sales, returns and annulments move the balances themselves (in their own transaction).
 */
import { z } from 'zod';
import { ADMIN, command, Id, IsoDate, query, Reason } from './method.js';
import { Kopecks, Milli, PrintOutcome } from './shapes.js';
import { lazy } from '../../common/lazy.js';

/** A balance that would go below zero: sold anyway, sold with a warning to the cashier, or refused. */
export const NegativeStockPolicy = z.enum(['allow', 'warn', 'refuse']);
export type NegativeStockPolicy = z.infer<typeof NegativeStockPolicy>;

export const StockSettings = lazy(() => z.object({ enabled: z.boolean(), negative: NegativeStockPolicy }).strict());
export type StockSettings = z.infer<typeof StockSettings>;

export const StockDocumentKind = z.enum(['receipt', 'write_off', 'inventory']);
export type StockDocumentKind = z.infer<typeof StockDocumentKind>;

export const StockDocumentLine = lazy(() =>
  z.object({
    lineNo: z.number().int(),
    itemId: z.number().int(),
    code: z.string(),
    name: z.string(),
    /** шт, кг, л, м, м², упак. */
    unit: z.string(),
    /** Receipt, write-off: how much came or went. Inventory: what was counted. Thousandths. */
    quantity: Milli,
    /** Receipt: purchase price per unit. */
    price: Kopecks.nullable(),
    /** Inventory: the balance on record when it was posted; the difference is quantity − book. */
    book: z.number().int().nullable(),
  }),
);
export type StockDocumentLine = z.infer<typeof StockDocumentLine>;

export const StockDocumentSummary = lazy(() =>
  z.object({
    id: z.number().int(),
    kind: StockDocumentKind,
    number: z.number().int(),
    createdAt: z.string(),
    author: z.string(),
    supplier: z.string().nullable(),
    reason: z.string().nullable(),
    note: z.string(),
    lines: z.number().int(),
    /** Receipt: the sum at purchase prices, kopecks; otherwise 0. */
    amount: Kopecks,
  }),
);
export type StockDocumentSummary = z.infer<typeof StockDocumentSummary>;

export const StockDocument = lazy(() => StockDocumentSummary.omit({ lines: true }).extend({ lines: z.array(StockDocumentLine) }));
export type StockDocument = z.infer<typeof StockDocument>;

const Note = z.string().trim().max(200, 'Примечание — до 200 символов').optional();
const LineQuantity = lazy(() =>
  z.number().int('Количество — в тысячных').positive('Количество должно быть больше нуля').max(1_000_000_000, 'Количество слишком велико'),
);
const Lines = <T extends z.ZodType>(line: T) => z.array(line).min(1, 'Добавьте хотя бы одну строку').max(10_000, 'Не больше 10 000 строк в документе');

/** How a statement is laid out: a row per item (with the category), or a row per category. */
export const StatementGrouping = z.enum(['item', 'category']);
export type StatementGrouping = z.infer<typeof StatementGrouping>;

/** «Ведомость остатков» on the end of `date`. */
export const BalanceStatementQuery = lazy(() => z.object({ kind: z.literal('balances'), date: IsoDate, groupBy: StatementGrouping }).strict());
/** «Оборотная ведомость» from the start of `from` to the end of `to`. */
export const TurnoverStatementQuery = lazy(() =>
  z
    .object({ kind: z.literal('turnover'), from: IsoDate, to: IsoDate, groupBy: StatementGrouping })
    .strict()
    .refine((q) => q.from <= q.to, { message: 'Начало периода позже его конца', path: ['to'] }),
);
export const StatementQuery = lazy(() => z.union([BalanceStatementQuery, TurnoverStatementQuery]));
export type StatementQuery = z.infer<typeof StatementQuery>;

/** One row of a statement: an item (code, unit, category) or a category (code empty). Quantities in thousandths. */
export const StatementRow = lazy(() =>
  z.object({
    code: z.string(),
    name: z.string(),
    unit: z.string().nullable(),
    category: z.string(),
    opening: z.number().int(),
    in: z.number().int(),
    out: z.number().int(),
    closing: z.number().int(),
    /** The closing balance at today's sale price (kopecks). */
    amount: z.number().int(),
  }),
);
export type StatementRow = z.infer<typeof StatementRow>;

export const Statement = lazy(() =>
  z.object({
    title: z.string(),
    /** Rows in all; `rows` is the page asked for. */
    total: z.number().int(),
    rows: z.array(StatementRow),
    /** The closing balance of every row at sale prices. */
    amount: z.number().int(),
  }),
);
export type Statement = z.infer<typeof Statement>;

const Page = { limit: z.number().int().min(1).max(1000).default(100), offset: z.number().int().min(0).default(0) };

export const stockMethods = {
  'stock.settings': query(
    lazy(() => z.object({}).strict()),
    StockSettings,
    { kind: 'user', roles: ADMIN, shift: 'any' },
  ),
  /** Turns stock on or off, and sets the policy for a balance going below zero. Audited. */
  'stock.saveSettings': command(StockSettings, StockSettings, { kind: 'user', roles: ADMIN, shift: 'any' }),
  'stock.documents': query(
    lazy(() => z.object({ kind: StockDocumentKind.optional(), ...Page }).strict()),
    lazy(() => z.object({ items: z.array(StockDocumentSummary), total: z.number().int() })),
    { kind: 'user', roles: ADMIN, shift: 'any' },
  ),
  'stock.document': query(
    lazy(() => z.object({ id: Id }).strict()),
    StockDocument,
    { kind: 'user', roles: ADMIN, shift: 'any' },
  ),
  /** Приход: goods from a supplier at purchase prices; the balances rise. Posted at once, never changed. */
  'stock.receipt': command(
    lazy(() =>
      z
        .object({
          supplier: z.string().trim().min(1, 'Укажите поставщика').max(200, 'Поставщик — до 200 символов'),
          note: Note,
          lines: Lines(
            z
              .object({
                itemId: Id,
                quantity: LineQuantity,
                price: z.number().int('Цена — в копейках').min(0, 'Цена не может быть отрицательной').max(100_000_000, 'Цена слишком велика'),
              })
              .strict(),
          ),
        })
        .strict(),
    ),
    StockDocument,
    { kind: 'user', roles: ADMIN, shift: 'any' },
  ),
  /** Списание with its reason; the balances fall. */
  'stock.writeOff': command(
    lazy(() => z.object({ reason: Reason, note: Note, lines: Lines(z.object({ itemId: Id, quantity: LineQuantity }).strict()) }).strict()),
    StockDocument,
    { kind: 'user', roles: ADMIN, shift: 'any' },
  ),
  /** Инвентаризация: the counted balances replace those on record; the differences are kept. */
  'stock.inventory': command(
    lazy(() =>
      z
        .object({
          note: Note,
          lines: Lines(
            z.object({ itemId: Id, counted: z.number().int('Количество — в тысячных').min(0, 'Остаток не может быть отрицательным').max(1_000_000_000) }).strict(),
          ),
        })
        .strict(),
    ),
    StockDocument,
    { kind: 'user', roles: ADMIN, shift: 'any' },
  ),
  /** A statement on screen, a page of its rows. */
  'stock.statement': query(
    lazy(() => z.object({ query: StatementQuery, ...Page }).strict()),
    Statement,
    { kind: 'user', roles: ADMIN, shift: 'any' },
  ),
  /** The statement on the receipt printer (58 or 80 mm, as the printer is set). */
  'stock.printStatement': command(
    lazy(() => z.object({ query: StatementQuery }).strict()),
    PrintOutcome,
    { kind: 'user', roles: ADMIN, shift: 'any' },
  ),
  /** The statement as a CSV (UTF-8 with BOM, `;`, as Excel in Belarus opens it) or XLSX file, base64. */
  'stock.exportStatement': command(
    lazy(() => z.object({ query: StatementQuery, format: z.enum(['csv', 'xlsx']) }).strict()),
    lazy(() => z.object({ fileName: z.string(), mime: z.string(), base64: z.string() })),
    { kind: 'user', roles: ADMIN, shift: 'any' },
  ),
} as const;
