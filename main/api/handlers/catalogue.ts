/** Goods: search and barcode lookup. */
import type { catalogueMethods } from '../../../preload/contract/index.js';
import { itemByBarcode, searchItems } from '../../services/catalogue.js';
import type { Handlers } from './handler.js';

export const catalogueHandlers: Handlers<keyof typeof catalogueMethods> = {
  'catalogue.search': ({ query, limit }, ctx) => searchItems(ctx, query, limit),
  'catalogue.byBarcode': ({ barcode }, ctx) => itemByBarcode(ctx, barcode),
};
