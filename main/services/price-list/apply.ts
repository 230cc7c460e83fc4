/**
 * Writing a plan into the catalogue without stalling the sale.
 *
 * SQLite has one writer: a 200,000-row import in one transaction would hold the write lock for
 * seconds, and every `sale.addItem` would wait that long. So the import commits in short chunks
 * (CHUNK_OPS rows, a few milliseconds each) and pauses between them, and before it changes a row
 * it writes the row's old state into `price_list_undo` in the same chunk. The catalogue is thus
 * always «old or new» as far as anyone can tell afterwards:
 *  - «Отменить», or an error midway: the undo log is played back (newest first), in chunks too;
 *  - a crash midway: `recoverPriceListImport` plays it back when the till starts;
 *  - done: `price_list_run.state` becomes 'done' in one statement — that is the commit point —
 *    and the log is dropped.
 * While chunks go in, a sale sees some items with their new price and some with the old one, as
 * if the admin had changed them one by one; a line keeps the price it was added with.
 *
 * The two tables are the import's own scratch space, made when first needed (no catalogue data).
 */
import { performance } from 'node:perf_hooks';
import type { Db } from '../../db/database.js';
import { KassaError } from '../../domain/errors.js';
import { searchKey } from '../../domain/search-key.js';
import type { ItemValues, Plan } from './plan.js';

/** Rows per chunk: ~5–10 ms of writing on a till PC, well inside the 50 ms a sale may wait. */
export const CHUNK_OPS = 1_000;

export type ApplyHooks = {
  readonly now: string;
  /** After each chunk: ops done of all. */
  readonly progress?: (done: number, total: number) => void;
  /** Asked after each chunk; true: undo what is done and stop. */
  readonly cancelled?: () => boolean;
  /** Between chunks, so the sale's write gets the lock (the worker sleeps; in-process callers need none). */
  readonly pause?: () => void;
  /** false: no undo log, the caller's own transaction makes it whole (seed, tests, benches). */
  readonly undo?: boolean;
  readonly chunk?: number;
  /** A chunk also ends once it has written this long (the worker's writes keep each lock short whatever the row costs). */
  readonly chunkMs?: number;
};

export class ImportCancelled extends KassaError {
  constructor() {
    super('CONFLICT', 'Импорт отменён: каталог остался прежним');
  }
}

