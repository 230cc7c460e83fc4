/**
 * Writing a plan into the catalogue without stalling the sale.
 *
 * SQLite has one writer: a 200,000-row import in one transaction would hold the write lock for
 * seconds, and every `sale.addItem` would wait that long. So the import commits in chunks (a range
 * of the plan's ops sized to take ~`chunkMs` of writing: long while nobody sells, short while the
 * till does), each written in parts of PART_OPS, and a chunk ends after the part during which a
 * till's write began to wait (`tillWaits`); the worker pauses between chunks. Before it changes a
 * row it writes the row's old state into `price_list_undo` in the same chunk. The catalogue is
 * thus always «old or new» as far as anyone can tell afterwards:
 *  - «Отменить», or an error midway: the undo log is played back (newest first), in chunks too;
 *  - a crash midway: `recoverPriceListImport` plays it back when the till starts;
 *  - done: `price_list_run.state` becomes 'done' in one transaction — that is the commit point —
 *    and the log is dropped.
 * While chunks go in, a sale sees some items with their new price and some with the old one, as
 * if the admin had changed them one by one; a line keeps the price it was added with.
 *
 * Speed: the ops are first copied into the connection's TEMP tables (no write lock on the till's
 * file: TEMP is the connection's own), then each chunk is a few set-based statements over a range
 * of them (INSERT … SELECT, UPDATE … FROM) — a chunk of 15 ms writes hundreds of items instead of
 * tens. An update rewrites the code, the name (and its search index), the barcodes and the other
 * indexed fields only where they changed (a new price alone is one column). The run and undo tables
 * are made by migration 015 (added items logged as ranges of ids since 020).
 */
import { performance } from 'node:perf_hooks';
import { rmSync } from 'node:fs';
import { openDatabase, type Db } from '../../db/database.js';
import { KassaError } from '../../domain/errors.js';
import { nextStep, otherCommits } from '../../tasks/pacer.js';
import { searchKey } from '../../domain/search-key.js';
import { referringTables, type ItemValues, type Op, type Plan } from './plan.js';
import { dataVersion, SHADOW, type SearchAside } from './search-aside.js';

/** Ops per chunk when no time is given (tests, the till's own thread). */
export const CHUNK_OPS = 1_000;
/** Time-sized chunks: the first one's size, and the bounds of the rest. */
const FIRST_CHUNK = 256;
const MIN_CHUNK = 16;
const MAX_CHUNK = 50_000;
/** A chunk is written in parts of this many ops; between two, a sale that waits for the lock ends the chunk. */
const PART_OPS = 256;
/** The longest a step that cannot end early for a sale aims to hold the write lock. */
const WHOLE_CHUNK_MS = 50;
/** The connection's page cache while an import writes (KiB, as `cache_size` takes it negative). */
const CACHE_KIB = -65_536;
/** While nobody else writes, the import's WAL is copied into the file after this long of writing, not after each chunk. */
const IDLE_CHECKPOINT_MS = 200;
/**
 * New items per entry of the undo log (a range of ids): few rows to write and drop, and an undo
 * step that takes the fewest entries (MIN_CHUNK) still deletes few enough items to stay short.
 */
const ADDED_PER_ENTRY = 32;
/** FTS5's own merging of the name search index after each commit (its default), back after an import. */
const SEARCH_AUTOMERGE = 4;
/** The fewest new items a bulk load writes (see `bulkLoad`); fewer go in with the indexes in place. */
const BULK_FROM = 10_000;
/** A bulk load adds at least this many times the items the catalogue has. */
const BULK_RATIO = 2;

export type ApplyHooks = {
  readonly now: string;
  /** After each chunk: ops done of all. */
  readonly progress?: (done: number, total: number) => void;
  /** Asked after each chunk; true: undo what is done and stop. */
  readonly cancelled?: () => boolean;
  /** Between chunks, with how long the last one held the write lock (the worker sleeps; in-process callers need none). */
  readonly pause?: (chunkMs: number) => void;
  /** false: no undo log, the caller's own transaction makes it whole (seed, tests, benches). */
  readonly undo?: boolean;
  /** Ops per chunk at most. */
  readonly chunk?: number;
  /** A chunk is sized to write about this long (from the pace of the chunks before it); asked before each chunk. */
  readonly chunkMs?: number | (() => number);
  /** Asked between the parts of a chunk (PART_OPS each): true commits what is written and ends the chunk there (a till's sale waits for the lock). */
  readonly tillWaits?: () => boolean;
  /** The fewest new items written as a bulk load (default BULK_FROM; tests load a few). */
  readonly bulkFrom?: number;
  /** A bulk load's name search index made on another thread (the streamed import's reader: search-aside.ts) while this one makes the indexes. */
  readonly searchAside?: SearchAside;
};

export class ImportCancelled extends KassaError {
  constructor() {
    super('CONFLICT', 'Импорт отменён: каталог остался прежним');
  }
}

/** Whether an import is under way (or was cut by a crash and not yet undone). */
export function importRunning(db: Db): boolean {
  return db.value<number>('SELECT count(*) FROM price_list_run') === 1;
}

const msOf = (chunkMs: number | (() => number) | undefined) => (chunkMs === undefined ? Infinity : typeof chunkMs === 'number' ? chunkMs : chunkMs());

/**
 * Chunk sizes: fixed, or sized by time from the pace so far. Only the writing of the ops ends a
 * chunk early for a sale (PART_OPS); every other step of an import is one statement a sale would
 * wait out whole, so it aims at WHOLE_CHUNK_MS at most.
 */
function chunkSizer(hooks: Pick<ApplyHooks, 'chunk' | 'chunkMs'>, parted = false) {
  const aim = () => (parted ? msOf(hooks.chunkMs) : Math.min(msOf(hooks.chunkMs), WHOLE_CHUNK_MS));
  const cap = hooks.chunk ?? (hooks.chunkMs === undefined ? CHUNK_OPS : MAX_CHUNK);
  let size = hooks.chunkMs === undefined ? cap : Math.min(cap, FIRST_CHUNK);
  return {
    next: () => size,
    /** A chunk of `ops` took `ms`: the next one aims at chunkMs (growing at most fourfold, as the first ones run cold). */
    took(ops: number, ms: number) {
      if (hooks.chunkMs === undefined || ops === 0) return;
      size = nextStep(ops, ms, aim(), { last: size, min: MIN_CHUNK, max: cap, growth: 4 });
    },
  };
}

