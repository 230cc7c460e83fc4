/** A report as a CSV / XLSX file: its tables (common/report-tables.ts) through the table writer; run in the worker. */
import type { ReportOut } from '../../../preload/contract/index.js';
import { REPORT_TITLES, reportTables, scaleOf, type Cell, type ReportData, type ReportKind } from '../../../common/report-tables.js';
import type { JobCtx } from '../../tasks/job.js';
import { exportTables, type ExportedFile, type TableSection } from '../table-export.js';
import { cashiersReport, goodsReport, hoursReport, paymentsReport, sectionsReport } from './figures.js';

export function reportFile(input: {
  report: ReportKind;
  data: ReportData[ReportKind];
  heading: readonly string[];
  format: 'csv' | 'xlsx';
  name: string;
}): Promise<ExportedFile> {
  const sections: TableSection<readonly Cell[]>[] = reportTables(input.report, input.data).map((t) => ({
    title: t.title,
    columns: t.columns.map((c, i) => ({ title: c.title, value: (r: readonly Cell[]) => r[i] ?? '', scale: scaleOf(c.kind), width: c.width })),
    rows: t.total ? [...t.rows, t.total] : t.rows,
  }));
  const title = [REPORT_TITLES[input.report], ...input.heading].join(', ');
  return exportTables(input.name, input.format, title, sections);
}

const READ = { goods: goodsReport, payments: paymentsReport, cashiers: cashiersReport, hours: hoursReport, sections: sectionsReport } as const;

/** The worker's job: the figures on its own connection, then the file. */
export function reportExportJob(ctx: JobCtx, input: { out: ReportOut; format: 'csv' | 'xlsx'; name: string; heading: string[] }): Promise<ExportedFile> {
  const { report, query } = input.out;
  if (report === 'shift' || !query) throw new Error('Текущая смена выгружается без задачи');
  ctx.progress(0, 1);
  const data = READ[report](ctx.db, { period: query.period, filter: query.filter ?? {} });
  ctx.progress(1, 1);
  return reportFile({ report, data, heading: input.heading, format: input.format, name: input.name });
}