function ensureTables(db: Db): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS price_list_run (
      id          INTEGER PRIMARY KEY CHECK (id = 1),
      state       TEXT NOT NULL CHECK (state IN ('applying', 'done')),
      started_at  TEXT NOT NULL
    ) STRICT;
    -- The old state of every row the running import changed: kind 'item' (before: JSON of the item and its barcodes, NULL: it was added), 'category', 'section' (made by it).
    CREATE TABLE IF NOT EXISTS price_list_undo (
      seq     INTEGER PRIMARY KEY,
      kind    TEXT NOT NULL CHECK (kind IN ('item', 'category', 'section')),
      ref     INTEGER NOT NULL,
      before  TEXT
    ) STRICT;
  `);
}

const hasTables = (db: Db) => db.value<number>("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'price_list_run'") === 1;

/** Whether an import is under way (or was cut by a crash and not yet undone). */
export function importRunning(db: Db): boolean {
  return hasTables(db) && db.value<number>('SELECT count(*) FROM price_list_run') === 1;
}

const SNAPSHOT = `
  INSERT INTO price_list_undo (kind, ref, before)
  SELECT 'item', id, json_object('code', code, 'name', name, 'name_lc', name_lc, 'price', price, 'vat_rate', vat_rate, 'unit', unit,
    'section', section, 'category_id', category_id, 'marked', marked, 'weighted', weighted, 'free_price', free_price, 'hidden', hidden,
    'updated_at', updated_at, 'barcodes', (SELECT json_group_array(barcode) FROM item_barcodes WHERE item_id = items.id))
  FROM items WHERE id = ?`;

const COLUMNS = 'code, name, name_lc, price, vat_rate, unit, section, category_id, marked, weighted, free_price, hidden, updated_at';

/*
 * Every write transaction here is IMMEDIATE: a deferred one that reads first fails at once with
 * SQLITE_BUSY (no retry) when the till committed a sale in between; IMMEDIATE waits its turn.
 */

/** Statements of one connection, prepared once per apply. */
function statements(db: Db, undo: boolean) {
  // The undo log's table exists only for an import that keeps one.
  const none = { run: () => undefined } as unknown as ReturnType<Db['prepare']>;
  return {
    insert: db.prepare<unknown[], { id: number }>(`INSERT INTO items (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
    update: db.prepare(`UPDATE items SET (${COLUMNS}) = (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) WHERE id = ?`),
    clearBarcodes: db.prepare('DELETE FROM item_barcodes WHERE item_id = ?'),
    // A barcode an item that leaves the catalogue had (replace) moves to the row's item.
    addBarcode: db.prepare('INSERT INTO item_barcodes (barcode, item_id) VALUES (?, ?) ON CONFLICT (barcode) DO UPDATE SET item_id = excluded.item_id'),
    hide: db.prepare('UPDATE items SET hidden = 1, updated_at = ? WHERE id = ?'),
    // Sold lines name items without a foreign key: an item sold since the dry run is hidden, not deleted.
    remove: db.prepare('DELETE FROM items WHERE id = ? AND NOT EXISTS (SELECT 1 FROM document_lines WHERE item_id = ?)'),
    snapshot: undo ? db.prepare(SNAPSHOT) : none,
    added: undo ? db.prepare("INSERT INTO price_list_undo (kind, ref, before) VALUES ('item', ?, NULL)") : none,
  };
}

type Categories = { resolve(path: readonly string[]): number | null };

/** Category paths → ids, making what is missing (each new one logged for undo). */
function categories(db: Db, undo: boolean): Categories {
  const known = new Map<string, number>();
  for (const r of db.all<{ id: number; parent_id: number | null; name_lc: string }>('SELECT id, parent_id, name_lc FROM categories'))
    known.set(`${r.parent_id ?? 0}/${r.name_lc}`, r.id);
  const add = db.prepare<[number | null, string, string], number>('INSERT INTO categories (parent_id, name, name_lc) VALUES (?, ?, ?) RETURNING id').pluck();
  const log = undo ? db.prepare("INSERT INTO price_list_undo (kind, ref, before) VALUES ('category', ?, NULL)") : null;
  return {
    resolve(path) {
      let parent: number | null = null;
      for (const name of path) {
        const key = `${parent ?? 0}/${name.toLowerCase()}`;
        let id = known.get(key);
        if (id === undefined) {
          id = add.get(parent, name, name.toLowerCase())!;
          log?.run(id);
          known.set(key, id);
        }
        parent = id;
      }
      return parent;
    },
  };
}

function values(item: ItemValues, categoryId: number | null, now: string): unknown[] {
  return [
    item.code,
    item.name,
    searchKey(item.name),
    item.price,
    item.vatRate,
    item.unit,
    item.section,
    categoryId,
    item.marked ? 1 : 0,
    item.weighted ? 1 : 0,
    item.freePrice ? 1 : 0,
    item.hidden ? 1 : 0,
    now,
  ];
}

