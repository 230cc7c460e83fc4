/** Goods: the catalogue the admin keeps, its category tree, and the sale screen's tiles. */
import type { goodsMethods } from '../../../preload/contract/index.js';
import { categories, createCategory, tiles, updateCategory } from '../../services/goods/categories.js';
import { createItem, deleteItem, getItem, itemHistory, setHidden, updateItem } from '../../services/goods/items.js';
import { listGoods } from '../../services/goods/list.js';
import type { Handlers } from './handler.js';

export const goodsHandlers: Handlers<keyof typeof goodsMethods> = {
  'goods.list': (input, ctx) => listGoods(ctx, input),
  'goods.get': ({ id }, ctx) => getItem(ctx, id),
  'goods.history': ({ id }, ctx) => itemHistory(ctx, id),
  'goods.create': (input, ctx) => createItem(ctx, input),
  'goods.update': ({ id, item }, ctx) => updateItem(ctx, id, item),
  'goods.setHidden': ({ id, hidden }, ctx) => setHidden(ctx, id, hidden),
  'goods.delete': ({ id }, ctx) => {
    deleteItem(ctx, id);
    return null;
  },
  'goods.categories': (_, ctx) => categories(ctx),
  'goods.createCategory': (input, ctx) => createCategory(ctx, input),
  'goods.updateCategory': (input, ctx) => updateCategory(ctx, input),
  'goods.tiles': ({ categoryId }, ctx) => tiles(ctx, categoryId),
};
