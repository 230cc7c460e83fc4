/**
 * The dry run against the catalogue: which row adds an item, which changes one (and whether it
 * changes anything at all), which is skipped, and — replacing the catalogue — which items go, are
 * hidden (they were sold) or stay (an open or parked check holds them). Catalogue conflicts (a
 * barcode or code another item has) are errors of their row. Reads only.
 */
import type { ImportCounts, ImportMode, PreviewRow, RowError } from '../../../preload/contract/index.js';
import type { Db } from '../../db/database.js';
import { FIELD_NAMES, type ItemUnit, type PriceListRow } from './rows.js';

/** An item as the import writes it (every column the import owns). */
export type ItemValues = {
  code: string;
  name: string;
  price: number;
  vatRate: number | null;
  unit: ItemUnit;
  section: number;
  /** The category path; resolved to an id when applied (missing categories are made). */
  category: readonly string[];
  weighted: boolean;
  marked: boolean;
  freePrice: boolean;
  hidden: boolean;
  barcodes: readonly string[];
};

export type Op =
  | { readonly kind: 'add'; readonly row: number; readonly item: ItemValues }
  /** `changed`: which of the costly parts differ from the item (the code, the name and its search index, the barcodes, the indexed rest); absent: all of them. */
  | { readonly kind: 'update'; readonly row: number; readonly id: number; readonly item: ItemValues; readonly changed?: Changed }
  /** Replace: an item not in the file. `remove` falls back to hiding if something refers to it by then. */
  | { readonly kind: 'remove' | 'hide'; readonly id: number };

export type Plan = {
  readonly mode: ImportMode;
  /** Removals and hidings first (they free barcodes the file gives to other items), then the rows in file order. */
  readonly ops: readonly Op[];
  readonly counts: ImportCounts;
  readonly errors: readonly RowError[];
  readonly preview: readonly PreviewRow[];
  readonly notes: readonly string[];
  /** Sections the file names that the till does not have yet (made as «Секция N»). */
  readonly newSections: readonly number[];
};

/** `rest`: any field but the price and those three (VAT, unit, section, category, the flags) — a price list of new prices changes none. */
export type Changed = { readonly code: boolean; readonly name: boolean; readonly barcodes: boolean; readonly rest: boolean };

type Existing = ItemValues & { id: number; categoryId: number | null };

const PREVIEW_ROWS = 50;

/** The category tree as paths: id → ['Хлеб', 'Батоны']. */
function categoryPaths(db: Db): Map<number, string[]> {
  const rows = db.all<{ id: number; parent_id: number | null; name: string }>('SELECT id, parent_id, name FROM categories');
  const byId = new Map(rows.map((r) => [r.id, r]));
  const paths = new Map<number, string[]>();
  const pathOf = (id: number, depth = 0): string[] => {
    const known = paths.get(id);
    if (known) return known;
    const r = byId.get(id);
    if (!r || depth > 32) return [];
    const path = r.parent_id === null ? [r.name] : [...pathOf(r.parent_id, depth + 1), r.name];
    paths.set(id, path);
    return path;
  };
  for (const r of rows) pathOf(r.id);
  return paths;
}

/** An item's columns as `loadCatalogue` reads them (raw: arrays, not objects — 200,000 rows). */
type ItemRow = [
  id: number,
  code: string,
  name: string,
  price: number,
  vatRate: number | null,
  unit: ItemUnit,
  section: number,
  categoryId: number | null,
  marked: number,
  weighted: number,
  freePrice: number,
  hidden: number,
];

/**
 * The whole catalogue (the import's check, the export) in two reads, both in id order, merged here:
 * the items, and every barcode by its item (the item index holds them in (item, barcode) order: no
 * sort, and no look-up per item — a subquery per item was most of an export's time). Each item with
 * its barcodes in order and its category path. One read transaction, so the two agree.
 */
