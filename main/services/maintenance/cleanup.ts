/**
 * «Очистка БД по дату включительно»: removes closed shifts whose every document the СКО accepted,
 * up to the end of a day, through the one path the append-only triggers allow — a permit row
 * written and removed inside each of the cleanup's own transactions (migration 013). Runs in a
 * worker thread in small transactions (a few hundred documents each) so a sale never waits long;
 * then gives the space back by incremental vacuum in small steps. A kill between transactions
 * leaves whole documents: what is left of a shift is removed by the next cleanup.
 */
import { performance } from 'node:perf_hooks';
import type { Db } from '../../db/database.js';
import { KassaError } from '../../domain/errors.js';
import type { JobCtx } from '../../tasks/job.js';
import { nextStep, pacer, type Pacer } from '../../tasks/pacer.js';
import type { CleanupPreview } from '../../../preload/contract/maintenance.js';
import { dayOf, NO_VAT } from '../reports/aggregates.js';

/**
 * Each transaction aims at the pacer's share of the write lock (main/tasks/pacer.ts: short steps and
 * pauses as long while the till sells, so a waiting sale gets the lock within a step; longer steps
 * while nobody sells); the number of documents per step follows the time the last step took (a year
 * of a busy till has ~1,000,000 documents: fixed small steps on a slow disk took an hour).
 */
const FIRST_STEP_DOCS = 50;
const MAX_STEP_DOCS = 1_000;
/**
 * A step is written in parts of this many documents; after each, a step past its time with a sale
 * waiting for the write lock ends there (what is removed commits). A step sized to its share of time
 * sometimes took four times as long (its pages not in the cache): a sale stopped 52 ms. Within its
 * time a step goes on: a till that sells without a break would otherwise cut every step to one part.
 */
const PART_DOCS = 8;
/** A step's length while nobody sells: the first sale waits up to one, and may stop no more than 50 ms. */
const IDLE_STEP_MS = 30;
/** The worker's page cache while removing (negative: KiB). */
const CACHE_KIB = -65_536;
/** Pages given back by the first incremental-vacuum step; the next ones are sized by time as the removal's steps are. */
const FIRST_VACUUM_PAGES = 64;
/**
 * The most pages a step gives back, however fast the steps before it were: a page's cost varies
 * more than tenfold along the file (the year's cleanup: steps of 2,048 pages took under 6 ms, the
 * next one of 4,096 held the write lock 170 ms — a sale stopped that long; capped at 1,024, 512 and
 * 256, steps early in the vacuum still held it 59, 52 and 53 ms: up to ~200 µs a page there). At
 * that pace this is ~26 ms; the year's 310,000 pages take some 2,400 steps.
 */
export const MAX_VACUUM_PAGES = 128;

type ShiftRow = { id: number; number: number; closed_at: string | null; pending: number };

/** The end of the day `upTo` (YYYY-MM-DD) on the till's clock, as the ISO instant shifts are dated in. */
export function endOfDay(upTo: string): string {
  const [y, m, d] = upTo.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + 1, 0, 0, 0, 0).toISOString();
}

export type CleanupPlan = CleanupPreview & { readonly shiftIds: readonly number[] };

/**
 * Which shifts go: from the first, in order, every shift closed before the end of the day whose
 * documents the СКО all accepted — up to the first that is not; and none that a kept document
 * refers to (a return of a sale, an annulment), as that document must keep its original.
 */
