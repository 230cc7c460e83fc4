/**
 * Price lists («Прайс-лист»): the catalogue read from a CSV or XLSX file (uploaded, or on a storage
 * target) with a column mapping the admin may save as a template, a dry run that lists every error,
 * then the import in one of four modes; and the catalogue written back out in the same formats.
 */
import { z } from 'zod';
import { ADMIN, command, Id, query } from './method.js';
import { StorageTargetId } from './storage.js';
import { lazy } from '../../common/lazy.js';
import { UNITS } from '../../common/units.js';

const ADMIN_ANY = { kind: 'user', roles: ADMIN, shift: 'any' } as const;

/** The item fields a column of a price list can fill, in the order of our own export. */
export const PRICE_LIST_FIELDS = [
  'code',
  'name',
  'barcodes',
  'price',
  'vatRate',
  'unit',
  'section',
  'category',
  'weighted',
  'marked',
  'freePrice',
  'hidden',
] as const;
export const PriceListField = lazy(() => z.enum(PRICE_LIST_FIELDS));
export type PriceListField = z.infer<typeof PriceListField>;

/** The units of the goods directory (migration 010). */
export const ITEM_UNITS = UNITS;

export const Charset = z.enum(['utf-8', 'windows-1251']);
export type Charset = z.infer<typeof Charset>;

/** How a CSV is read; `auto` lets the file say (a BOM, valid UTF-8, the separator of the first line). */
export const ReadOptions = lazy(() =>
  z
    .object({
      charset: z.enum(['auto', 'utf-8', 'windows-1251']).default('auto'),
      delimiter: z.enum(['auto', ';', ',', 'tab']).default('auto'),
      /** The first row names the columns. */
      header: z.boolean().default(true),
    })
    .strict(),
);
export type ReadOptions = z.infer<typeof ReadOptions>;

/** For each field, the column (0-based) of the file it is read from; a field left out is not touched on update. */
export const ColumnMapping = lazy(() =>
  z
    .partialRecord(PriceListField, z.number().int().min(0, 'Неверный столбец').max(255, 'Неверный столбец'))
    .refine((m) => new Set(Object.values(m)).size === Object.values(m).length, 'Один столбец выбран для двух полей'),
);
export type ColumnMapping = z.infer<typeof ColumnMapping>;

export const TemplateName = z.string().trim().min(1, 'Введите название шаблона').max(60, 'Название шаблона — до 60 символов');

export const ImportTemplate = lazy(() => z.object({ id: z.number().int(), name: z.string(), mapping: ColumnMapping, read: ReadOptions }));
export type ImportTemplate = z.infer<typeof ImportTemplate>;

/** `add`: new codes only; `update-code` / `update-barcode`: change the items found, add the rest; `replace`: the file is the whole catalogue. */
export const ImportMode = z.enum(['add', 'update-code', 'update-barcode', 'replace']);
export type ImportMode = z.infer<typeof ImportMode>;

/** A file the till received (upload) or fetched from a target, kept in the data folder until the import is done. */
export const PriceListFileId = z.string().regex(/^[0-9a-f]{32}$/, 'Неверный номер файла');

export const PriceListSource = lazy(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('upload'), fileId: PriceListFileId }).strict(),
    z.object({ kind: z.literal('target'), targetId: StorageTargetId, path: z.string().trim().min(1, 'Выберите файл').max(300) }).strict(),
  ]),
);
export type PriceListSource = z.infer<typeof PriceListSource>;

export const FileFormat = z.enum(['csv', 'xlsx']);
export type FileFormat = z.infer<typeof FileFormat>;

export const PriceListOpened = lazy(() =>
  z.object({
    fileId: PriceListFileId,
    name: z.string(),
    size: z.number().int().nonnegative(),
    format: FileFormat,
    /** What the file turned out to be (CSV only; null for XLSX). */
    charset: Charset.nullable(),
    delimiter: z.enum([';', ',', 'tab']).nullable(),
    /** The first row's cells (column names when there is a header). */
    columns: z.array(z.string()),
    /** The first rows as they are in the file. */
    sample: z.array(z.array(z.string())),
    /** A mapping guessed from the column names. */
    mapping: ColumnMapping,
    /** Said to the admin before anything else (e.g. the chosen charset does not fit the file). */
    warnings: z.array(z.string()),
  }),
);
export type PriceListOpened = z.infer<typeof PriceListOpened>;

export const RowError = lazy(() =>
  z.object({
    /** The row as the spreadsheet numbers it (the header is row 1). */
    row: z.number().int(),
    /** The column's name in the file, or the field's when the row has no such cell. */
    column: z.string(),
    message: z.string(),
  }),
);
export type RowError = z.infer<typeof RowError>;

export const PreviewRow = lazy(() =>
  z.object({
    row: z.number().int(),
    action: z.enum(['add', 'update', 'same', 'skip', 'error']),
    code: z.string(),
    name: z.string(),
    barcodes: z.array(z.string()),
    price: z.number().int().nullable(),
    /** null: «без НДС»; absent: not known (a bad cell, or a row with errors the file gives none for). */
    vatRate: z.number().int().nullable().optional(),
    unit: z.string(),
    category: z.string(),
  }),
);
export type PreviewRow = z.infer<typeof PreviewRow>;

