/** «Отчёты»: the figures over a period (figures.ts, span.ts) and the open shift's without an X. */
import type { Ctx } from '../context.js';
import { currentShift } from '../shift.js';
import { shiftFigures, type ReportFigures } from '../shift-report.js';

export { cashiersReport, goodsReport, hoursReport, paymentsReport, reportChoices, sectionsReport, type ReportInput } from './figures.js';

/** The open shift as an X would report it now, without storing an X (the admin's look at today's takings). */
export function currentShiftFigures(ctx: Ctx): ReportFigures | null {
  const shift = currentShift(ctx);
  return shift ? shiftFigures(ctx, shift) : null;
}
