/**
 * The discount cards directory: a card's number, or the prefix of a series, gives a percent or a
 * fixed sum off the check. At the sale the exact number wins, else the longest prefix; a card not
 * in the directory (or hidden) is refused. Numbers are kept in capitals: a scanner and a keyboard agree.
 */
import type { Adjustment, DiscountCard } from '../../preload/contract/index.js';
import { KassaError } from '../domain/errors.js';
import { audit } from './audit.js';
import type { Ctx } from './context.js';

type Row = { id: number; number: string; kind: 'number' | 'prefix'; name: string; percent: number | null; amount: number | null; hidden: number };
type CardInput = { number: string; kind: 'number' | 'prefix'; name: string; percent: number | null; amount: number | null; hidden: boolean };

const card = (r: Row): DiscountCard => ({ ...r, hidden: r.hidden === 1 });

export function discountCards(ctx: Ctx): DiscountCard[] {
  return ctx.db.all<Row>('SELECT * FROM discount_cards ORDER BY number').map(card);
}

function cardById(ctx: Ctx, id: number): DiscountCard {
  const row = ctx.db.one<Row>('SELECT * FROM discount_cards WHERE id = ?', id);
  if (!row) throw new KassaError('NOT_FOUND', 'Дисконтная карта не найдена');
  return card(row);
}

function requireFreeNumber(ctx: Ctx, number: string, id: number | null): void {
  const other = ctx.db.one<Row>('SELECT * FROM discount_cards WHERE number = ? AND id IS NOT ?', number, id);
  if (!other) return;
  const message = `${other.kind === 'prefix' ? 'Префикс' : 'Номер'} ${number} уже есть в справочнике${other.name ? ` («${other.name}»)` : ''}`;
  throw new KassaError('CONFLICT', message, { issues: [{ path: ['number'], message }] });
}

export function addDiscountCard(ctx: Ctx, input: CardInput): DiscountCard {
  const number = input.number.toUpperCase();
  return ctx.db.transaction(() => {
    requireFreeNumber(ctx, number, null);
    const id = Number(
      ctx.db.run(
        'INSERT INTO discount_cards (number, kind, name, percent, amount, hidden) VALUES (?, ?, ?, ?, ?, ?)',
        number,
        input.kind,
        input.name,
        input.percent,
        input.amount,
        input.hidden ? 1 : 0,
      ).lastInsertRowid,
    );
    audit(ctx, 'discountCards.add', { id, ...input, number });
    return cardById(ctx, id);
  })();
}

export function updateDiscountCard(ctx: Ctx, id: number, input: CardInput): DiscountCard {
  const number = input.number.toUpperCase();
  return ctx.db.transaction(() => {
    const before = cardById(ctx, id);
    requireFreeNumber(ctx, number, id);
    ctx.db.run(
      'UPDATE discount_cards SET number = ?, kind = ?, name = ?, percent = ?, amount = ?, hidden = ? WHERE id = ?',
      number,
      input.kind,
      input.name,
      input.percent,
      input.amount,
      input.hidden ? 1 : 0,
      id,
    );
    const after = cardById(ctx, id);
    audit(ctx, 'discountCards.update', { id, before, after });
    return after;
  })();
}

export function removeDiscountCard(ctx: Ctx, id: number): void {
  ctx.db.transaction(() => {
    const before = cardById(ctx, id);
    ctx.db.run('DELETE FROM discount_cards WHERE id = ?', id);
    audit(ctx, 'discountCards.remove', { ...before });
  })();
}

/** The card a number names: the exact number, else the longest prefix; hidden ones included (they are refused). */
export function matchingCard(ctx: Pick<Ctx, 'db'>, number: string): DiscountCard | null {
  const row = ctx.db.one<Row>(
    `SELECT * FROM discount_cards
      WHERE (kind = 'number' AND number = @n) OR (kind = 'prefix' AND substr(@n, 1, length(number)) = number)
      ORDER BY kind = 'number' DESC, length(number) DESC LIMIT 1`,
    { n: number.toUpperCase() },
  );
  return row ? card(row) : null;
}

/** The discount a card number gives at the sale; an unknown or hidden card is refused in Russian. */
export function cardDiscount(ctx: Pick<Ctx, 'db'>, number: string): { number: string; adjustment: Adjustment } {
  const found = matchingCard(ctx, number);
  if (!found) throw new KassaError('NOT_FOUND', `Дисконтная карта ${number} не найдена в справочнике: скидка не дана`);
  if (found.hidden) throw new KassaError('CONFLICT', `Дисконтная карта ${number} не действует (скрыта администратором): скидка не дана`);
  const adjustment: Adjustment =
    found.percent !== null ? { kind: 'discount', by: 'percent', value: found.percent } : { kind: 'discount', by: 'sum', value: found.amount! };
  return { number: number.toUpperCase(), adjustment };
}