function isForeignKeyError(err: unknown): boolean {
  return (err as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/**
 * Writes the plan. With `undo` (the default) in chunks with the undo log, as explained above;
 * without, in the caller's transaction. Returns the number of ops written.
 */
export function applyPlan(db: Db, plan: Plan, hooks: ApplyHooks): number {
  const undo = hooks.undo !== false;
  const chunk = hooks.chunk ?? CHUNK_OPS;
  const total = plan.ops.length;
  if (undo) {
    // Each chunk is atomic with its undo entries; a power cut may lose the last chunks but never splits one.
    // The commit point below is written with FULL.
    db.pragma('synchronous = NORMAL');
    ensureTables(db);
    db.transaction(() => {
      if (db.value<number>('SELECT count(*) FROM price_list_run') === 1) throw new KassaError('CONFLICT', 'Уже идёт загрузка прайс-листа: дождитесь её конца');
      db.run("INSERT INTO price_list_run (id, state, started_at) VALUES (1, 'applying', ?)", hooks.now);
    }).immediate();
  }
  const s = statements(db, undo);
  let cats: Categories | null = null;
  /** Writes ops from `from` until `to` or until the chunk's time is up; returns where it stopped. */
  const write = (from: number, to: number): number => {
    const until = hooks.chunkMs === undefined ? Infinity : performance.now() + hooks.chunkMs;
    cats ??= categories(db, undo);
    if (from === 0) {
      const addSection = db.prepare('INSERT INTO sections (code, name) VALUES (?, ?) ON CONFLICT DO NOTHING');
      const logSection = undo ? db.prepare("INSERT INTO price_list_undo (kind, ref, before) VALUES ('section', ?, NULL)") : null;
      for (const code of plan.newSections) if (addSection.run(code, `Секция ${code}`).changes === 1) logSection?.run(code);
    }
    let i = from;
    for (; i < to && (i === from || (i & 15) !== 0 || performance.now() < until); i++) {
      const op = plan.ops[i]!;
      switch (op.kind) {
        case 'hide':
          if (undo) s.snapshot.run(op.id);
          s.hide.run(hooks.now, op.id);
          break;
        case 'remove':
          if (undo) s.snapshot.run(op.id);
          try {
            if (s.remove.run(op.id, op.id).changes === 0) s.hide.run(hooks.now, op.id);
          } catch (err) {
            // A check took it meanwhile: hidden, as every item with a history.
            if (!isForeignKeyError(err)) throw err;
            s.hide.run(hooks.now, op.id);
          }
          break;
        case 'add': {
          const { id } = s.insert.get(...values(op.item, cats.resolve(op.item.category), hooks.now))!;
          if (undo) s.added.run(id);
          for (const b of op.item.barcodes) s.addBarcode.run(b, id);
          break;
        }
        case 'update':
          if (undo) s.snapshot.run(op.id);
          s.update.run(...values(op.item, cats.resolve(op.item.category), hooks.now), op.id);
          s.clearBarcodes.run(op.id);
          for (const b of op.item.barcodes) s.addBarcode.run(b, op.id);
          break;
      }
    }
    return i;
  };
  if (!undo) {
    db.transaction(() => {
      for (let at = 0; at < total || at === 0;) {
        at = write(at, total);
        if (total === 0) break;
      }
    })();
    hooks.progress?.(total, total);
    return total;
  }
  try {
    let from = 0;
    do {
      const to = db.transaction(() => write(from, Math.min(total, from + chunk))).immediate();
      from = to;
      hooks.progress?.(from, total);
      if (hooks.cancelled?.()) throw new ImportCancelled();
      if (from < total) hooks.pause?.();
    } while (from < total);
    // The commit point: from here on a crash keeps the new catalogue.
    db.pragma('synchronous = FULL');
    db.run("UPDATE price_list_run SET state = 'done'");
  } catch (err) {
    rollbackImport(db, hooks);
    throw err;
  } finally {
    db.pragma('synchronous = FULL');
  }
  finishImport(db);
  return total;
}

/** Drops the undo log of a finished import. */
function finishImport(db: Db): void {
  db.transaction(() => {
    db.run('DELETE FROM price_list_undo');
    db.run('DELETE FROM price_list_run');
  }).immediate();
}

const RESTORE = `
  INSERT INTO items (id, ${COLUMNS})
  SELECT @id, j->>'code', j->>'name', j->>'name_lc', j->>'price', j->>'vat_rate', j->>'unit', j->>'section', j->>'category_id',
         j->>'marked', j->>'weighted', j->>'free_price', j->>'hidden', j->>'updated_at'
  FROM (SELECT json(@before) AS j) WHERE true
  ON CONFLICT (id) DO UPDATE SET code = excluded.code, name = excluded.name, name_lc = excluded.name_lc, price = excluded.price,
    vat_rate = excluded.vat_rate, unit = excluded.unit, section = excluded.section, category_id = excluded.category_id, marked = excluded.marked,
    weighted = excluded.weighted, free_price = excluded.free_price, hidden = excluded.hidden, updated_at = excluded.updated_at`;

/** Plays the undo log back, newest first, in chunks; then the import is gone as if it never ran. */
export function rollbackImport(db: Db, hooks: Pick<ApplyHooks, 'pause' | 'chunk' | 'chunkMs'> = {}): void {
  if (!hasTables(db)) return;
  const chunk = hooks.chunk ?? CHUNK_OPS;
  const next = db.prepare<[number], { seq: number; kind: string; ref: number; before: string | null }>(
    'SELECT seq, kind, ref, before FROM price_list_undo ORDER BY seq DESC LIMIT ?',
  );
  const restore = db.prepare(RESTORE);
  const clearBarcodes = db.prepare('DELETE FROM item_barcodes WHERE item_id = ?');
  const barcodes = db.prepare(
    "INSERT INTO item_barcodes (barcode, item_id) SELECT value, @id FROM json_each(json(@before), '$.barcodes') WHERE true ON CONFLICT (barcode) DO UPDATE SET item_id = excluded.item_id",
  );
  const removeItem = db.prepare('DELETE FROM items WHERE id = ? AND NOT EXISTS (SELECT 1 FROM document_lines WHERE item_id = ?)');
  const hideItem = db.prepare('UPDATE items SET hidden = 1 WHERE id = ?');
  const removeCategory = db.prepare('DELETE FROM categories WHERE id = ?');
  const removeSection = db.prepare('DELETE FROM sections WHERE code = ?');
  const forget = db.prepare('DELETE FROM price_list_undo WHERE seq >= ?');
  for (;;) {
    const done = db
      .transaction(() => {
        const until = hooks.chunkMs === undefined ? Infinity : performance.now() + hooks.chunkMs;
        const entries = next.all(chunk);
        let played = 0;
        for (const e of entries) {
          if (played > 0 && (played & 15) === 0 && performance.now() >= until) break;
          played++;
          if (e.kind === 'item' && e.before === null) {
            try {
              if (removeItem.run(e.ref, e.ref).changes === 0) hideItem.run(e.ref);
            } catch (err) {
              // Sold meanwhile (the sale took the new item): it stays, hidden.
              if (!isForeignKeyError(err)) throw err;
              hideItem.run(e.ref);
            }
          } else if (e.kind === 'item') {
            clearBarcodes.run(e.ref);
            restore.run({ id: e.ref, before: e.before });
            barcodes.run({ id: e.ref, before: e.before });
          } else if (e.kind === 'category') {
            try {
              removeCategory.run(e.ref);
            } catch (err) {
              if (!isForeignKeyError(err)) throw err;
            }
          } else {
            try {
              removeSection.run(e.ref);
            } catch (err) {
              if (!isForeignKeyError(err)) throw err;
            }
          }
        }
        if (played > 0) forget.run(entries[played - 1]!.seq);
        return played === entries.length && entries.length < chunk;
      })
      .immediate();
    if (done) break;
    hooks.pause?.();
  }
  db.run('DELETE FROM price_list_run');
}

/** At start: an import a crash cut midway is undone; one that reached its commit point is kept. */
export function recoverPriceListImport(db: Db): 'none' | 'rolled-back' | 'finished' {
  if (!importRunning(db)) return 'none';
  if (db.value<string>('SELECT state FROM price_list_run') === 'done') {
    finishImport(db);
    return 'finished';
  }
  rollbackImport(db);
  return 'rolled-back';
}