export function cleanupPlan(db: Db, upTo: string): CleanupPlan {
  const before = endOfDay(upTo);
  const shifts = db.all<ShiftRow>(
    `SELECT s.id, s.number, s.closed_at,
            (SELECT count(*) FROM documents d WHERE d.shift_id = s.id
               AND (NOT EXISTS (SELECT 1 FROM fiscal_answers f WHERE f.document_id = d.id)
                    OR EXISTS (SELECT 1 FROM outbox o WHERE o.document_id = d.id AND o.delivered_at IS NULL))) AS pending
       FROM shifts s WHERE s.opened_at < ? ORDER BY s.number`,
    before,
  );
  let kept: string | null = null;
  let take: ShiftRow[] = [];
  for (const s of shifts) {
    if (s.closed_at === null) {
      kept = `смена ${s.number} открыта`;
      break;
    }
    if (s.closed_at >= before) break;
    if (s.pending > 0) {
      kept = `в смене ${s.number} ${s.pending} документ(ов) ещё не приняты СКО`;
      break;
    }
    take.push(s);
  }
  // A kept document referring into the removed ones cuts the plan before the shift it refers to.
  for (;;) {
    if (take.length === 0) break;
    const last = take[take.length - 1]!.id;
    const referred = db.value<number>(
      `SELECT min(s.number) FROM documents kept JOIN documents orig ON orig.id = kept.refers_to_id JOIN shifts s ON s.id = orig.shift_id
        WHERE kept.shift_id > ? AND orig.shift_id <= ?`,
      last,
      last,
    );
    const byLine = db.value<number>(
      `SELECT min(s.number) FROM document_lines kl JOIN documents kd ON kd.id = kl.document_id
         JOIN document_lines ol ON ol.id = kl.origin_line_id JOIN documents od ON od.id = ol.document_id JOIN shifts s ON s.id = od.shift_id
        WHERE kl.origin_line_id IS NOT NULL AND kd.shift_id > ? AND od.shift_id <= ?`,
      last,
      last,
    );
    const first = Math.min(referred ?? Infinity, byLine ?? Infinity);
    if (first === Infinity) break;
    take = take.filter((s) => s.number < first);
    kept = `на документы смены ${first} ссылается возврат или аннулирование из более поздней смены`;
  }
  const ids = take.map((s) => s.id);
  const documents = ids.length === 0 ? 0 : db.value<number>(`SELECT count(*) FROM documents WHERE shift_id BETWEEN ? AND ?`, ids[0], ids[ids.length - 1])!;
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const totalDocs = db.value<number>('SELECT count(*) FROM documents')!;
  const pages = db.pragma('page_count', { simple: true }) as number;
  // Documents and their lines are most of the file: its share of them is a fair guess at the room freed.
  const bytes = totalDocs === 0 ? 0 : Math.round((pages * pageSize * documents) / totalDocs);
  return {
    upTo,
    shifts: ids.length,
    firstShift: take[0]?.number ?? null,
    lastShift: take[take.length - 1]?.number ?? null,
    documents,
    bytes,
    kept,
    shiftIds: ids,
  };
}

export type CleanupInput = { readonly upTo: string; readonly expectShifts: number; readonly userId: number | null };
export type CleanupResult = CleanupPreview & { readonly freedBytes: number };

/** The preview, in a worker: on a year of documents the plan reads every document's answer and would hold the till's thread for seconds. */
export function cleanupPreviewJob(job: Pick<JobCtx, 'db'>, input: { readonly upTo: string }): CleanupPreview {
  return stripPlan(cleanupPlan(job.db, input.upTo));
}

/**
 * The worker's part: plan again (nothing may have changed since the preview), remove, give space
 * back. `paced`: the pace of its steps (tests); by default the till's sales set it (tasks/pacer.ts).
 */
