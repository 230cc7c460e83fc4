/** «Отчёты» (admin): a period report runs as a worker-thread task (main/tasks/); the open shift and the filters' choices are quick reads here. */
import type { reportsMethods } from '../../../preload/contract/index.js';
import { currentShiftFigures, reportChoices } from '../../services/reports/index.js';
import { exportReport, pagePdf, printReport } from '../../services/reports/output.js';
import type { Handlers } from './handler.js';

export const reportsHandlers: Handlers<keyof typeof reportsMethods> = {
  'reports.choices': (_, ctx) => reportChoices(ctx.db),
  'reports.goods': (q, ctx) => ctx.tasks.run('reports.goods', q, { label: 'Отчёт по товарам' }).done,
  'reports.payments': (q, ctx) => ctx.tasks.run('reports.payments', q, { label: 'Выручка по способам оплаты' }).done,
  'reports.cashiers': (q, ctx) => ctx.tasks.run('reports.cashiers', q, { label: 'Отчёт по кассирам' }).done,
  'reports.hours': (q, ctx) => ctx.tasks.run('reports.hours', q, { label: 'Отчёт по часам и дням недели' }).done,
  'reports.sections': (q, ctx) => ctx.tasks.run('reports.sections', q, { label: 'Отчёт по секциям и ставкам НДС' }).done,
  'reports.currentShift': (_, ctx) => currentShiftFigures(ctx),
  'reports.print': (out, ctx) => printReport(ctx, out),
  'reports.export': ({ out, format }, ctx) => exportReport(ctx, out, format),
  'reports.canPdf': (_, ctx) => ctx.pagePdf !== undefined,
  'reports.pdf': ({ name }, ctx) => pagePdf(ctx, name),
};
