/** «Обслуживание» (admin): archives, cleanup, the schedule, the journal, support, deleting goods. */
import type { maintenanceMethods } from '../../../preload/contract/index.js';
import {
  archivesOn,
  cleanup,
  cleanupPreview,
  deleteGoods,
  exportDatabase,
  importDatabase,
  inspect,
  journal,
  journalCsv,
  maintenanceStatus,
  saveSchedule,
  supportBundle,
  targetAccess,
} from '../../services/maintenance/index.js';
import type { Handlers } from './handler.js';

export const maintenanceHandlers: Handlers<keyof typeof maintenanceMethods> = {
  'maintenance.status': (_, ctx) => maintenanceStatus(ctx),
  'maintenance.export': ({ targetId, keepLast }, ctx) => exportDatabase(ctx, targetAccess(ctx, targetId), { keepLast }),
  'maintenance.archives': ({ targetId }, ctx) => archivesOn(targetAccess(ctx, targetId)),
  'maintenance.inspect': ({ targetId, path }, ctx) => inspect(ctx, targetAccess(ctx, targetId), path),
  'maintenance.import': ({ targetId, path, confirmTransfer }, ctx) => importDatabase(ctx, targetAccess(ctx, targetId), path, { confirmTransfer }),
  'maintenance.cleanupPreview': ({ upTo }, ctx) => cleanupPreview(ctx, upTo),
  'maintenance.cleanup': ({ upTo, expectShifts }, ctx) => cleanup(ctx, upTo, expectShifts),
  'maintenance.saveSchedule': (schedule, ctx) => saveSchedule(ctx, schedule),
  'maintenance.journal': (filter, ctx) => journal(ctx, filter),
  'maintenance.journalCsv': (filter, ctx) => journalCsv(ctx, filter),
  'maintenance.supportBundle': async ({ targetId }, ctx) => supportBundle(ctx, targetAccess(ctx, targetId), maintenanceStatus(ctx)),
  'maintenance.deleteGoods': ({ which }, ctx) => deleteGoods(ctx, which),
};
