/**
 * Goods: the catalogue the admin keeps (the «Товары» screen) — the list of every item page by page,
 * the item card, its history, the category tree — and the category tiles of the sale screen.
 * A cashier reads all of it; only the admin changes it.
 */
import { z } from 'zod';
import { barcodeProblem } from '../../common/barcode.js';
import { isWholeUnit } from '../../common/units.js';
import { CatalogueItem } from './catalogue.js';
import { ADMIN, BOTH, command, Id, query } from './method.js';
import { Kopecks, Unit, VatRate } from './shapes.js';
import { lazy } from '../../common/lazy.js';

export const GoodsSort = z.enum(['name', 'code', 'price']);
export type GoodsSort = z.infer<typeof GoodsSort>;

/** One page of the list: what is typed, the category (with its subcategories), the order. */
export const GoodsListInput = lazy(() =>
  z
    .object({
      query: z.string().trim().max(100, 'Запрос — не длиннее 100 символов').default(''),
      categoryId: Id.nullable().default(null),
      sort: GoodsSort.default('name'),
      desc: z.boolean().default(false),
      offset: z.number().int().min(0).max(10_000_000).default(0),
      limit: z.number().int().min(1).max(500).default(100),
      /** The count of all matches (the first page); later pages of the same list leave it out. */
      withTotal: z.boolean().default(true),
    })
    .strict(),
);
export type GoodsListInput = z.input<typeof GoodsListInput>;

/** A row of the list. */
export const GoodsRow = lazy(() =>
  z.object({
    id: z.number().int(),
    code: z.string(),
    name: z.string(),
    price: Kopecks,
    unit: Unit,
    vatRate: VatRate,
    category: z.string().nullable(),
    /** The first barcode and how many the item has. */
    barcode: z.string().nullable(),
    barcodeCount: z.number().int(),
    weighted: z.boolean(),
    marked: z.boolean(),
    freePrice: z.boolean(),
    hidden: z.boolean(),
  }),
);
export type GoodsRow = z.infer<typeof GoodsRow>;

export const GoodsPage = lazy(() =>
  z.object({
    /** Every item the query and the category match (not just this page); null when not asked for. */
    total: z.number().int().nullable(),
    offset: z.number().int(),
    rows: z.array(GoodsRow),
  }),
);
export type GoodsPage = z.infer<typeof GoodsPage>;

/** The item card as stored. */
export const GoodsItem = lazy(() =>
  z.object({
    id: z.number().int(),
    code: z.string(),
    name: z.string(),
    barcodes: z.array(z.string()),
    unit: Unit,
    price: Kopecks,
    vatRate: VatRate,
    section: z.number().int(),
    categoryId: z.number().int().nullable(),
    weighted: z.boolean(),
    marked: z.boolean(),
    freePrice: z.boolean(),
    hidden: z.boolean(),
    updatedAt: z.string().nullable(),
    /** Ever sold, or on an open or parked check: it can be hidden, not deleted. */
    used: z.boolean(),
  }),
);
export type GoodsItem = z.infer<typeof GoodsItem>;

/** Largest price of an item: 999 999,99. */
const MAX_PRICE = 99_999_999;

/** The item card as the admin fills it in. */
export const GoodsInput = lazy(() =>
  z
    .object({
      code: z
        .string()
        .trim()
        .regex(/^[0-9A-Za-z-]{1,20}$/, 'Код товара (PLU) — от 1 до 20 латинских букв, цифр или «-»'),
      name: z.string().trim().min(1, 'Введите название товара').max(128, 'Название — не длиннее 128 символов'),
      barcodes: z.array(z.string().trim()).max(50, 'Не больше 50 штрихкодов у товара'),
      unit: Unit,
      price: Kopecks.min(0, 'Цена не может быть отрицательной').max(MAX_PRICE, 'Цена — не больше 999 999,99'),
      vatRate: z.union([z.literal(2000), z.literal(1000), z.literal(0), z.literal(2500), z.null()], { error: 'Ставка НДС — 20, 10, 0, 25 % или без НДС' }),
      section: z.number().int('Секция — целое число').min(0, 'Секция — от 0 до 255').max(255, 'Секция — от 0 до 255'),
      categoryId: Id.nullable(),
      weighted: z.boolean(),
      marked: z.boolean(),
      freePrice: z.boolean(),
      hidden: z.boolean(),
    })
    .strict()
    .superRefine((item, ctx) => {
      const seen = new Set<string>();
      item.barcodes.forEach((barcode, i) => {
        const problem = barcodeProblem(barcode);
        if (problem) ctx.addIssue({ code: 'custom', path: ['barcodes', i], message: problem });
        else if (seen.has(barcode)) ctx.addIssue({ code: 'custom', path: ['barcodes', i], message: `Штрихкод ${barcode} указан дважды` });
        seen.add(barcode);
      });
      if (item.weighted && item.unit !== 'кг') ctx.addIssue({ code: 'custom', path: ['unit'], message: 'Весовой товар продаётся в килограммах' });
      if (item.weighted && item.marked) ctx.addIssue({ code: 'custom', path: ['marked'], message: 'Маркированный товар продаётся поштучно, не на вес' });
      if (item.marked && !isWholeUnit(item.unit)) ctx.addIssue({ code: 'custom', path: ['unit'], message: 'Маркированный товар — в штуках или упаковках' });
      if (item.marked && item.freePrice) ctx.addIssue({ code: 'custom', path: ['freePrice'], message: 'У маркированного товара цена — из каталога' });
      if (!item.freePrice && item.price === 0) ctx.addIssue({ code: 'custom', path: ['price'], message: 'Укажите цену (или отметьте «цена вводится при продаже»)' });
    }),
);
export type GoodsInput = z.input<typeof GoodsInput>;

