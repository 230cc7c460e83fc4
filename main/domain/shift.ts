/** Shift rules: one open shift at a time, a maximum length after which sales stop until Z. */

export const DEFAULT_MAX_SHIFT_HOURS = 24;

export function isShiftTooLong(openedAt: Date, now: Date, maxHours: number): boolean {
  return now.getTime() - openedAt.getTime() > maxHours * 3_600_000;
}
