/**
 * «Очистка БД по дату включительно»: removes closed shifts whose every document the СКО accepted,
 * up to the end of a day, through the one path the append-only triggers allow — a permit row
 * written and removed inside each of the cleanup's own transactions (migration 013). Runs in a
 * worker thread in small transactions (a few hundred documents each) so a sale never waits long;
 * then gives the space back by incremental vacuum in small steps. A kill between transactions
 * leaves whole documents: what is left of a shift is removed by the next cleanup.
 */
import type { Db } from '../../db/database.js';
import { KassaError } from '../../domain/errors.js';
import type { JobCtx } from '../../tasks/job.js';
import type { CleanupPreview } from '../../../preload/contract/maintenance.js';
import { uncountDocuments } from '../reports/aggregates.js';

/** Documents removed per transaction: ~5–20 ms of the write lock. */
const DOCS_PER_STEP = 200;
/** Pages given back per incremental-vacuum step. */
const PAGES_PER_STEP = 512;

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

/** The worker's part: plan again (nothing may have changed since the preview), remove, give space back. */
export function cleanupJob(job: Pick<JobCtx, 'db' | 'progress' | 'startedAt'>, input: CleanupInput): CleanupResult {
  const { db } = job;
  const plan = cleanupPlan(db, input.upTo);
  if (plan.shifts !== input.expectShifts) {
    throw new KassaError('CONFLICT', `Пока вы смотрели, изменилось: к удалению ${plan.shifts} смен, а не ${input.expectShifts}. Посмотрите ещё раз`);
  }
  const sizeBefore = fileBytes(db);
  const docIds = (shiftId: number) => db.values<number>('SELECT id FROM documents WHERE shift_id = ? ORDER BY id DESC LIMIT ?', shiftId, DOCS_PER_STEP);
  let done = 0;
  // Newest shift first: a return is removed before the sale it refers to.
  for (const shiftId of [...plan.shiftIds].reverse()) {
    for (;;) {
      const ids = docIds(shiftId);
      const last = ids.length < DOCS_PER_STEP;
      removeStep(db, job.startedAt, input.upTo, ids, last ? shiftId : null);
      done += ids.length;
      job.progress(done, plan.documents, 'Удаление документов');
      if (last) break;
    }
  }
  vacuumInSteps(db, (d, t) => job.progress(d, t, 'Возврат места на диске'));
  return { ...stripPlan(plan), freedBytes: Math.max(0, sizeBefore - fileBytes(db)) };
}

function stripPlan(plan: CleanupPlan): CleanupPreview {
  const { shiftIds: _ids, ...preview } = plan;
  return preview;
}

/** One transaction: the permit, the documents (newest first: an annulment before what it annuls) with all they own, the shift once empty. */
function removeStep(db: Db, at: string, upTo: string, ids: readonly number[], shiftId: number | null): void {
  db.transaction(() => {
    db.run("INSERT INTO maintenance_permit (id, operation, up_to, granted_at) VALUES (1, 'cleanup', ?, ?)", upTo, at);
    if (ids.length > 0) {
      const list = `(${ids.join(',')})`;
      // The report aggregates lose what these documents counted, in the same transaction.
      uncountDocuments(db, ids);
      db.run(`DELETE FROM document_vat WHERE document_id IN ${list}`);
      db.run(`DELETE FROM document_payments WHERE document_id IN ${list}`);
      db.run(`DELETE FROM fiscal_answers WHERE document_id IN ${list}`);
      db.run(`DELETE FROM outbox WHERE document_id IN ${list}`);
      db.run(`DELETE FROM terminal_ops WHERE document_id IN ${list}`);
      db.run(`DELETE FROM document_lines WHERE document_id IN ${list} AND origin_line_id IS NOT NULL`);
      db.run(`DELETE FROM document_lines WHERE document_id IN ${list}`);
      for (const id of ids) db.run('DELETE FROM documents WHERE id = ?', id);
    }
    if (shiftId !== null) db.run('DELETE FROM shifts WHERE id = ?', shiftId);
    db.run('DELETE FROM maintenance_permit');
  })();
}

/** Gives free pages back to the disk a few hundred at a time (a file made before migration 013 keeps them for new data). */
export function vacuumInSteps(db: Db, progress?: (done: number, total: number) => void): void {
  if ((db.pragma('auto_vacuum', { simple: true }) as number) !== 2) return;
  const total = db.pragma('freelist_count', { simple: true }) as number;
  for (let free = total; free > 0;) {
    db.pragma(`incremental_vacuum(${PAGES_PER_STEP})`);
    const next = db.pragma('freelist_count', { simple: true }) as number;
    progress?.(total - next, total);
    if (next >= free) break;
    free = next;
  }
}

function fileBytes(db: Db): number {
  return (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
}