/** One change of an item in the journal: who, when, each field old → new. */
export const GoodsChange = lazy(() =>
  z.object({
    at: z.string(),
    user: z.string().nullable(),
    action: z.enum(['goods.created', 'goods.changed', 'goods.hidden', 'goods.deleted']),
    changes: z.record(z.string(), z.tuple([z.unknown(), z.unknown()])),
  }),
);
export type GoodsChange = z.infer<typeof GoodsChange>;

export const Category = lazy(() =>
  z.object({
    id: z.number().int(),
    parentId: z.number().int().nullable(),
    name: z.string(),
    hidden: z.boolean(),
    /** Items right in this category (not in its subcategories). */
    items: z.number().int(),
  }),
);
export type Category = z.infer<typeof Category>;

const CategoryName = z.string().trim().min(1, 'Введите название категории').max(64, 'Название категории — не длиннее 64 символов');

/** What the sale screen's tiles show in a category (null: the top level): its subcategories and goods. */
export const Tiles = lazy(() =>
  z.object({
    category: z.object({ id: z.number().int(), name: z.string(), parentId: z.number().int().nullable() }).nullable(),
    categories: z.array(z.object({ id: z.number().int(), name: z.string() })),
    items: z.array(CatalogueItem),
  }),
);
export type Tiles = z.infer<typeof Tiles>;

export const goodsMethods = {
  /** A page of the whole catalogue (hidden items too) in the chosen order, with the count of all matches. */
  'goods.list': query(GoodsListInput, GoodsPage, { kind: 'user', roles: BOTH, shift: 'any' }),
  'goods.get': query(
    lazy(() => z.object({ id: Id }).strict()),
    GoodsItem,
    { kind: 'user', roles: BOTH, shift: 'any' },
  ),
  /** Every change of the item, newest first. */
  'goods.history': query(
    lazy(() => z.object({ id: Id }).strict()),
    lazy(() => z.array(GoodsChange)),
    { kind: 'user', roles: BOTH, shift: 'any' },
  ),
  'goods.create': command(GoodsInput, GoodsItem, { kind: 'user', roles: ADMIN, shift: 'any' }),
  /** A new price applies to lines added after it: lines already on a check keep theirs. */
  'goods.update': command(
    lazy(() => z.object({ id: Id, item: GoodsInput }).strict()),
    GoodsItem,
    { kind: 'user', roles: ADMIN, shift: 'any' },
  ),
  /** Hides an item from sale (or offers it again); old documents keep its name. */
  'goods.setHidden': command(
    lazy(() => z.object({ id: Id, hidden: z.boolean() }).strict()),
    GoodsItem,
    { kind: 'user', roles: ADMIN, shift: 'any' },
  ),
  /** Deletes an item never sold and on no open or parked check; any other can only be hidden. */
  'goods.delete': command(
    lazy(() => z.object({ id: Id }).strict()),
    z.null(),
    { kind: 'user', roles: ADMIN, shift: 'any' },
  ),
  /** The category tree, flat: each with its parent. */
  'goods.categories': query(
    lazy(() => z.object({}).strict()),
    lazy(() => z.array(Category)),
    { kind: 'user', roles: BOTH, shift: 'any' },
  ),
  'goods.createCategory': command(
    lazy(() => z.object({ name: CategoryName, parentId: Id.nullable() }).strict()),
    Category,
    { kind: 'user', roles: ADMIN, shift: 'any' },
  ),
  /** Renames, moves (never under itself or its own subcategory) and hides or shows a category. */
  'goods.updateCategory': command(
    lazy(() => z.object({ id: Id, name: CategoryName, parentId: Id.nullable(), hidden: z.boolean() }).strict()),
    Category,
    {
      kind: 'user',
      roles: ADMIN,
      shift: 'any',
    },
  ),
  /** The sale screen's tiles: visible subcategories and goods of a category, for goods without barcodes. */
  'goods.tiles': query(
    lazy(() => z.object({ categoryId: Id.nullable() }).strict()),
    Tiles,
    { kind: 'user', roles: BOTH, shift: 'any' },
  ),
} as const;
