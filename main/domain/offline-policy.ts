/**
 * Selling while the СКО is unreachable (DOMAIN.md «Shift rules», every limit a setting): keep
 * selling while documents queue up, but stop new sales once the queue holds the maximum number
 * of documents, or its oldest document has waited longer than the maximum age. Pure.
 */

export type OfflineLimits = {
  /** New sales stop once this many documents wait for the СКО (default 500). */
  readonly maxQueuedDocuments: number;
  /** New sales stop once the oldest waiting document is older than this (default 24 h). */
  readonly maxUnsentAgeHours: number;
};

export type FiscalQueue = { readonly pending: number; readonly oldestAt: string | null };

/** Whole minutes the oldest waiting document has waited; null for an empty queue. */
export function oldestAgeMinutes(queue: FiscalQueue, now: Date): number | null {
  if (queue.pending === 0 || queue.oldestAt === null) return null;
  return Math.max(0, Math.floor((now.getTime() - Date.parse(queue.oldestAt)) / 60_000));
}

/** "3 ч 05 мин", "45 мин", "2 сут 4 ч". */
export function formatAge(minutes: number): string {
  if (minutes < 60) return `${minutes} мин`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} ч ${String(minutes % 60).padStart(2, '0')} мин`;
  return `${Math.floor(hours / 24)} сут ${hours % 24} ч`;
}

/** Why a new sale must be refused now, in the cashier's words; null when it may go ahead. */
export function saleRefusal(queue: FiscalQueue, now: Date, limits: OfflineLimits): string | null {
  if (queue.pending >= limits.maxQueuedDocuments) {
    return (
      `Продажи приостановлены: не передано оператору ${queue.pending} документов ` + `(допускается не больше ${limits.maxQueuedDocuments}). Проверьте связь с СКО.`
    );
  }
  if (queue.pending > 0 && queue.oldestAt !== null && now.getTime() - Date.parse(queue.oldestAt) > limits.maxUnsentAgeHours * 3_600_000) {
    return (
      `Продажи приостановлены: документ не передан оператору уже ${formatAge(oldestAgeMinutes(queue, now) ?? 0)} ` +
      `(допускается до ${limits.maxUnsentAgeHours} ч). Проверьте связь с СКО.`
    );
  }
  return null;
}
