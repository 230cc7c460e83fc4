/**
 * A report's period as ranges of document ids. The till stamps documents as it appends them, so
 * ids and times go up together and a day's documents are one id range: the reports then sum
 * covering indexes over id ranges instead of joining every line to its document. Whether that
 * holds is checked for each period (a clock set back breaks it): then the reports take the plain
 * join, slower and as exact.
 *
 * Only the documents of the mode the till is in count (documents.training): after going live a
 * period that began in training leaves the training shifts out. A mode changes only between
 * shifts (golive.ts), so the other mode's documents are whole shifts, each one id range, cut off
 * the days' ranges here; one inside a day's range makes the period unordered (the plain join).
 */
import type { Db } from '../../db/database.js';
import { localDayStart } from '../documents.js';
import { getSetting } from '../settings.js';

/** 1 while the till is in training mode, 0 once it went live: the documents the reports count. */
export const currentMode = (db: Db): 0 | 1 => (getSetting({ db }, 'trainingMode') ? 1 : 0);

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
  /** The mode counted: documents.training. */
  readonly training: 0 | 1;
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

/** The id ranges of the other mode's shifts that overlap the period (a shift's mode is its first document's). */
function otherModeRanges(db: Db, training: 0 | 1, start: string, end: string): { first: number; last: number }[] {
  const shifts = db.all<{ id: number }>(
    `SELECT s.id FROM shifts s
      WHERE s.opened_at < @end AND (s.closed_at IS NULL OR s.closed_at >= @start)
        AND (SELECT d.training FROM documents d WHERE d.shift_id = s.id ORDER BY d.number_in_shift LIMIT 1) <> @training`,
    { start, end, training },
  );
  return shifts
    .map((s) => db.one<{ first: number | null; last: number | null }>('SELECT min(id) AS first, max(id) AS last FROM documents WHERE shift_id = ?', s.id)!)
    .filter((r): r is { first: number; last: number } => r.first !== null && r.last !== null);
}

export function spanOf(db: Db, period: { from: string; to: string; within?: Within | undefined }, training: 0 | 1 = currentMode(db)): Span {
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
  const all = days.filter((x) => x.first <= x.last);
  // The days one after another: nothing of another period between them.
  if (ordered && count > 0 && count !== all.at(-1)!.last - all[0]!.first + 1 && count !== idsIn(db, all[0]!.first, all.at(-1)!.last)) ordered = false;
  const start = days[0]!.start;
  const end = days.at(-1)!.end;
  // The other mode's shifts off each day's range: a shift at the range's start or end shortens it.
  const other = otherModeRanges(db, training, start, end);
  const mine = days.map((x) => {
    let { first, last } = x;
    for (const o of other) {
      if (o.last < first || o.first > last) continue;
      if (o.first <= first && o.last >= last) return { ...x, first: 0, last: -1 };
      if (o.first <= first) first = o.last + 1;
      else if (o.last >= last) last = o.first - 1;
      else ordered = false;
    }
    return { ...x, first, last };
  });
  const filled = mine.filter((x) => x.first <= x.last);
  const first = filled[0]?.first ?? 0;
  const last = filled.at(-1)?.last ?? -1;
  // An other-mode shift between two days of this mode (the till went back to training and live again).
  if (other.some((o) => o.first <= last && o.last >= first)) ordered = false;
  return { start, end, days: mine, first, last, ordered, training };
}