export const ImportCounts = lazy(() =>
  z.object({
    rows: z.number().int(),
    add: z.number().int(),
    update: z.number().int(),
    same: z.number().int(),
    skip: z.number().int(),
    errors: z.number().int(),
    /** Replace: items not in the file that go (never sold) or are hidden (sold once), and those kept because a check holds them. */
    remove: z.number().int(),
    hide: z.number().int(),
    keep: z.number().int(),
  }),
);
export type ImportCounts = z.infer<typeof ImportCounts>;

export const ImportRequest = lazy(() =>
  z
    .object({
      fileId: PriceListFileId,
      read: ReadOptions,
      mapping: ColumnMapping,
      mode: ImportMode,
    })
    .strict(),
);
export type ImportRequest = z.infer<typeof ImportRequest>;

export const ImportPreview = lazy(() =>
  z.object({
    counts: ImportCounts,
    rows: z.array(PreviewRow),
    /** Every error (the first 1,000; `counts.errors` says how many in all). */
    errors: z.array(RowError),
    /** Said before the import: items a replace keeps because an open or parked check holds them, and so on. */
    notes: z.array(z.string()),
  }),
);
export type ImportPreview = z.infer<typeof ImportPreview>;

export const ImportResult = lazy(() =>
  z.object({
    counts: ImportCounts,
    ms: z.number().int(),
    /** Where the time went (ms): reading the file, checking the rows and the catalogue, writing. */
    phases: z.object({ read: z.number().int(), check: z.number().int(), write: z.number().int() }).optional(),
    /** The file was read and its rows checked on a thread of their own while the import wrote: read and part of check are that thread's time, alongside write. */
    streamed: z.boolean().optional(),
    /** A streamed bulk load: its name search index was made on the reading thread while the import made the other indexes. */
    searchAside: z.boolean().optional(),
  }),
);
export type ImportResult = z.infer<typeof ImportResult>;

export const ExportRequest = lazy(() =>
  z
    .object({
      format: FileFormat,
      charset: Charset.default('windows-1251'),
      delimiter: z.enum([';', ',']).default(';'),
      /** Written to this storage target (the file name is made); absent: kept for download. */
      targetId: StorageTargetId.optional(),
      folder: z
        .string()
        .trim()
        .max(200)
        .refine((p) => !p.split(/[\\/]/).includes('..'), 'В пути не может быть «..»')
        .optional(),
    })
    .strict(),
);
export type ExportRequest = z.infer<typeof ExportRequest>;

/** A base64 piece of a file; pieces stay under the web host's 1 MB request limit. */
const Base64Chunk = lazy(() =>
  z
    .string()
    .max(700_000, 'Часть файла — до 700 000 символов')
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'Часть файла не в base64'),
);

export const priceListMethods = {
  /** A piece of an uploaded file (web host and Electron alike): the first piece has no `fileId`. */
  'priceList.upload': command(
    lazy(() =>
      z.object({ fileId: PriceListFileId.optional(), name: z.string().trim().min(1).max(200), offset: z.number().int().nonnegative(), data: Base64Chunk }).strict(),
    ),
    lazy(() => z.object({ fileId: PriceListFileId, size: z.number().int().nonnegative() })),
    ADMIN_ANY,
  ),
  /** Looks at a file: its format, charset, columns and first rows, and a mapping guessed from the column names. */
  'priceList.open': command(
    lazy(() => z.object({ source: PriceListSource, read: ReadOptions }).strict()),
    PriceListOpened,
    ADMIN_ANY,
  ),
  /** The dry run: every row checked against the file and the catalogue; nothing is written. */
  'priceList.preview': command(ImportRequest, ImportPreview, ADMIN_ANY),
  /** The import: refused while the file has errors; the catalogue changes as a whole or not at all. */
  'priceList.apply': command(ImportRequest, ImportResult, ADMIN_ANY),
  'priceList.export': command(
    ExportRequest,
    lazy(() =>
      z.object({
        name: z.string(),
        size: z.number().int(),
        rows: z.number().int(),
        fileId: PriceListFileId.nullable(),
        where: z.string().nullable(),
        warnings: z.array(z.string()),
      }),
    ),
    ADMIN_ANY,
  ),
  /** A piece of an exported file, for the browser's download. */
  'priceList.download': query(
    lazy(() => z.object({ fileId: PriceListFileId, offset: z.number().int().nonnegative() }).strict()),
    lazy(() => z.object({ data: z.string(), next: z.number().int().nullable() })),
    ADMIN_ANY,
  ),
  'priceList.templates': query(
    lazy(() => z.object({}).strict()),
    lazy(() => z.array(ImportTemplate)),
    ADMIN_ANY,
  ),
  'priceList.saveTemplate': command(
    lazy(() => z.object({ name: TemplateName, mapping: ColumnMapping, read: ReadOptions }).strict()),
    ImportTemplate,
    ADMIN_ANY,
  ),
  'priceList.removeTemplate': command(
    lazy(() => z.object({ id: Id }).strict()),
    z.null(),
    ADMIN_ANY,
  ),
} as const;
