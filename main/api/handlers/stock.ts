/** Stock: settings, the admin's stock documents, the statements. */
import type { stockMethods } from '../../../preload/contract/index.js';
import { countStock, receiveGoods, saveStockSettings, stockDocument, stockDocuments, stockSettings, writeOffGoods } from '../../services/stock/documents.js';
import { exportStatement, printStatement, statementPage } from '../../services/stock/printouts.js';
import type { Handlers } from './handler.js';

export const stockHandlers: Handlers<keyof typeof stockMethods> = {
  'stock.settings': (_, ctx) => stockSettings(ctx),
  'stock.saveSettings': (input, ctx) => saveStockSettings(ctx, input),
  'stock.documents': (input, ctx) => stockDocuments(ctx, input),
  'stock.document': ({ id }, ctx) => stockDocument(ctx, id),
  'stock.receipt': (input, ctx) => receiveGoods(ctx, input),
  'stock.writeOff': (input, ctx) => writeOffGoods(ctx, input),
  'stock.inventory': (input, ctx) => countStock(ctx, input),
  'stock.statement': ({ query, limit, offset }, ctx) => statementPage(ctx, query, { limit, offset }),
  'stock.printStatement': ({ query }, ctx) => printStatement(ctx, query),
  'stock.exportStatement': ({ query, format }, ctx) => exportStatement(ctx, query, format),
};
