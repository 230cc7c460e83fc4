/**
 * What the customer sees on a two-line pole display: the line just added and the total; after
 * payment the total and the change; a greeting between customers. Pure. Text is first made
 * displayable in the display's table and laid out in its cells, so the amount always fits.
 */
import { formatMoney } from '../../../common/money.js';
import { cells, displayable, type DisplayEncoding } from './encoding.js';

export type PoleLine = { readonly name: string; readonly amount: number };

export type PoleView = {
  readonly lines: readonly PoleLine[];
  readonly total: number;
  /** Set once the check is paid. */
  readonly change: number | null;
};

export const GREETING = 'Добро пожаловать!';

/** `left` cut so that `right` fits flush right in `width` cells of the display's table. */
export function leftRight(left: string, right: string, width: number, encoding: DisplayEncoding = 'cp866'): string {
  const l0 = displayable(left, encoding);
  const r = displayable(right, encoding);
  const room = Math.max(0, width - cells(r, encoding) - 1);
  const l = [...l0].slice(0, room).join('');
  return l + ' '.repeat(Math.max(1, width - cells(l, encoding) - cells(r, encoding))) + r;
}

export function poleText(view: PoleView, width: number, encoding: DisplayEncoding = 'cp866'): { upper: string; lower: string } {
  const lr = (left: string, right: string) => leftRight(left, right, width, encoding);
  if (view.change !== null) return { upper: lr('ИТОГО', formatMoney(view.total)), lower: lr('СДАЧА', formatMoney(view.change)) };
  const last = view.lines.at(-1);
  if (!last) return { upper: displayable(GREETING, encoding), lower: '' };
  return { upper: lr(last.name, formatMoney(last.amount)), lower: lr('ИТОГО', formatMoney(view.total)) };
}
