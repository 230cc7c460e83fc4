/** The discount cards directory (admin). */
import type { discountCardsMethods } from '../../../preload/contract/index.js';
import { addDiscountCard, discountCards, removeDiscountCard, updateDiscountCard } from '../../services/discount-cards.js';
import type { Handlers } from './handler.js';

export const discountCardsHandlers: Handlers<keyof typeof discountCardsMethods> = {
  'discountCards.list': (_, ctx) => discountCards(ctx),
  'discountCards.add': (input, ctx) => addDiscountCard(ctx, input),
  'discountCards.update': ({ id, card }, ctx) => updateDiscountCard(ctx, id, card),
  'discountCards.remove': ({ id }, ctx) => {
    removeDiscountCard(ctx, id);
    return null;
  },
};
