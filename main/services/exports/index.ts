/**
 * «Выгрузки» (issues 12 and 13): the reports of a shift after its Z and the database archive after a
 * Z or daily, written in the background to a storage target, retried, journalled. queue.ts keeps the
 * durable queue, runner.ts takes it, jobs.ts is the worker's part.
 */
export { exportJournal, exportNotices, exportSettings, queueAfterZ, retryNow, saveZExport } from './queue.js';
export { startExportRunner, type ExportRunner, type ExportRunnerOptions } from './runner.js';
