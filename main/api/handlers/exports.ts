/** «Выгрузки» (admin): the export at a Z, the journal, «Повторить сейчас»; the menu's notice for anyone at the till. */
import type { exportsMethods } from '../../../preload/contract/index.js';
import { exportJournal, exportNotices, exportSettings, retryNow, saveZExport } from '../../services/exports/index.js';
import type { Handlers } from './handler.js';

export const exportsHandlers: Handlers<keyof typeof exportsMethods> = {
  'exports.settings': (_, ctx) => exportSettings(ctx),
  'exports.saveSettings': (settings, ctx) => saveZExport(ctx, settings),
  'exports.journal': ({ page, pageSize }, ctx) => exportJournal(ctx, page, pageSize),
  'exports.notices': (_, ctx) => exportNotices(ctx),
  'exports.retry': ({ id }, ctx) => retryNow(ctx, id),
};