export function loadCatalogue(db: Db): Existing[] {
  return db
    .transaction(() => {
      const paths = categoryPaths(db);
      const rows = db
        .prepare<[], ItemRow>('SELECT id, code, name, price, vat_rate, unit, section, category_id, marked, weighted, free_price, hidden FROM items ORDER BY id')
        .raw()
        .all();
      const barcodes = db.prepare<[], [number, string]>('SELECT item_id, barcode FROM item_barcodes ORDER BY item_id, barcode').raw().all();
      let b = 0;
      return rows.map(([id, code, name, price, vatRate, unit, section, categoryId, marked, weighted, freePrice, hidden]) => {
        const own: string[] = [];
        while (b < barcodes.length && barcodes[b]![0] === id) own.push(barcodes[b++]![1]);
        return {
          id,
          code,
          name,
          price,
          vatRate,
          unit,
          section,
          categoryId,
          category: categoryId === null ? [] : (paths.get(categoryId) ?? []),
          marked: marked === 1,
          weighted: weighted === 1,
          freePrice: freePrice === 1,
          hidden: hidden === 1,
          barcodes: own,
        };
      });
    })
    .deferred();
}

/** Tables whose rows name an item (sold lines, open checks, and whatever else refers to items): such an item is hidden, never deleted. */
export function referringTables(db: Db): { table: string; column: string }[] {
  const tables = db.values<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
  // Sold lines name their item without a foreign key (fiscal documents outlive any item): said here.
  const found: { table: string; column: string }[] = [{ table: 'document_lines', column: 'item_id' }];
  for (const table of tables) {
    if (table === 'item_barcodes' || table === 'items') continue;
    for (const fk of db.all<{ table: string; from: string }>(`SELECT "table", "from" FROM pragma_foreign_key_list(?)`, table)) {
      if (fk.table === 'items') found.push({ table, column: fk.from });
    }
  }
  return found;
}

/** The same barcodes in any order (most items have one). */
const sameBarcodes = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && (a.length <= 1 ? a[0] === b[0] : [...a].sort().join(' ') === [...b].sort().join(' '));

/** The same category path, letters in any case (most rows: the very same names). */
const sameCategory = (a: readonly string[], b: readonly string[]) =>
  a === b || (a.length === b.length && (a.every((name, i) => name === b[i]) || a.join('/').toLowerCase() === b.join('/').toLowerCase()));

/** What differs between a row's item and the item it updates (the price apart). */
function changedParts(item: ItemValues, target: ItemValues): Changed {
  return {
    code: item.code !== target.code,
    name: item.name !== target.name,
    barcodes: !sameBarcodes(item.barcodes, target.barcodes),
    rest:
      item.vatRate !== target.vatRate ||
      item.unit !== target.unit ||
      item.section !== target.section ||
      !sameCategory(item.category, target.category) ||
      item.weighted !== target.weighted ||
      item.marked !== target.marked ||
      item.freePrice !== target.freePrice ||
      item.hidden !== target.hidden,
  };
}

/** The item a row makes: its own fields, the rest from the item it changes (or the defaults of a new item). */
function merged(row: PriceListRow, base: ItemValues | null, sectionVat: (section: number) => number | null): ItemValues {
  const unit = row.unit ?? base?.unit ?? 'шт';
  const section = row.section ?? base?.section ?? 0;
  return {
    code: row.code ?? base?.code ?? '',
    name: row.name ?? base?.name ?? '',
    price: row.price ?? base?.price ?? 0,
    vatRate: row.vatRate !== undefined ? row.vatRate : base ? base.vatRate : sectionVat(section),
    unit,
    section,
    category: row.category ?? base?.category ?? [],
    weighted: row.weighted ?? (row.unit !== undefined && !base ? unit === 'кг' : (base?.weighted ?? unit === 'кг')),
    marked: row.marked ?? base?.marked ?? false,
    freePrice: row.freePrice ?? base?.freePrice ?? false,
    hidden: row.hidden ?? base?.hidden ?? false,
    barcodes: row.barcodes ?? base?.barcodes ?? [],
  };
}

/**
 * Checks the rows against the catalogue and makes the plan. `rowErrors`: the errors the file's own
 * check found (their rows take no part). Nothing is written.
 */
export function planImport(
  db: Db,
  rows: readonly PriceListRow[],
  rowErrors: readonly RowError[],
  badRows: ReadonlySet<number>,
  mode: ImportMode,
  mapped: ReadonlySet<string>,
): Plan {
  const p = planner(db, mode, mapped, mode === 'replace' ? rows : null);
  p.add(rows, badRows);
  return p.finish(rowErrors);
}

