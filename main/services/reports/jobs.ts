/** The period reports as worker-thread jobs (main/tasks/): a year is read on the worker's own connection, the sale never waits. */
import type { JobCtx } from '../../tasks/job.js';
import { reportExportJob } from './files.js';
import { cashiersReport, goodsReport, hoursReport, paymentsReport, sectionsReport, type ReportInput } from './figures.js';

/** One read, one answer: the progress says only «started» and «done». */
const job =
  <O>(report: (db: JobCtx['db'], input: ReportInput) => O) =>
  (ctx: JobCtx, input: ReportInput): O => {
    ctx.progress(0, 1);
    const out = report(ctx.db, input);
    ctx.progress(1, 1);
    return out;
  };

export const reportJobs = {
  'reports.goods': job(goodsReport),
  'reports.payments': job(paymentsReport),
  'reports.cashiers': job(cashiersReport),
  'reports.hours': job(hoursReport),
  'reports.sections': job(sectionsReport),
  /** A report as a CSV / XLSX file (the figures and the writing both off the till's thread). */
  'reports.export': reportExportJob,
};
