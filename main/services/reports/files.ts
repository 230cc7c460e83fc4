/** A report as a CSV / XLSX file: its tables (common/report-tables.ts) through the table writer; run in the worker. */
import type { ReportOut } from '../../../preload/contract/index.js';
import { REPORT_TITLES, reportTables, scaleOf, type Cell, type ReportData, type ReportKind } from '../../../common/report-tables.js';
import type { Db } from '../../db/database.js';
import type { JobCtx } from '../../tasks/job.js';
import { exportTables, type ExportedFile, type TableSection } from '../table-export.js';
import { cashiersReport, goodsReport, hoursReport, paymentsReport, sectionsReport, type ReportInput } from './figures.js';

/** A report's tables as the file writer's sections, the total row last. */
export function reportSections<K extends ReportKind>(report: K, data: ReportData[K]): TableSection<readonly Cell[]>[] {
  return reportTables(report, data).map((t) => ({
    title: t.title,
    columns: t.columns.map((c, i) => ({ title: c.title, value: (r: readonly Cell[]) => r[i] ?? '', scale: scaleOf(c.kind), width: c.width })),
    rows: t.total ? [...t.rows, t.total] : t.rows,
  }));
}

export function reportFile(input: {
  report: ReportKind;
  data: ReportData[ReportKind];
  heading: readonly string[];
  format: 'csv' | 'xlsx';
  name: string;
}): Promise<ExportedFile> {
  const title = [REPORT_TITLES[input.report], ...input.heading].join(', ');
  return exportTables(input.name, input.format, title, reportSections(input.report, input.data));
}

type Figures = Omit<ReportData, 'shift'>;
const READ = { goods: goodsReport, payments: paymentsReport, cashiers: cashiersReport, hours: hoursReport, sections: sectionsReport } as const;

/** A period report's figures on the given connection (the worker's own). */
export function readReport<K extends keyof Figures>(db: Db, report: K, input: ReportInput): Figures[K] {
  return (READ[report] as (db: Db, input: ReportInput) => Figures[K])(db, input);
}

/** The worker's job: the figures on its own connection, then the file. */
export function reportExportJob(ctx: JobCtx, input: { out: ReportOut; format: 'csv' | 'xlsx'; name: string; heading: string[] }): Promise<ExportedFile> {
  const { report, query } = input.out;
  if (report === 'shift' || !query) throw new Error('Текущая смена выгружается без задачи');
  ctx.progress(0, 1);
  const data = readReport(ctx.db, report, { period: query.period, filter: query.filter ?? {} });
  ctx.progress(1, 1);
  return reportFile({ report, data, heading: input.heading, format: input.format, name: input.name });
}
