/**
 * Goods: search and barcode lookup.
 */
import { z } from 'zod';
import { BOTH, query } from './method.js';
import { Kopecks, Unit, VatRate } from './shapes.js';
import { lazy } from '../../common/lazy.js';

export const CatalogueItem = lazy(() =>
  z.object({
    id: z.number().int(),
    code: z.string(),
    name: z.string(),
    barcodes: z.array(z.string()),
    price: Kopecks,
    vatRate: VatRate,
    unit: Unit,
    section: z.number().int(),
    /** Goods of the «Электронный знак» system: each sale needs the DataMatrix code. */
    marked: z.boolean(),
    /** Sold from the scale: its quantity is the stable weight (or a weight label). */
    weighted: z.boolean(),
    /** The cashier types the price at the sale (`price` of sale.addItem). */
    freePrice: z.boolean(),
  }),
);
export type CatalogueItem = z.infer<typeof CatalogueItem>;

export const Barcode = lazy(() =>
  z
    .string()
    .trim()
    .regex(/^\d{6,14}$/, 'Штрихкод — от 6 до 14 цифр'),
);

export const catalogueMethods = {
  'catalogue.search': query(
    lazy(() => z.object({ query: z.string().trim().min(1, 'Введите название или код').max(100), limit: z.number().int().min(1).max(100).default(20) }).strict()),
    lazy(() => z.array(CatalogueItem)),
    { kind: 'user', roles: BOTH, shift: 'any' },
  ),
  'catalogue.byBarcode': query(
    lazy(() => z.object({ barcode: Barcode }).strict()),
    CatalogueItem,
    { kind: 'user', roles: BOTH, shift: 'any' },
  ),
} as const;
