/**
 * Every job the worker thread can run, by name. Append one line per job; the job lives with its
 * area's service (e.g. `main/services/reports/…`). The worker bundle imports this list, so a job
 * must not import anything that needs the till's main thread (devices, the router, Electron).
 */
import type { Job } from './job.js';
import { statementExportJob, statementPageJob, statementRowsJob } from '../services/stock/statement-jobs.js';
import { busyJob, countRows, sleepJob, threadJob } from './sample-jobs.js';
import { applyJob, previewJob, rollbackJob } from '../services/price-list/jobs.js';
import { exportJob } from '../services/maintenance/export.js';
import { checkJob } from '../services/maintenance/import.js';
import { cleanupJob, cleanupPreviewJob } from '../services/maintenance/cleanup.js';
import { supportJob } from '../services/maintenance/support.js';
import { reportJobs } from '../services/reports/jobs.js';
import { shiftReportsJob } from '../services/exports/jobs.js';
import { priceListExportJob } from '../services/price-list/jobs.js';

export const jobs = {
  /** Counts the rows of a table in chunks (tests and diagnostics). */
  'diagnostics.countRows': countRows,
  /** Waits in small steps (tests: progress and cancel). */
  'diagnostics.sleep': sleepJob,
  /** Spins without yielding (tests: cancel reaches a synchronous loop). */
  'diagnostics.busy': busyJob,
  /** Which pooled thread and connection ran it (tests). */
  'diagnostics.thread': threadJob,
  /** «Прайс-лист»: the dry run (read, check every row and the catalogue). */
  'priceList.preview': previewJob,
  /** «Прайс-лист»: the import, in short chunks with an undo log. */
  'priceList.apply': applyJob,
  /** Plays back an import a killed worker left midway. */
  'priceList.rollback': rollbackJob,
  /** A database archive to a storage target (snapshot, zip, manifest). */
  'maintenance.export': exportJob,
  /** Downloads and checks an archive; for an import keeps its database, migrated. */
  'maintenance.check': checkJob,
  /** Removes closed, accepted shifts up to a date in small transactions, then gives the space back. */
  'maintenance.cleanup': cleanupJob,
  /** What a cleanup up to a date would remove (the plan reads every document of the period). */
  'maintenance.cleanupPreview': cleanupPreviewJob,
  /** «Сохранить для поддержки»: logs, settings without secrets, versions, diagnostics, integrity. */
  'maintenance.support': supportJob,
  /** «Ведомость остатков» / «Оборотная ведомость»: a page for the screen, every row for the printer, a file. */
  'stock.statementPage': statementPageJob,
  'stock.statementRows': statementRowsJob,
  'stock.statementExport': statementExportJob,
  ...reportJobs,
  /** A closed shift's reports as files on a storage target (the export at a Z). */
  'exports.shiftReports': shiftReportsJob,
  /** «Прайс-лист»: the catalogue to a CSV / XLSX file in the data folder. */
  'priceList.export': priceListExportJob,
} satisfies Record<string, Job<never, unknown>>;

export type JobName = keyof typeof jobs;
export type JobInput<J extends JobName> = Parameters<(typeof jobs)[J]>[1];
export type JobOutput<J extends JobName> = Awaited<ReturnType<(typeof jobs)[J]>>;
