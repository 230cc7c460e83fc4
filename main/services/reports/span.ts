/**
 * A report's period as ranges of document ids. The till stamps documents as it appends them, so
 * ids and times go up together and a day's documents are one id range: the reports then sum
 * covering indexes over id ranges instead of joining every line to its document. Whether that
 * holds is checked for each period (a clock set back breaks it): then the reports take the plain
 * join, slower and as exact.
 */
import type { Db } from '../../db/database.js';
import { localDayStart } from '../documents.js';

export type DayRange = {
  /** Local day, YYYY-MM-DD. */
  readonly day: string;
  readonly start: string;
  readonly end: string;
  /** Its documents are the ids first…last (none when first > last). */
  readonly first: number;
  readonly last: number;
};

export type Span = {
  readonly start: string;
  readonly end: string;
  readonly days: readonly DayRange[];
  readonly first: number;
  readonly last: number;
  /** Every day's documents are exactly its id range, the days one after another. */
  readonly ordered: boolean;
};

/** The local days from `from` to `to`, both included. */
export function daysOf(from: string, to: string): string[] {
  const [y, m, d] = from.split('-').map(Number) as [number, number, number];
  const out: string[] = [];
  for (let i = 0; ; i++) {
    const day = new Date(y, m - 1, d + i);
    const text = `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
    if (text > to) return out;
    out.push(text);
  }
}

/** How many documents have ids in first…last (ids may have gaps where old documents were cleaned up). */
function idsIn(db: Db, first: number, last: number): number {
  return first > last ? 0 : db.value<number>('SELECT count(*) FROM documents WHERE id BETWEEN ? AND ?', first, last)!;
}

/** Times (ISO) that cut the period's days: from `start` on, before `end`. */
export type Within = { readonly start: string; readonly end: string };

export function spanOf(db: Db, period: { from: string; to: string; within?: Within | undefined }): Span {
  let ordered = true;
  const days: DayRange[] = [];
  let count = 0;
  for (const day of daysOf(period.from, period.to)) {
    let start = localDayStart(day);
    let end = localDayStart(day, 1);
    if (period.within) {
      if (period.within.start > start) start = period.within.start;
      if (period.within.end < end) end = period.within.end;
      if (end < start) end = start;
    }
    const r = db.one<{ first: number | null; last: number | null; n: number }>(
      'SELECT min(id) AS first, max(id) AS last, count(*) AS n FROM documents WHERE created_at >= ? AND created_at < ?',
      start,
      end,
    )!;
    const first = r.first ?? 0;
    const last = r.last ?? -1;
    // Each day: its n documents are all of the ids between its first and last (no gaps is n = last − first + 1).
    if (r.n > 0 && r.n !== last - first + 1 && r.n !== idsIn(db, first, last)) ordered = false;
    const previous = days.findLast((x) => x.first <= x.last);
    if (previous && r.n > 0 && first <= previous.last) ordered = false;
    days.push({ day, start, end, first, last });
    count += r.n;
  }
  const filled = days.filter((x) => x.first <= x.last);
  const first = filled[0]?.first ?? 0;
  const last = filled.at(-1)?.last ?? -1;
  // The days one after another: nothing of another period between them.
  if (ordered && count > 0 && count !== last - first + 1 && count !== idsIn(db, first, last)) ordered = false;
  return { start: days[0]!.start, end: days.at(-1)!.end, days, first, last, ordered };
}
