/** «Отчёты» (admin): thin — the parsed period and filters go to the report services. */
import type { reportsMethods } from '../../../preload/contract/index.js';
import { cashiersReport, currentShiftFigures, goodsReport, hoursReport, paymentsReport, reportChoices, sectionsReport } from '../../services/reports/index.js';
import type { Handlers } from './handler.js';

export const reportsHandlers: Handlers<keyof typeof reportsMethods> = {
  'reports.choices': (_, ctx) => reportChoices(ctx.db),
  'reports.goods': (q, ctx) => goodsReport(ctx.db, q),
  'reports.payments': (q, ctx) => paymentsReport(ctx.db, q),
  'reports.cashiers': (q, ctx) => cashiersReport(ctx.db, q),
  'reports.hours': (q, ctx) => hoursReport(ctx.db, q),
  'reports.sections': (q, ctx) => sectionsReport(ctx.db, q),
  'reports.currentShift': (_, ctx) => currentShiftFigures(ctx),
};
