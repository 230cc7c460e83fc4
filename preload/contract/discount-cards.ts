/**
 * The discount cards directory (admin): a card's number, or a prefix that every number of a
 * series starts with, gives a percent or a fixed sum off the check. At the sale the longest
 * matching prefix (or the exact number) decides; an unknown card is refused.
 */
import { z } from 'zod';
import { ADMIN, command, Id, query } from './method.js';
import { Kopecks } from './shapes.js';
import { CARD_MAX, CARD_NUMBER } from '../../common/discount-card.js';
import { lazy } from '../../common/lazy.js';

export const DiscountCard = lazy(() =>
  z.object({
    id: z.number().int(),
    number: z.string(),
    kind: z.enum(['number', 'prefix']),
    name: z.string(),
    /** Hundredths of a percent (5 % = 500), or null when the card gives a fixed sum. */
    percent: z.number().int().nullable(),
    /** Kopecks off the check, or null when the card gives a percent. */
    amount: Kopecks.nullable(),
    hidden: z.boolean(),
  }),
);
export type DiscountCard = z.infer<typeof DiscountCard>;

/** What the admin types: a number or a prefix (letters and digits), and either a percent or a sum. */
export const DiscountCardInput = lazy(() =>
  z
    .object({
      number: z.string().trim().regex(CARD_NUMBER, `Номер или префикс карты — от 1 до ${CARD_MAX} латинских букв и цифр`),
      kind: z.enum(['number', 'prefix'], { error: 'Номер карты или префикс серии' }),
      name: z.string().trim().max(100, 'Название — до 100 символов').default(''),
      percent: z.number().int('Проценты — не больше двух знаков после запятой').min(1, 'Процент — больше нуля').max(10_000, 'Не больше 100 %').nullable(),
      amount: z.number().int('Сумма — в копейках').min(1, 'Сумма — больше нуля').max(100_000_000, 'Сумма слишком велика').nullable(),
      hidden: z.boolean().default(false),
    })
    .strict()
    .refine((c) => (c.percent === null) !== (c.amount === null), { message: 'Карта даёт либо процент, либо сумму', path: ['percent'] }),
);

export const discountCardsMethods = {
  'discountCards.list': query(
    lazy(() => z.object({}).strict()),
    lazy(() => z.array(DiscountCard)),
    { kind: 'user', roles: ADMIN, shift: 'any' },
  ),
  /** A new card or series; refused when the number is taken. */
  'discountCards.add': command(DiscountCardInput, DiscountCard, { kind: 'user', roles: ADMIN, shift: 'any' }),
  /** Changes a card: its discount, name, or hides it (a hidden card is refused at the sale). */
  'discountCards.update': command(
    lazy(() => z.object({ id: Id, card: DiscountCardInput }).strict()),
    DiscountCard,
    { kind: 'user', roles: ADMIN, shift: 'any' },
  ),
  /** Removes a card or series; checks already made keep the number they were sold with. */
  'discountCards.remove': command(
    lazy(() => z.object({ id: Id }).strict()),
    z.null(),
    { kind: 'user', roles: ADMIN, shift: 'any' },
  ),
} as const;