const COLUMNS = 'code, name, name_lc, price, vat_rate, unit, section, category_id, marked, weighted, free_price, hidden, updated_at';

/** The old state of items, as the undo log keeps it. */
const SNAPSHOT = `json_object('code', i.code, 'name', i.name, 'name_lc', i.name_lc, 'price', i.price, 'vat_rate', i.vat_rate, 'unit', i.unit,
    'section', i.section, 'category_id', i.category_id, 'marked', i.marked, 'weighted', i.weighted, 'free_price', i.free_price, 'hidden', i.hidden,
    'updated_at', i.updated_at, 'barcodes', (SELECT json_group_array(barcode) FROM item_barcodes WHERE item_id = i.id))`;

/** SQL that is true when nothing refers to `items.id` any more (sold lines, checks, stock documents…): such an item may be deleted. */
function unreferred(db: Db, alias: string): string {
  return referringTables(db)
    .map(({ table, column }) => `NOT EXISTS (SELECT 1 FROM "${table}" WHERE "${column}" = ${alias}.id)`)
    .join(' AND ');
}

function isForeignKeyError(err: unknown): boolean {
  return (err as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/**
 * Deletes a set of items at once; when a table the `unreferred` check does not know refers to one
 * of them (its foreign key refuses), one by one instead, and those it refuses stay (to be hidden).
 */
function deleteUnreferred(all: () => void, ids: () => number[], one: ReturnType<Db['prepare']>): void {
  try {
    all();
  } catch (err) {
    if (!isForeignKeyError(err)) throw err;
    for (const id of ids()) {
      try {
        one.run(id);
      } catch (e) {
        if (!isForeignKeyError(e)) throw e;
      }
    }
  }
}

/*
 * Every write transaction here is IMMEDIATE: a deferred one that reads first fails at once with
 * SQLITE_BUSY (no retry) when the till committed a sale in between; IMMEDIATE waits its turn.
 * The staging into TEMP is DEFERRED: it touches the connection's own tables only.
 */

/**
 * The order the ops are written in: removals, hidings and updates as planned, then the new items
 * by name. New items in name order append to the name index (and within each category to the
 * category index) instead of touching a random page of each per row: a chunk commits a few pages
 * of those indexes, not hundreds. Adds take no code or barcode that another op frees (the plan
 * refuses such rows, and what leaves the catalogue goes first), so their place among the ops is free.
 * SQLite sorts them (the stage's copy below): a sort of 200,000 names in JavaScript, and the
 * staging in that order (every op's object visited at random), cost four times as much.
 */
const WRITING_ORDER = "kind = 'add', CASE WHEN kind = 'add' THEN name_lc END, seq";

/** What an add writes, and an update whose plan did not say what changed. */
const ALL_CHANGED = { code: true, name: true, barcodes: true, rest: true } as const;

/** An item's values in the order of COLUMNS, from `code` to `hidden`. */
function itemValues(i: ItemValues, nameLc: string | null, categoryId: number | null) {
  return [
    i.code,
    i.name,
    nameLc,
    i.price,
    i.vatRate,
    i.unit,
    i.section,
    categoryId,
    i.marked ? 1 : 0,
    i.weighted ? 1 : 0,
    i.freePrice ? 1 : 0,
    i.hidden ? 1 : 0,
  ] as const;
}

const OP_COLUMNS = `seq INTEGER PRIMARY KEY, file_seq INTEGER NOT NULL, kind TEXT NOT NULL, id INTEGER,
      code TEXT, name TEXT, name_lc TEXT, price INTEGER, vat_rate INTEGER, unit TEXT, section INTEGER, category_id INTEGER,
      marked INTEGER, weighted INTEGER, free_price INTEGER, hidden INTEGER,
      new_code INTEGER, new_name INTEGER, new_barcodes INTEGER, new_rest INTEGER,
      -- The first of the barcodes it writes (most items have one); the others in price_list_op_barcodes.
      barcode TEXT,
      -- An add's place among the adds: its item takes the id (the last id before the chunk) + 1 + its place in the chunk.
      add_no INTEGER`;
/** The columns of an op after its place (seq) and its index (file_seq). */
const OP_FIELDS = OP_COLUMNS.replace(/--.*\n/g, '')
  .split(',')
  .map((c) => c.trim().split(' ')[0]!)
  .filter((c) => c !== 'seq' && c !== 'file_seq' && c !== 'add_no');

/**
 * The plan's ops in the connection's TEMP tables `price_list_ops` (seq: its place in the writing
 * order; file_seq: its index in the plan) and `price_list_op_barcodes` (by the op's index). `sorted`:
 * in WRITING_ORDER — staged in the file's order, then copied in the order SQLite sorts them in;
 * else in the file's order (the seed's items keep their ids).
 */
function stage(db: Db, plan: Pick<Plan, 'ops'>, categoryIds: readonly (number | null)[], sorted: boolean): void {
  dropStage(db);
  db.exec(`
    CREATE TEMP TABLE price_list_ops (${OP_COLUMNS});
    CREATE TEMP TABLE price_list_op_barcodes (seq INTEGER NOT NULL, barcode TEXT NOT NULL, PRIMARY KEY (seq, barcode)) WITHOUT ROWID;
  `);
  if (sorted) db.exec(`CREATE TEMP TABLE price_list_file_ops (${OP_COLUMNS})`);
  const op = db.prepare(
    `INSERT INTO temp.${sorted ? 'price_list_file_ops' : 'price_list_ops'} VALUES (${Array.from({ length: OP_FIELDS.length + 3 }, () => '?').join(', ')})`,
  );
  const barcode = db.prepare('INSERT INTO temp.price_list_op_barcodes VALUES (?, ?)');
  // A removal or hiding has its kind and item only: the other fields (and add_no) are null.
  const noValues = new Array<null>(OP_FIELDS.length - 1).fill(null);
  let adds = 0;
  db.transaction(() => {
    plan.ops.forEach((o, seq) => {
      if (o.kind !== 'add' && o.kind !== 'update') {
        op.run(seq, seq, o.kind, o.id, ...noValues);
        return;
      }
      const i = o.item;
      const changed = (o.kind === 'update' && o.changed) || ALL_CHANGED;
      op.run(
        seq,
        seq,
        o.kind,
        o.kind === 'update' ? o.id : null,
        ...itemValues(i, changed.name ? searchKey(i.name) : null, categoryIds[seq] ?? null),
        changed.code ? 1 : 0,
        changed.name ? 1 : 0,
        changed.barcodes ? 1 : 0,
        changed.rest ? 1 : 0,
        changed.barcodes ? (i.barcodes[0] ?? null) : null,
        o.kind === 'add' ? adds++ : null,
      );
      if (changed.barcodes) for (let b = 1; b < i.barcodes.length; b++) barcode.run(seq, i.barcodes[b]);
    });
    if (!sorted) return;
    // A narrow sort (the key and the index), then one pass that copies each op to its place: a sort
    // carrying every column, or a window over them, took several times as long.
    db.exec(`
      CREATE TEMP TABLE price_list_order (pos INTEGER PRIMARY KEY, seq INTEGER NOT NULL);
      INSERT INTO temp.price_list_order (seq) SELECT seq FROM temp.price_list_file_ops ORDER BY ${WRITING_ORDER};
    `);
    // The adds come last: an add's place among them is its place less the others'.
    db.run(
      `INSERT INTO temp.price_list_ops SELECT r.pos - 1, f.seq, ${OP_FIELDS.map((c) => `f.${c}`).join(', ')}, CASE WHEN f.kind = 'add' THEN r.pos - 1 - ? END
       FROM temp.price_list_order r JOIN temp.price_list_file_ops f ON f.seq = r.seq ORDER BY r.pos`,
      plan.ops.length - adds,
    );
    db.exec('DROP TABLE temp.price_list_order; DROP TABLE temp.price_list_file_ops;');
  }).deferred();
}

function dropStage(db: Db): void {
  if (!db.open) return;
  db.exec(
    'DROP TABLE IF EXISTS temp.price_list_file_ops; DROP TABLE IF EXISTS temp.price_list_order; DROP TABLE IF EXISTS temp.price_list_ops; DROP TABLE IF EXISTS temp.price_list_op_barcodes;',
  );
}

/**
 * The set-based statements of a chunk: each over the ops with `seq` in [@from, @to). Those of a kind
 * the plan has none of are not run (a price list of new goods runs three statements a part, not eleven).
 */
function chunkStatements(db: Db, undo: boolean, has: ReadonlySet<Plan['ops'][number]['kind']>) {
  const leaving = has.has('hide') || has.has('remove');
  const range = 'o.seq >= @from AND o.seq < @to';
  const free = unreferred(db, 'items');
  /** The barcodes the ops of a kind write, with their item's id: each op's first, and its others. (`WHERE true`: an upsert's SELECT needs a WHERE.) */
  const barcodesOf = (kind: string, itemId: string) => `SELECT barcode, item_id FROM (
      SELECT o.barcode AS barcode, ${itemId} AS item_id FROM temp.price_list_ops o WHERE ${range} AND o.kind = ${kind} AND o.barcode IS NOT NULL
      UNION ALL
      SELECT b.barcode, ${itemId} FROM temp.price_list_ops o JOIN temp.price_list_op_barcodes b ON b.seq = o.file_seq WHERE ${range} AND o.kind = ${kind}) WHERE true`;
  const sql = {
    snapshot: `INSERT INTO price_list_undo (kind, ref, before) SELECT 'item', i.id, ${SNAPSHOT}
      FROM temp.price_list_ops o JOIN items i ON i.id = o.id WHERE ${range} AND o.kind IN ('hide', 'remove', 'update') ORDER BY o.seq`,
    hide: `UPDATE items SET hidden = 1, updated_at = @now WHERE id IN (SELECT o.id FROM temp.price_list_ops o WHERE ${range} AND o.kind IN ('hide', 'remove'))`,
    // Sold lines name items without a foreign key: an item something took since the dry run is hidden (above), not deleted.
    remove: `DELETE FROM items WHERE id IN (SELECT o.id FROM temp.price_list_ops o WHERE ${range} AND o.kind = 'remove') AND ${free}`,
    update: `UPDATE items SET (price, vat_rate, unit, section, category_id, marked, weighted, free_price, hidden, updated_at) =
      (o.price, o.vat_rate, o.unit, o.section, o.category_id, o.marked, o.weighted, o.free_price, o.hidden, @now)
      FROM temp.price_list_ops o WHERE ${range} AND o.kind = 'update' AND o.new_rest AND items.id = o.id`,
    // Only the price (a list of new prices): the section and category indexes are not rewritten for values they already hold.
    reprice: `UPDATE items SET (price, updated_at) = (o.price, @now) FROM temp.price_list_ops o WHERE ${range} AND o.kind = 'update' AND NOT o.new_rest AND items.id = o.id`,
    recode: `UPDATE items SET code = o.code FROM temp.price_list_ops o WHERE ${range} AND o.kind = 'update' AND o.new_code AND items.id = o.id`,
    rename: `UPDATE items SET (name, name_lc) = (o.name, o.name_lc) FROM temp.price_list_ops o WHERE ${range} AND o.kind = 'update' AND o.new_name AND items.id = o.id`,
    clearBarcodes: `DELETE FROM item_barcodes WHERE item_id IN (SELECT o.id FROM temp.price_list_ops o WHERE ${range} AND o.kind = 'update' AND o.new_barcodes)`,
    // A barcode an item that leaves the catalogue had (replace) moves to the row's item.
    updateBarcodes: `INSERT INTO item_barcodes (barcode, item_id) ${barcodesOf("'update'", 'o.id')}
      ON CONFLICT (barcode) DO UPDATE SET item_id = excluded.item_id`,
    // New items take the ids after the last one (@base + add_no), given here: the undo log and the barcodes need no lookup by code.
    add: `INSERT INTO items (id, ${COLUMNS}) SELECT @base + o.add_no, o.code, o.name, o.name_lc, o.price, o.vat_rate, o.unit, o.section, o.category_id,
      o.marked, o.weighted, o.free_price, o.hidden, @now FROM temp.price_list_ops o WHERE ${range} AND o.kind = 'add' ORDER BY o.seq`,
    addBarcodes: `INSERT INTO item_barcodes (barcode, item_id) ${barcodesOf("'add'", '@base + o.add_no')}
      ON CONFLICT (barcode) DO UPDATE SET item_id = excluded.item_id`,
  };
  const s = Object.fromEntries(Object.entries(sql).map(([k, v]) => [k, db.prepare(v)])) as Record<keyof typeof sql, ReturnType<Db['prepare']>>;
  // A table that refers to items without being known to the check above: the chunk's removals are hidden one by one.
  const removeOne = db.prepare(`DELETE FROM items WHERE id = ? AND ${free}`);
  const removals = db.prepare<[{ from: number; to: number }], number>(`SELECT o.id FROM temp.price_list_ops o WHERE ${range} AND o.kind = 'remove'`).pluck();
  const adds = db.prepare<[{ from: number; to: number }], { first: number | null; last: number | null }>(
    `SELECT min(o.add_no) AS first, max(o.add_no) AS last FROM temp.price_list_ops o WHERE ${range} AND o.kind = 'add'`,
  );
  const logAdded = db.prepare("INSERT INTO price_list_undo (kind, ref, before, last_ref) VALUES ('item', ?, NULL, ?)");
  const lastId = db.prepare<[], number>('SELECT coalesce(max(id), 0) FROM items').pluck();
  return (from: number, to: number, now: string) => {
    const p = { from, to, now };
    const q = { from, to };
    if (undo && (leaving || has.has('update'))) s.snapshot.run(q);
    if (has.has('remove')) {
      deleteUnreferred(
        () => s.remove.run(q),
        () => removals.all(q),
        removeOne,
      );
    }
    if (leaving) s.hide.run(p); // what was not deleted
    if (has.has('update')) {
      s.update.run(p);
      s.reprice.run(p);
      s.recode.run(q);
      s.rename.run(q);
      s.clearBarcodes.run(q);
      s.updateBarcodes.run(q);
    }
    if (!has.has('add')) return;
    const { first, last } = adds.get(q)!;
    if (first === null || last === null) return;
    const base = lastId.get()! + 1 - first;
    s.add.run({ ...p, base });
    // The adds of a range of ops are a range of add_no (they come last in the writing order), so of ids.
    if (undo) for (let id = base + first; id <= base + last; id += ADDED_PER_ENTRY) logAdded.run(id, Math.min(id + ADDED_PER_ENTRY - 1, base + last));
    s.addBarcodes.run({ ...q, base });
  };
}

/**
 * When the WAL is copied into the file while the import writes. SQLite does it after every commit
 * that leaves 1,000 pages in the WAL: a chunk of an import writes more than that, so every chunk
 * also copied its pages into the file and synced it — the pages of the random-order indexes (code,
 * price, barcode) again and again, most of an idle import's time. While nobody else writes, the
 * worker copies them itself every IDLE_CHECKPOINT_MS of writing instead (a page written by several
 * chunks is copied once; PASSIVE: it never blocks a writer). Once the till commits, SQLite's own
 * rule is back for the rest of the import: the till's commit would otherwise copy what the import
 * left in the WAL, and a sale would wait for that.
 */
function checkpoints(db: Db) {
  const auto = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  const committed = otherCommits(db);
  let own = auto > 0;
  let unsaved = 0;
  const checkpoint = () => {
    db.pragma('wal_checkpoint(PASSIVE)');
    unsaved = 0;
  };
  if (own) db.pragma('wal_autocheckpoint = 0');
  return {
    /** After a chunk that wrote for `ms`. */
    after(ms: number): void {
      if (!own) return;
      if (committed()) {
        own = false;
        checkpoint();
        db.pragma(`wal_autocheckpoint = ${auto}`);
        return;
      }
      unsaved += ms;
      if (unsaved >= IDLE_CHECKPOINT_MS) checkpoint();
    },
    /** Done (or undone): whatever is left is copied, and SQLite's rule is back. */
    end(): void {
      if (!own || !db.open) return;
      own = false;
      db.pragma(`wal_autocheckpoint = ${auto}`);
      checkpoint();
    },
  };
}

/**
 * The name search index (FTS5 over `name_lc`) while an import writes. Each commit adds a segment to
 * it and, by default, merges segments a little: over the hundreds of chunks of a 200,000-item import
 * that merging rewrote the index again and again, most of the import's time. So an import turns it
 * off (in its first transaction; FTS5 still merges a level that reaches 16 segments, so a search
 * meanwhile reads few) and, once written, merges what is left in paced steps. Turned on again at the
 * commit point, or when the import is undone (also after a crash).
 */
function searchMerging(db: Db, on: boolean): void {
  // A literal: FTS5 refuses this setting as a bound parameter («SQL logic error»).
  db.exec(`INSERT INTO items_fts (items_fts, rank) VALUES ('automerge', ${on ? SEARCH_AUTOMERGE : 0})`);
}

/** Merges the search index's segments, a step (of pages, sized by time) per transaction, until FTS5 finds no more to do. */
function mergeSearchIndex(db: Db, hooks: Pick<ApplyHooks, 'pause' | 'chunk' | 'chunkMs'>): void {
  const sizer = chunkSizer(hooks);
  const merge = db.prepare("INSERT INTO items_fts (items_fts, rank) VALUES ('merge', ?)");
  const changes = db.prepare<[], number>('SELECT total_changes()').pluck();
  for (;;) {
    const t0 = performance.now();
    const pages = sizer.next();
    const before = changes.get()!;
    db.transaction(() => merge.run(pages)).immediate();
    const ms = performance.now() - t0;
    // FTS5's word for «nothing left to merge»: the command changed fewer than 2 rows.
    if (changes.get()! - before < 2) break;
    sizer.took(pages, ms);
    hooks.pause?.(ms);
  }
}

/*
 * Bulk load. Setting a till up, the admin loads a price list of tens of thousands of new items into
 * a catalogue of a few (or none): written row by row, every new item also goes into four indexes of
 * items and, through a trigger, into the name search index — most of the import's time. Built once
 * from all rows instead, the same indexes cost a fraction: so such a load drops them (and the
 * search's triggers) in its first transaction, appends the items in file order (no name sort
 * either), and makes them again before its commit point. What was dropped is kept in
 * `price_list_run.restore`, so «Отменить», an error or a crash midway make it again too (after the
 * undo; a search index fed «delete» for a row it never held would be corrupt, hence the triggers go).
 * Meanwhile the goods screen sorts and searches without them — only while no shift is open (no sale
 * waits for a whole index build), and on a catalogue this small it hardly matters.
 */

/** Whether the plan's new items are written as a bulk load. */
export function bulkLoad(db: Db, adds: number, from = BULK_FROM): boolean {
  if (adds === 0 || adds < from) return false;
  if (db.value<number>('SELECT count(*) FROM items')! * BULK_RATIO > adds) return false;
  return db.value<number>('SELECT count(*) FROM shifts WHERE closed_at IS NULL') === 0;
}

type Dropped = { readonly type: 'index' | 'trigger'; readonly name: string; readonly sql: string };

/**
 * Drops the secondary indexes of items and the triggers that feed the name search, keeping their
 * statements in the run (its transaction). A UNIQUE index stays: it is a rule the rows must keep as
 * they are written, not a way to find them.
 */
function dropForBulk(db: Db): void {
  const dropped = db.all<Dropped>(
    `SELECT type, name, sql FROM sqlite_schema WHERE tbl_name = 'items' AND sql IS NOT NULL
       AND ((type = 'index' AND sql NOT LIKE 'CREATE UNIQUE %') OR (type = 'trigger' AND sql LIKE '%items_fts%')) ORDER BY type DESC, name`,
  );
  db.run('UPDATE price_list_run SET restore = ?', JSON.stringify(dropped));
  for (const d of dropped) db.exec(`DROP ${d.type === 'index' ? 'INDEX' : 'TRIGGER'} "${d.name}"`);
}

/**
 * Makes again what a bulk load dropped (nothing when it dropped nothing): the name search index
 * from every item, with its triggers, in one transaction; then each index in one of its own. Again
 * after a crash midway: what exists already is not made twice. With `aside` (the streamed import:
 * its reader's thread is idle by now) the search index is made on that thread while this one makes
 * the indexes, then copied in (search-aside.ts); made here when that fails or the items changed
 * meanwhile. True: it was made aside.
 */
function restoreAfterBulk(db: Db, hooks: Pick<ApplyHooks, 'pause'>, aside?: SearchAside): boolean {
  const saved = db.value<string | null>('SELECT restore FROM price_list_run');
  if (!saved) return false;
  const dropped = JSON.parse(saved) as Dropped[];
  const exists = db.prepare<[string], number>('SELECT count(*) FROM sqlite_schema WHERE name = ?').pluck();
  const missing = (type: Dropped['type']) => dropped.filter((d) => d.type === type && exists.get(d.name) === 0);
  const done = (on: Db) => on.run('UPDATE price_list_run SET restore = NULL');
  const step = (work: () => void, last: boolean) => {
    const t0 = performance.now();
    db.transaction(() => {
      work();
      if (last) done(db);
    }).immediate();
    if (!last) hooks.pause?.(performance.now() - t0);
  };
  const indexes = missing('index');
  const triggers = missing('trigger');
  const makeTriggers = (on: Db) => triggers.forEach((t) => on.exec(t.sql));
  const fill = () => {
    db.exec("INSERT INTO items_fts (items_fts) VALUES ('delete-all')");
    // In rowid order, which FTS5 needs to build its index in one pass: read through an index on
    // the name, rows come in name order, and FTS5 flushes its segment at each step back (5× slower).
    db.exec('INSERT INTO items_fts (rowid, name_lc) SELECT id, name_lc FROM items ORDER BY id');
    makeTriggers(db);
  };
  if (triggers.length > 0 && aside) {
    const since = dataVersion(db);
    aside.start();
    for (const d of indexes) step(() => db.exec(d.sql), false);
    const file = aside.made();
    const copied =
      file !== null &&
      copySearchAside(db, file, since, (copy) => {
        makeTriggers(copy);
        done(copy);
      });
    if (!copied) step(fill, true);
    return copied;
  }
  if (triggers.length > 0) step(fill, indexes.length === 0);
  indexes.forEach((d, i) => step(() => db.exec(d.sql), i === indexes.length - 1));
  if (triggers.length === 0 && indexes.length === 0) db.transaction(() => done(db)).immediate();
  return false;
}

/**
 * The import's side: copies the index made in `file` into the database, runs `more` (the search's
 * triggers made again…) in the same transaction, and says true — or, when another connection has
 * committed since `since` (the import connection's `data_version` when it asked) or the copy
 * failed, copies nothing and says false (the caller makes the index itself; an error that is not
 * the copy's shows there again). The file is removed either way.
 */
function copySearchAside(db: Db, file: string, since: number, more: (copy: Db) => void): boolean {
  const copyIn = (to: Db) => {
    to.unsafeMode(true);
    to.prepare('ATTACH ? AS aside').run(file);
    return to
      .transaction(() => {
        // Under the write lock: nobody can commit between this check and the copy.
        if (dataVersion(db) !== since) return false;
        for (const t of SHADOW) {
          const table = `items_fts_${t}`;
          if (to.value<number>('SELECT count(*) FROM main.sqlite_schema WHERE name = ?', table) === 0) continue;
          to.exec(`DELETE FROM main.${table}; INSERT INTO main.${table} SELECT * FROM aside.${table}`);
        }
        more(to);
        return true;
      })
      .immediate();
  };
  try {
    const copy = openDatabase(db.name);
    try {
      return copyIn(copy);
    } finally {
      copy.close();
    }
  } catch {
    return false;
  } finally {
    try {
      rmSync(file, { force: true });
    } catch {
      // Windows: the reader's thread still has it open (it was too slow); the next bulk load removes it.
    }
  }
}

/**
 * Writes the plan's new items `addAt[from..to)` straight from the plan (a bulk load: no stage, file
 * order), with their undo entries; `place` makes an item's section and category where missing (in
 * the same transaction, logged for undo) and says its category's id. The connection's foreign keys
 * are off meanwhile (`addBulk`): SQLite looked up each row's section and category, a seventh of the
 * writing; here the few sections and categories of a part are checked once, in its transaction
 * (one `place` found already made may have been deleted since), and each barcode names the item
 * written just before it.
 */
function bulkAdder(db: Db, ops: readonly Op[], addAt: readonly number[], place: (item: ItemValues) => number | null, now: string) {
  const items = rowsInserter(db, `INSERT INTO items (id, ${COLUMNS}) VALUES`, 14, '');
  const barcodes = rowsInserter(db, 'INSERT INTO item_barcodes (barcode, item_id) VALUES', 2, 'ON CONFLICT (barcode) DO UPDATE SET item_id = excluded.item_id');
  const logAdded = db.prepare("INSERT INTO price_list_undo (kind, ref, before, last_ref) VALUES ('item', ?, NULL, ?)");
  const lastId = db.prepare<[], number>('SELECT coalesce(max(id), 0) FROM items').pluck();
  const gone = db
    .prepare<[string, string], number>(
      `SELECT (SELECT count(*) FROM json_each(?) WHERE value NOT IN (SELECT id FROM categories))
            + (SELECT count(*) FROM json_each(?) WHERE value NOT IN (SELECT code FROM sections))`,
    )
    .pluck();
  return (from: number, to: number) => {
    const base = lastId.get()! + 1 - from;
    const categories = new Set<number>();
    const sections = new Set<number>();
    for (let k = from; k < to; k++) {
      const at = addAt[k]!;
      const op = ops[at]!;
      if (op.kind !== 'add') continue;
      const i = op.item;
      const id = base + k;
      const category = place(i);
      if (category !== null) categories.add(category);
      sections.add(i.section);
      items.value(id);
      for (const v of itemValues(i, searchKey(i.name), category)) items.value(v);
      items.value(now);
      for (const b of i.barcodes) {
        barcodes.value(b);
        barcodes.value(id);
      }
    }
    // Each barcode names an item written before it (the items' rows go first).
    items.flush();
    barcodes.flush();
    if (gone.get(JSON.stringify([...categories]), JSON.stringify([...sections]))! > 0)
      throw new KassaError('CONFLICT', 'Пока шла загрузка, удалили категорию или секцию из файла: каталог возвращён к прежнему, загрузите файл снова');
    for (let id = base + from; id < base + to; id += ADDED_PER_ENTRY) logAdded.run(id, Math.min(id + ADDED_PER_ENTRY, base + to) - 1);
  };
}

/** Rows a bulk insert writes per statement: a call and a statement per row cost as much as writing the row. */
const ROWS_PER_INSERT = 32;

/**
 * Inserts rows of `width` values, ROWS_PER_INSERT in one statement (`head` VALUES (…), (…) … `tail`)
 * and the rest one by one at `flush`: in their order, as one statement per row would. A statement
 * that fails drops what was pending with it (the caller's transaction is undone).
 */
function rowsInserter(db: Db, head: string, width: number, tail: string) {
  const values = (rows: number) => Array.from({ length: rows }, () => `(${Array.from({ length: width }, () => '?').join(', ')})`).join(', ');
  const many = db.prepare(`${head} ${values(ROWS_PER_INSERT)} ${tail}`);
  const one = db.prepare(`${head} ${values(1)} ${tail}`);
  const pending = new Array<unknown>(ROWS_PER_INSERT * width);
  let n = 0;
  return {
    /** The next value of the row being added (a value at a time: no array per row). */
    value(v: unknown) {
      pending[n++] = v;
      if (n < pending.length) return;
      n = 0;
      many.run(pending);
    },
    flush() {
      const end = n;
      n = 0;
      for (let at = 0; at < end; at += width) one.run(pending.slice(at, at + width));
    },
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
  // Rows of one category cell share its path (rows.ts makes each once): looked up once per path, not per row.
  const byPath = new Map<readonly string[], number | null>();
  return {
    resolve(path) {
      const resolved = byPath.get(path);
      if (resolved !== undefined) return resolved;
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
      byPath.set(path, parent);
      return parent;
    },
  };
}

/** Makes a section «Секция N» the till does not have (logged for undo). */
function sectionMaker(db: Db, undo: boolean): (code: number) => void {
  const addSection = db.prepare('INSERT INTO sections (code, name) VALUES (?, ?) ON CONFLICT DO NOTHING');
  const logSection = undo ? db.prepare("INSERT INTO price_list_undo (kind, ref, before) VALUES ('section', ?, NULL)") : null;
  return (code) => {
    if (addSection.run(code, `Секция ${code}`).changes === 1) logSection?.run(code);
  };
}

/**
 * The sections and categories the rows need, made (and logged for undo) before the items: each
 * op's category id. `from`..: resumes where the last call's time ran out; returns where it stopped.
 */
function resolveCategories(
  db: Db,
  plan: Pick<Plan, 'ops' | 'newSections'>,
  cats: Categories,
  ids: (number | null)[],
  from: number,
  until: number,
  undo: boolean,
  tillWaits: () => boolean = () => false,
): number {
  if (from === 0) {
    const section = sectionMaker(db, undo);
    for (const code of plan.newSections) section(code);
  }
  let i = from;
  for (; i < plan.ops.length && ((i & 255) !== 0 || i === from || (performance.now() < until && !tillWaits())); i++) {
    const op = plan.ops[i]!;
    ids[i] = op.kind === 'add' || op.kind === 'update' ? cats.resolve(op.item.category) : null;
  }
  return i;
}

/**
 * Writes the plan. With `undo` (the default) in chunks with the undo log, as explained above;
 * without, in the caller's transaction. Returns whether a bulk load's search index was made aside
 * (`hooks.searchAside`).
 */
export function applyPlan(db: Db, plan: Plan, hooks: ApplyHooks): { readonly searchAside: boolean } {
  const total = plan.ops.length;
  if (hooks.undo === false) {
    const ids: (number | null)[] = new Array<number | null>(total).fill(null);
    db.transaction(() => {
      resolveCategories(db, plan, categories(db, false), ids, 0, Infinity, false);
      // One transaction: the file's order (the seed's items keep their ids).
      stage(db, plan, ids, false);
      chunkStatements(db, false, new Set(plan.ops.map((o) => o.kind)))(0, total, hooks.now);
    })();
    dropStage(db);
    hooks.progress?.(total, total);
    return { searchAside: false };
  }
  const adds = plan.ops.filter((o) => o.kind === 'add').length;
  const writer = beginImport(db, hooks, { total, bulk: () => bulkLoad(db, adds, hooks.bulkFrom) });
  try {
    if (writer.bulk) {
      // The other ops first (staged), then the new items straight from the plan.
      const others = plan.ops.filter((o) => o.kind !== 'add');
      writer.write(others, writer.categories({ ops: others, newSections: plan.newSections }));
      writer.addBulk(plan.ops);
    } else writer.write(plan.ops, writer.categories(plan));
  } catch (err) {
    writer.undo();
    throw err;
  }
  return { searchAside: writer.commit() };
}

/** The writing of an import with its undo log: begun, fed ops, then committed or undone (applyPlan; the streamed import of jobs.ts). */
export type ImportWriter = {
  /** A bulk load: the indexes dropped until `commit`; the new items go through `addBulk`. */
  readonly bulk: boolean;
  /** Makes the sections and categories the ops need (each new one logged for undo): the category id of each op. */
  categories(plan: Pick<Plan, 'ops' | 'newSections'>): (number | null)[];
  /** Writes the new items of `ops` (a bulk load), their sections and categories made as it goes. */
  addBulk(ops: readonly Op[]): void;
  /** Stages `ops` and writes them in chunks (new items in name order), `categoryIds` by op. */
  write(ops: readonly Op[], categoryIds: readonly (number | null)[]): void;
  /** The schema made whole (a bulk load), the commit point, the clean-up after it. True: the search index was made aside (`hooks.searchAside`). */
  commit(): boolean;
  /** Plays back what is written (an error, «Отменить»), then rethrow. */
  undo(): void;
};

/**
 * Begins an import: the run's row (and for a bulk load, the indexes dropped) in one transaction, the
 * connection set for writing. `total`: the ops expected (progress); `bulk`: asked in that transaction.
 */
export function beginImport(db: Db, hooks: ApplyHooks, options: { readonly total: number; readonly bulk: () => boolean }): ImportWriter {
  // Each chunk is atomic with its undo entries; a power cut may lose the last chunks but never splits one.
  // The commit point below is written with FULL.
  db.pragma('synchronous = NORMAL');
  // The price and category indexes take each new row at a random page: with the default 2 MB of
  // cache every chunk read them from disk again. Only while it writes (the connection may be the caller's).
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = ${CACHE_KIB}`);
  // The staged ops (TEMP tables, read by every chunk's statements) in memory, not in a temporary
  // file: 200,000 ops are some 30 MB, and on a file the chunks' reads of them were a third of the writing.
  const tempStore = db.pragma('temp_store', { simple: true }) as number;
  db.pragma('temp_store = MEMORY');
  const settle = () => {
    if (db.open) db.pragma('synchronous = FULL');
    if (db.open) db.pragma(`cache_size = ${cacheSize}`);
    // Setting it back drops the connection's TEMP tables: the stage is done with by now.
    if (db.open) db.pragma(`temp_store = ${tempStore}`);
  };
  let bulk: boolean;
  try {
    bulk = db
      .transaction(() => {
        if (importRunning(db)) throw new KassaError('CONFLICT', 'Уже идёт загрузка прайс-листа: дождитесь её конца');
        db.run("INSERT INTO price_list_run (id, state, started_at) VALUES (1, 'applying', ?)", hooks.now);
        searchMerging(db, false);
        const yes = options.bulk();
        if (yes) dropForBulk(db);
        return yes;
      })
      .immediate();
  } catch (err) {
    settle();
    throw err;
  }
  const sizer = chunkSizer(hooks, true);
  const total = () => Math.max(options.total, done);
  let done = 0;
  const between = (ms: number, more: boolean) => {
    hooks.progress?.(done, total());
    if (hooks.cancelled?.()) throw new ImportCancelled();
    if (more) hooks.pause?.(ms);
  };
  const cats = categories(db, true);
  const sections = new Set(db.values<number>('SELECT code FROM sections'));
  const makeSection = sectionMaker(db, true);
  /** A new item's section made where missing, and its category's id (made where missing). */
  const place = (item: ItemValues) => {
    if (!sections.has(item.section)) {
      makeSection(item.section);
      sections.add(item.section);
    }
    return cats.resolve(item.category);
  };
  const wal = checkpoints(db);
  /** Writes ops [0, count) in chunks. */
  const inChunks = (count: number, writePart: (from: number, to: number) => void) => {
    for (let from = 0; from < count;) {
      const end = Math.min(count, from + sizer.next());
      const t0 = performance.now();
      const to = db
        .transaction(() => {
          let at = from;
          do {
            const part = Math.min(end, at + PART_OPS);
            writePart(at, part);
            at = part;
          } while (at < end && !hooks.tillWaits?.());
          return at;
        })
        .immediate();
      const ms = performance.now() - t0;
      sizer.took(to - from, ms);
      wal.after(ms);
      done += to - from;
      from = to;
      between(ms, done < total());
    }
  };
  return {
    bulk,
    categories(plan) {
      const ids: (number | null)[] = new Array<number | null>(plan.ops.length).fill(null);
      for (let at = 0; at < plan.ops.length || at === 0;) {
        const t0 = performance.now();
        const from = at;
        at = db.transaction(() => resolveCategories(db, plan, cats, ids, from, t0 + msOf(hooks.chunkMs), true, hooks.tillWaits)).immediate();
        between(performance.now() - t0, at < plan.ops.length);
        if (at >= plan.ops.length) break;
      }
      return ids;
    },
    addBulk(ops) {
      const addAt = ops.flatMap((o, i) => (o.kind === 'add' ? [i] : []));
      // Off for the new items only (bulkAdder checks what they refer to); on again before anything can be undone (the undo relies on them).
      const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
      db.pragma('foreign_keys = OFF');
      try {
        inChunks(addAt.length, bulkAdder(db, ops, addAt, place, hooks.now));
      } finally {
        if (db.open) db.pragma(`foreign_keys = ${foreignKeys}`);
      }
    },
    write(ops, categoryIds) {
      const kinds = new Set(ops.map((o) => o.kind));
      // Without new items the writing order is the file's: nothing to sort.
      stage(db, { ops }, categoryIds, kinds.has('add'));
      const write = chunkStatements(db, true, kinds);
      inChunks(ops.length, (from, to) => write(from, to, hooks.now));
      dropStage(db);
    },
    commit() {
      let madeAside = false;
      try {
        if (bulk) madeAside = restoreAfterBulk(db, hooks, hooks.searchAside);
        wal.end();
        // The commit point: from here on a crash keeps the new catalogue.
        db.pragma('synchronous = FULL');
        db.transaction(() => {
          db.run("UPDATE price_list_run SET state = 'done'");
          searchMerging(db, true);
        }).immediate();
      } catch (err) {
        this.undo();
        throw err;
      }
      settle();
      mergeSearchIndex(db, hooks);
      finishImport(db, hooks);
      return madeAside;
    },
    undo() {
      try {
        wal.end();
        dropStage(db);
        rollbackImport(db, hooks);
      } finally {
        settle();
      }
    },
  };
}

/** Drops the undo log of a finished import (in chunks: it may hold 200,000 rows). */
function finishImport(db: Db, hooks: Pick<ApplyHooks, 'pause' | 'chunk' | 'chunkMs'> = {}): void {
  const sizer = chunkSizer({ chunk: hooks.chunk ?? (hooks.chunkMs === undefined ? Number.MAX_SAFE_INTEGER : undefined), chunkMs: hooks.chunkMs });
  for (;;) {
    const t0 = performance.now();
    const n = sizer.next();
    const left = db
      .transaction(() => {
        db.run('DELETE FROM price_list_undo WHERE seq < (SELECT min(seq) FROM price_list_undo) + ?', n);
        const more = db.value<number>('SELECT count(*) FROM (SELECT 1 FROM price_list_undo LIMIT 1)') === 1;
        if (!more) db.run('DELETE FROM price_list_run');
        return more;
      })
      .immediate();
    const ms = performance.now() - t0;
    sizer.took(n, ms);
    if (!left) break;
    hooks.pause?.(ms);
  }
}

const RESTORE = `
  INSERT INTO items (id, ${COLUMNS})
  SELECT u.ref, j->>'code', j->>'name', j->>'name_lc', j->>'price', j->>'vat_rate', j->>'unit', j->>'section', j->>'category_id',
         j->>'marked', j->>'weighted', j->>'free_price', j->>'hidden', j->>'updated_at'
  FROM (SELECT ref, json(before) AS j FROM price_list_undo WHERE seq >= @lo AND seq <= @hi AND kind = 'item' AND before IS NOT NULL ORDER BY seq DESC) u WHERE true
  ON CONFLICT (id) DO UPDATE SET code = excluded.code, name = excluded.name, name_lc = excluded.name_lc, price = excluded.price,
    vat_rate = excluded.vat_rate, unit = excluded.unit, section = excluded.section, category_id = excluded.category_id, marked = excluded.marked,
    weighted = excluded.weighted, free_price = excluded.free_price, hidden = excluded.hidden, updated_at = excluded.updated_at`;

/**
 * Plays the undo log back, newest first, in chunks (each a range of the log, set-based); then the
 * import is gone as if it never ran. Within a range every changed item's barcodes are cleared
 * before any is put back, so a barcode that moved between two items of the range comes home.
 */
export function rollbackImport(db: Db, hooks: Pick<ApplyHooks, 'pause' | 'chunk' | 'chunkMs'> = {}): void {
  const sizer = chunkSizer(hooks);
  const range = 'seq >= @lo AND seq <= @hi';
  const free = unreferred(db, 'items');
  // The ids of the items the import added (an entry: ref..last_ref, or ref alone).
  const addedIds = `WITH RECURSIVE added (id, last) AS (
      SELECT ref, coalesce(last_ref, ref) FROM price_list_undo WHERE ${range} AND kind = 'item' AND before IS NULL
      UNION ALL SELECT id + 1, last FROM added WHERE id < last)
    SELECT id FROM added`;
  const removeAdded = db.prepare(`DELETE FROM items WHERE id IN (${addedIds}) AND ${free}`);
  const removeOne = db.prepare(`DELETE FROM items WHERE id = ? AND ${free}`);
  const added = db.prepare<[{ lo: number; hi: number }], number>(addedIds).pluck();
  // Sold meanwhile (the sale took the new item): it stays, hidden.
  const hideAdded = db.prepare(`UPDATE items SET hidden = 1 WHERE id IN (${addedIds})`);
  const clearBarcodes = db.prepare(
    `DELETE FROM item_barcodes WHERE item_id IN (SELECT ref FROM price_list_undo WHERE ${range} AND kind = 'item' AND before IS NOT NULL)`,
  );
  const restore = db.prepare(RESTORE);
  const barcodes = db.prepare(
    `INSERT INTO item_barcodes (barcode, item_id) SELECT b.value, u.ref FROM price_list_undo u, json_each(u.before, '$.barcodes') b
     WHERE u.${range.replace(' AND seq', ' AND u.seq')} AND u.kind = 'item' AND u.before IS NOT NULL
     ON CONFLICT (barcode) DO UPDATE SET item_id = excluded.item_id`,
  );
  const others = db.prepare<[{ lo: number; hi: number }], { kind: string; ref: number }>(
    `SELECT kind, ref FROM price_list_undo WHERE ${range} AND kind <> 'item' ORDER BY seq DESC`,
  );
  const removeCategory = db.prepare('DELETE FROM categories WHERE id = ?');
  const removeSection = db.prepare('DELETE FROM sections WHERE code = ?');
  const forget = db.prepare(`DELETE FROM price_list_undo WHERE ${range}`);
  for (;;) {
    const t0 = performance.now();
    const n = sizer.next();
    const more = db
      .transaction(() => {
        const hi = db.value<number>('SELECT max(seq) FROM price_list_undo');
        if (hi === undefined || hi === null) return false;
        const q = { lo: hi - n + 1, hi };
        deleteUnreferred(
          () => removeAdded.run(q),
          () => added.all(q),
          removeOne,
        );
        hideAdded.run(q);
        clearBarcodes.run(q);
        restore.run(q);
        barcodes.run(q);
        for (const e of others.all(q)) {
          try {
            if (e.kind === 'category') removeCategory.run(e.ref);
            else removeSection.run(e.ref);
          } catch (err) {
            // Something uses it by now: it stays.
            if (!isForeignKeyError(err)) throw err;
          }
        }
        forget.run(q);
        return db.value<number>('SELECT count(*) FROM (SELECT 1 FROM price_list_undo LIMIT 1)') === 1;
      })
      .immediate();
    const ms = performance.now() - t0;
    sizer.took(n, ms);
    if (!more) break;
    hooks.pause?.(ms);
  }
  restoreAfterBulk(db, hooks);
  db.transaction(() => {
    db.run('DELETE FROM price_list_run');
    searchMerging(db, true);
  }).immediate();
  mergeSearchIndex(db, hooks);
}

/** At start: an import a crash cut midway is undone; one that reached its commit point is kept. */
export function recoverPriceListImport(db: Db): 'none' | 'rolled-back' | 'finished' {
  if (!importRunning(db)) return 'none';
  if (db.value<string>('SELECT state FROM price_list_run') === 'done') {
    // The commit point comes after the bulk load's indexes are made: nothing to make here, unless an older run left it.
    restoreAfterBulk(db, {});
    finishImport(db);
    return 'finished';
  }
  rollbackImport(db);
  return 'rolled-back';
}