export function cleanupJob(job: Pick<JobCtx, 'db' | 'progress' | 'startedAt'>, input: CleanupInput, paced?: Pacer): CleanupResult {
  const { db } = job;
  const plan = cleanupPlan(db, input.upTo);
  if (plan.shifts !== input.expectShifts) {
    throw new KassaError('CONFLICT', `Пока вы смотрели, изменилось: к удалению ${plan.shifts} смен, а не ${input.expectShifts}. Посмотрите ещё раз`);
  }
  // The plan read the year for a second or more: the sales of that second could not be copied back
  // meanwhile, and the next sale's commit copied them all (51 ms in the bench). Copied here instead.
  db.pragma('wal_checkpoint(PASSIVE)');
  const sizeBefore = fileBytes(db);
  // Each step is still atomic; NORMAL only skips the flush per commit, so a power cut may undo the
  // last steps — the documents then stay whole and the next cleanup removes them. A sale's own
  // connection keeps FULL. Thousands of flushes were most of the time on a slow disk.
  const synchronous = db.pragma('synchronous', { simple: true }) as number;
  db.pragma('synchronous = NORMAL');
  // A removed line leaves six indexes (item, section, report…) at scattered places: with the default
  // 2 MB of cache every step read them from disk again. The worker's connection ends with the job.
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = ${CACHE_KIB}`);
  prepareConnection(db);
  try {
    const pace = paced ?? pacer(db, { checkpoint: true, idleChunkMs: IDLE_STEP_MS });
    let done = 0;
    let batch = FIRST_STEP_DOCS;
    // Newest shift first: a return is removed before the sale it refers to.
    for (const shiftId of [...plan.shiftIds].reverse()) {
      const all = db.values<number>('SELECT id FROM documents WHERE shift_id = ? ORDER BY id DESC', shiftId);
      for (let at = 0; ;) {
        const ids = all.slice(at, at + batch);
        const t0 = performance.now();
        const aim = pace.chunkMs();
        // A step that overran its time while a sale waits ends after the part under way.
        const overran = () => performance.now() - t0 >= aim && pace.tillWaits?.() === true;
        const removed = removeStep(db, job.startedAt, input.upTo, ids, at + ids.length >= all.length ? shiftId : null, overran);
        const took = performance.now() - t0;
        at += removed;
        const last = at >= all.length;
        if (removed > 0) batch = nextStep(removed, took, pace.chunkMs(), { last: batch, min: 1, max: MAX_STEP_DOCS, growth: 2 });
        done += removed;
        job.progress(done, plan.documents, 'Удаление документов');
        pace.pause(took);
        if (last) break;
      }
    }
    vacuumInSteps(db, (d, t) => job.progress(d, t, 'Возврат места на диске'), pace);
  } finally {
    db.pragma(`synchronous = ${synchronous}`);
    db.pragma(`cache_size = ${cacheSize}`);
  }
  return { ...stripPlan(plan), freedBytes: Math.max(0, sizeBefore - fileBytes(db)) };
}

function stripPlan(plan: CleanupPlan): CleanupPreview {
  const { shiftIds: _ids, ...preview } = plan;
  return preview;
}

/**
 * One transaction: the permit, the documents (newest first: an annulment before what it annuls) with
 * all they own, PART_DOCS at a time, the shift once empty. `endEarly`, asked after each part, ends
 * it there. Returns how many of `ids` went.
 */
function removeStep(db: Db, at: string, upTo: string, ids: readonly number[], shiftId: number | null, endEarly: () => boolean): number {
  return db.transaction(() => {
    db.run("INSERT INTO maintenance_permit (id, operation, up_to, granted_at) VALUES (1, 'cleanup', ?, ?)", upTo, at);
    let done = 0;
    while (done < ids.length) {
      const part = ids.slice(done, done + PART_DOCS);
      // The part's ids in a temporary table: the same few statements every part, kept prepared (an IN list was new SQL each time).
      db.run('DELETE FROM temp.cleanup_ids');
      for (const id of part) db.run('INSERT INTO temp.cleanup_ids (id) VALUES (?)', id);
      // The report aggregates lose what these documents counted, in the same transaction.
      uncountStep(db);
      for (const table of ['document_vat', 'document_payments', 'fiscal_answers', 'outbox', 'terminal_ops', 'stock_fiscal_documents']) {
        db.run(`DELETE FROM ${table} WHERE document_id IN (SELECT id FROM temp.cleanup_ids)`);
      }
      db.run('DELETE FROM document_lines WHERE document_id IN (SELECT id FROM temp.cleanup_ids) AND origin_line_id IS NOT NULL');
      db.run('DELETE FROM document_lines WHERE document_id IN (SELECT id FROM temp.cleanup_ids)');
      // One statement: the foreign keys are checked at its end, so an annulment and what it annuls may go together.
      db.run('DELETE FROM documents WHERE id IN (SELECT id FROM temp.cleanup_ids)');
      done += part.length;
      // What is removed so far commits now, the rest goes in the next step.
      if (endEarly()) break;
    }
    if (shiftId !== null && done === ids.length) db.run('DELETE FROM shifts WHERE id = ?', shiftId);
    db.run('DELETE FROM maintenance_permit');
    return done;
  })();
}

/** The worker connection's scratch tables and the aggregates' day and hour functions (as rebuildReportAggregates has them). */
function prepareConnection(db: Db): void {
  db.function('kassa_local_day', { deterministic: true }, (iso: unknown) => dayOf(String(iso)));
  db.function('kassa_local_hour', { deterministic: true }, (iso: unknown) => new Date(String(iso)).getHours());
  db.exec(`
    CREATE TEMP TABLE IF NOT EXISTS cleanup_ids (id INTEGER PRIMARY KEY);
    CREATE TEMP TABLE IF NOT EXISTS cleanup_counted (id INTEGER, sign INTEGER, kind TEXT, training INTEGER, user_id INTEGER, total INTEGER, change INTEGER, day TEXT, hour INTEGER);
  `);
}

/**
 * What the step's documents (temp.cleanup_ids) counted, taken off the aggregates set by set, as
 * uncountDocuments does one by one (per document that was some twenty statements: most of a year's
 * cleanup). A sale or return that stands goes off; an annulment going without its target makes the
 * target stand again (the target's own step takes it off later); both going together change nothing.
 * CROSS JOIN keeps the step's few rows outside: without statistics the planner scanned all of
 * document_lines (or every sale by its kind) for each step — ten documents a second on a year.
 */
function uncountStep(db: Db): void {
  db.run('DELETE FROM temp.cleanup_counted');
  db.run(`
    INSERT INTO temp.cleanup_counted (id, sign, kind, training, user_id, total, change, day, hour)
      SELECT d.id, -1 AS sign, d.kind, d.training, d.user_id, d.total, d.change,
             kassa_local_day(d.created_at) AS day, kassa_local_hour(d.created_at) AS hour
        FROM temp.cleanup_ids g CROSS JOIN documents d ON d.id = g.id
       WHERE d.kind IN ('sale', 'return') AND NOT EXISTS (SELECT 1 FROM documents a WHERE a.kind = 'annulment' AND a.refers_to_id = d.id)
      UNION ALL
      SELECT t.id, 1, t.kind, t.training, t.user_id, t.total, t.change, kassa_local_day(t.created_at), kassa_local_hour(t.created_at)
        FROM temp.cleanup_ids g CROSS JOIN documents a ON a.id = g.id AND a.kind = 'annulment' CROSS JOIN documents t ON t.id = a.refers_to_id
       WHERE t.kind IN ('sale', 'return') AND t.id NOT IN (SELECT id FROM temp.cleanup_ids)`);
  const goods = (table: string, period: string) => `
    INSERT INTO ${table} (training, ${period === 'c.day' ? 'day' : 'month'}, item_id, section, name, unit, sold_quantity, sold_amount, sold_discount, sold_lines,
                          returned_quantity, returned_amount, returned_discount, returned_lines)
      SELECT c.training, ${period}, coalesce(l.item_id, 0), l.section, iif(l.item_id IS NULL, l.name, ''), iif(l.item_id IS NULL, l.unit, ''),
             sum(iif(c.kind = 'sale', c.sign * l.quantity, 0)), sum(iif(c.kind = 'sale', c.sign * l.amount, 0)),
             sum(iif(c.kind = 'sale', c.sign * l.discount, 0)), sum(iif(c.kind = 'sale', c.sign, 0)),
             sum(iif(c.kind = 'return', c.sign * l.quantity, 0)), sum(iif(c.kind = 'return', c.sign * l.amount, 0)),
             sum(iif(c.kind = 'return', c.sign * l.discount, 0)), sum(iif(c.kind = 'return', c.sign, 0))
        FROM temp.cleanup_counted c CROSS JOIN document_lines l ON l.document_id = c.id WHERE true
       GROUP BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (training, ${period === 'c.day' ? 'day' : 'month'}, item_id, section, name, unit) DO UPDATE SET
      sold_quantity = sold_quantity + excluded.sold_quantity, sold_amount = sold_amount + excluded.sold_amount,
      sold_discount = sold_discount + excluded.sold_discount, sold_lines = sold_lines + excluded.sold_lines,
      returned_quantity = returned_quantity + excluded.returned_quantity, returned_amount = returned_amount + excluded.returned_amount,
      returned_discount = returned_discount + excluded.returned_discount, returned_lines = returned_lines + excluded.returned_lines`;
  db.run(goods('report_goods_daily', 'c.day'));
  db.run(goods('report_goods_monthly', 'substr(c.day, 1, 7)'));
  db.run(`
    INSERT INTO report_payments_daily (training, day, user_id, form, sales, returns)
      SELECT c.training, c.day, c.user_id, p.form, sum(iif(c.kind = 'sale', c.sign * p.amount, 0)), sum(iif(c.kind = 'return', c.sign * p.amount, 0))
        FROM temp.cleanup_counted c CROSS JOIN document_payments p ON p.document_id = c.id WHERE true
       GROUP BY 1, 2, 3, 4
    ON CONFLICT (training, day, user_id, form) DO UPDATE SET sales = sales + excluded.sales, returns = returns + excluded.returns`);
  // Cash net of the change, on the sales side whatever the document (as countDocument keeps it).
  db.run(`
    INSERT INTO report_payments_daily (training, day, user_id, form, sales, returns)
      SELECT c.training, c.day, c.user_id, 'cash', -sum(c.sign * c.change), 0 FROM temp.cleanup_counted c WHERE c.change <> 0
       GROUP BY 1, 2, 3
    ON CONFLICT (training, day, user_id, form) DO UPDATE SET sales = sales + excluded.sales`);
  db.run(`
    INSERT INTO report_vat_daily (training, day, user_id, vat_rate, sales, sales_vat, returns, returns_vat)
      SELECT c.training, c.day, c.user_id, coalesce(v.vat_rate, ${NO_VAT}),
             sum(iif(c.kind = 'sale', c.sign * v.amount, 0)), sum(iif(c.kind = 'sale', c.sign * v.vat, 0)),
             sum(iif(c.kind = 'return', c.sign * v.amount, 0)), sum(iif(c.kind = 'return', c.sign * v.vat, 0))
        FROM temp.cleanup_counted c CROSS JOIN document_vat v ON v.document_id = c.id WHERE true
       GROUP BY 1, 2, 3, 4
    ON CONFLICT (training, day, user_id, vat_rate) DO UPDATE SET
      sales = sales + excluded.sales, sales_vat = sales_vat + excluded.sales_vat, returns = returns + excluded.returns, returns_vat = returns_vat + excluded.returns_vat`);
  db.run(`
    INSERT INTO report_checks_hourly (training, day, user_id, hour, kind, count, total)
      SELECT training, day, user_id, hour, kind, sum(sign), sum(sign * total) FROM temp.cleanup_counted WHERE true
       GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT (training, day, user_id, hour, kind) DO UPDATE SET count = count + excluded.count, total = total + excluded.total`);
}

/**
 * Gives free pages back to the disk in steps sized to the pacer's chunk (a file made before migration
 * 013 keeps them for new data), pausing after each step as `pace` says: steps back to back kept a
 * selling till's write waiting until its busy timeout (5 s) ran out — «Внутренняя ошибка» at the cash
 * desk; fixed 512-page steps held the lock for 30–200 ms on a loaded disk.
 */
export function vacuumInSteps(db: Db, progress?: (done: number, total: number) => void, pace?: Pacer): void {
  if ((db.pragma('auto_vacuum', { simple: true }) as number) !== 2) return;
  const total = db.pragma('freelist_count', { simple: true }) as number;
  let pages = pace ? FIRST_VACUUM_PAGES : MAX_VACUUM_PAGES;
  for (let free = total; free > 0;) {
    const t0 = performance.now();
    db.pragma(`incremental_vacuum(${pages})`);
    const took = performance.now() - t0;
    if (pace) pages = nextStep(pages, took, pace.chunkMs(), { last: pages, min: 8, max: MAX_VACUUM_PAGES, growth: 2 });
    pace?.pause(took);
    const next = db.pragma('freelist_count', { simple: true }) as number;
    progress?.(total - next, total);
    if (next >= free) break;
    free = next;
  }
}

function fileBytes(db: Db): number {
  return (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
}
