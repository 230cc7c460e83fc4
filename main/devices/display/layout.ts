/**
 * What the customer sees on a two-line pole display: the line just added and the total; after
 * payment the total and the change; a greeting between customers. Pure.
 */
export type PoleLine = { readonly name: string; readonly amount: number };

export type PoleView = {
  readonly lines: readonly PoleLine[];
  readonly total: number;
  /** Set once the check is paid. */
  readonly change: number | null;
};

export const GREETING = 'Добро пожаловать!';

/** 1234 kopecks → "12.34". */
export function money(kopecks: number): string {
  const sign = kopecks < 0 ? '-' : '';
  const abs = Math.abs(kopecks);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** `left` cut so that `right` fits flush right in `width`. */
export function leftRight(left: string, right: string, width: number): string {
  const room = Math.max(0, width - right.length - 1);
  const l = [...left].slice(0, room).join('');
  return l + ' '.repeat(Math.max(1, width - l.length - right.length)) + right;
}

export function poleText(view: PoleView, width: number): { upper: string; lower: string } {
  if (view.change !== null) {
    return { upper: leftRight('ИТОГО', money(view.total), width), lower: leftRight('СДАЧА', money(view.change), width) };
  }
  const last = view.lines.at(-1);
  if (!last) return { upper: GREETING, lower: '' };
  return { upper: leftRight(last.name, money(last.amount), width), lower: leftRight('ИТОГО', money(view.total), width) };
}
