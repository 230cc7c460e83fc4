/** Price lists («Прайс-лист»): files in, the dry run, the import, exports, mapping templates. */
import type { priceListMethods } from '../../../preload/contract/index.js';
import {
  applyPriceList,
  downloadPiece,
  exportPriceList,
  importTemplates,
  openPriceList,
  previewPriceList,
  removeTemplate,
  saveTemplate,
  uploadPiece,
} from '../../services/price-list/index.js';
import type { Handlers } from './handler.js';

export const priceListHandlers: Handlers<keyof typeof priceListMethods> = {
  'priceList.upload': (input, ctx) => uploadPiece(ctx, input),
  'priceList.open': ({ source, read }, ctx) => openPriceList(ctx, source, read),
  'priceList.preview': (input, ctx) => previewPriceList(ctx, input),
  'priceList.apply': (input, ctx) => applyPriceList(ctx, input),
  'priceList.export': (input, ctx) => exportPriceList(ctx, input),
  'priceList.download': ({ fileId, offset }, ctx) => downloadPiece(ctx, fileId, offset),
  'priceList.templates': (_, ctx) => importTemplates(ctx),
  'priceList.saveTemplate': (input, ctx) => saveTemplate(ctx, input),
  'priceList.removeTemplate': ({ id }, ctx) => removeTemplate(ctx, id),
};