export type Planner = {
  /** Plans more rows (`badRows`: those the file's own check refused so far); returns their ops. */
  add(rows: readonly PriceListRow[], badRows: ReadonlySet<number>): Op[];
  /** Whether a row so far conflicts with the catalogue (or the mapping is short of a field). */
  readonly failed: boolean;
  /** The plan of every row added, with the file's own errors (`rowErrors`) among its errors. */
  finish(rowErrors: readonly RowError[]): Plan;
};

/**
 * `planImport` a part of the file at a time (a file read in parts: reader.ts). `all`: every row of
 * the file, which «replace» needs before the first (what leaves the catalogue is decided first).
 */
export function planner(db: Db, mode: ImportMode, mapped: ReadonlySet<string>, all: readonly PriceListRow[] | null): Planner {
  const errors: RowError[] = [];
  const notes: string[] = [];
  const counts: ImportCounts = { rows: 0, add: 0, update: 0, same: 0, skip: 0, errors: 0, remove: 0, hide: 0, keep: 0 };
  const catalogue = loadCatalogue(db);
  const byCode = new Map(catalogue.map((i) => [i.code, i]));
  const byBarcode = new Map<string, Existing>();
  for (const i of catalogue) for (const b of i.barcodes) byBarcode.set(b, i);
  const sections = new Map(db.all<{ code: number; vat_rate: number | null }>('SELECT code, vat_rate FROM sections').map((s) => [s.code, s.vat_rate]));
  const sectionVat = (s: number) => sections.get(s) ?? 2000;
  const newSections = new Set<number>();

  if (mode !== 'update-barcode' && !mapped.has('code'))
    errors.push({ row: 0, column: FIELD_NAMES.code, message: 'Укажите столбец с кодом: по нему товары находятся и добавляются' });
  if (mode === 'update-barcode' && !mapped.has('barcodes'))
    errors.push({ row: 0, column: FIELD_NAMES.barcodes, message: 'Для обновления по штрихкоду укажите столбец со штрихкодами' });

  // Replace: what leaves the catalogue, decided first — its barcodes and codes are free for the rows.
  const leaving = new Set<number>();
  const ops: Op[] = [];
  if (mode === 'replace') {
    if (!all) throw new Error('«Заменить каталог» планируется по всему файлу сразу');
    const inFile = new Set(all.map((r) => r.code).filter((c): c is string => c !== undefined));
    const refs = referringTables(db);
    const referred = new Set<number>();
    for (const { table, column } of refs)
      for (const id of db.values<number>(`SELECT DISTINCT "${column}" FROM "${table}" WHERE "${column}" IS NOT NULL`)) referred.add(id);
    const inChecks = new Set(db.values<number>('SELECT DISTINCT item_id FROM open_check_lines WHERE item_id IS NOT NULL'));
    for (const item of catalogue) {
      if (inFile.has(item.code)) continue;
      if (inChecks.has(item.id)) counts.keep++;
      else if (referred.has(item.id)) {
        if (!item.hidden) {
          ops.push({ kind: 'hide', id: item.id });
          counts.hide++;
        }
        leaving.add(item.id);
      } else {
        ops.push({ kind: 'remove', id: item.id });
        counts.remove++;
        leaving.add(item.id);
      }
    }
    if (counts.keep > 0)
      notes.push(`Товаров, которых нет в файле, но которые лежат в открытом или отложенном чеке: ${counts.keep} — они останутся в каталоге без изменений`);
    if (counts.hide > 0) notes.push(`Товаров, которых нет в файле и которые уже продавались: ${counts.hide} — они будут скрыты (история продаж сохранится)`);
    if (counts.remove > 0) notes.push(`Товаров, которых нет в файле и которые ни разу не продавались: ${counts.remove} — они будут удалены`);
  }

  const preview: PreviewRow[] = [];
  const takenCodes = new Map<string, number>(); // code → item id that will hold it (updates that change a code)
  const planRow = (row: PriceListRow, badRows: ReadonlySet<number>) => {
    let action: PreviewRow['action'] = 'error';
    let item: ItemValues | null = null;
    if (!badRows.has(row.row)) {
      const rowFail = (field: keyof typeof FIELD_NAMES, message: string) => errors.push({ row: row.row, column: FIELD_NAMES[field], message });
      let target: Existing | null = null;
      let conflict = false;
      if (mode === 'update-barcode') {
        const owners = new Set((row.barcodes ?? []).map((b) => byBarcode.get(b)).filter((i): i is Existing => i !== undefined));
        if (owners.size > 1) {
          rowFail('barcodes', `штрихкоды строки принадлежат разным товарам: ${[...owners].map((o) => o.code).join(', ')}`);
          conflict = true;
        }
        target = [...owners][0] ?? null;
        if (!target && row.code !== undefined && byCode.has(row.code) && !leaving.has(byCode.get(row.code)!.id)) {
          rowFail('code', `товар не найден по штрихкоду, а код ${row.code} уже у товара «${byCode.get(row.code)!.name}»`);
          conflict = true;
        }
      } else if (row.code !== undefined) {
        const found = byCode.get(row.code);
        target = found && !leaving.has(found.id) ? found : null;
      }
      if (!conflict) {
        if (mode === 'add' && target) action = 'skip';
        else {
          item = merged(row, target, sectionVat);
          if (!target) {
            const missing = (['code', 'name', 'price'] as const).filter((f) => row[f] === undefined);
            if (missing.length > 0) {
              rowFail(missing[0]!, `новый товар: нет поля «${missing.map((f) => FIELD_NAMES[f]).join('», «')}»`);
              conflict = true;
            }
          } else if (item.code !== target.code) {
            const holder = byCode.get(item.code);
            if ((holder && holder.id !== target.id && !leaving.has(holder.id)) || (takenCodes.has(item.code) && takenCodes.get(item.code) !== target.id)) {
              rowFail('code', `код ${item.code} уже у другого товара${holder ? ` («${holder.name}»)` : ''}`);
              conflict = true;
            } else takenCodes.set(item.code, target.id);
          }
          for (const b of row.barcodes ?? []) {
            const owner = byBarcode.get(b);
            if (owner && owner.id !== target?.id && !leaving.has(owner.id)) {
              rowFail('barcodes', `штрихкод ${b} уже у товара «${owner.name}» (код ${owner.code})`);
              conflict = true;
            }
          }
          if (!conflict) {
            if (!sections.has(item.section)) newSections.add(item.section);
            if (!target) {
              action = 'add';
              ops.push({ kind: 'add', row: row.row, item });
            } else {
              const changed = changedParts(item, target);
              if (!changed.code && !changed.name && !changed.barcodes && !changed.rest && item.price === target.price) action = 'same';
              else {
                action = 'update';
                ops.push({ kind: 'update', row: row.row, id: target.id, item, changed });
              }
            }
          }
        }
      }
    }
    counts[action === 'error' ? 'errors' : action]++;
    if (preview.length < PREVIEW_ROWS || (action === 'error' && preview.filter((p) => p.action === 'error').length < PREVIEW_ROWS)) {
      // A bad or missing rate on a row with errors is not «без НДС»: the screen shows it empty.
      const vatRate = item ? item.vatRate : row.vatRate;
      preview.push({
        row: row.row,
        action,
        code: item?.code ?? row.code ?? '',
        name: item?.name ?? row.name ?? '',
        barcodes: [...(item?.barcodes ?? row.barcodes ?? [])],
        price: item?.price ?? row.price ?? null,
        ...(vatRate !== undefined && { vatRate }),
        unit: item?.unit ?? row.unit ?? '',
        category: (item?.category ?? row.category ?? []).join('/'),
      });
    }
  };
  return {
    get failed() {
      return errors.length > 0;
    },
    add(rows, badRows) {
      const first = ops.length;
      for (const row of rows) planRow(row, badRows);
      counts.rows += rows.length;
      return ops.slice(first);
    },
    finish(rowErrors) {
      const all = [...rowErrors, ...errors].sort((a, b) => a.row - b.row);
      counts.errors = new Set(all.map((e) => e.row)).size;
      if (newSections.size > 0) notes.push(`Будут добавлены секции: ${[...newSections].sort((a, b) => a - b).join(', ')} (название «Секция N», НДС 20 %)`);
      if (mode === 'add' && counts.skip > 0) notes.push(`Строк с кодами, которые уже есть в каталоге: ${counts.skip} — они пропускаются (режим «только новые»)`);
      return { mode, ops, counts, errors: all, preview, notes, newSections: [...newSections] };
    },
  };
}
