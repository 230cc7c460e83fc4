/**
 * A report out of the screen: on the receipt printer (58 / 80 mm, the printer's columns) and as a
 * CSV / XLSX file. Both lay out the report's tables (common/report-tables.ts), the ones the screen
 * shows. The figures are read in the worker (jobs.ts); the file is written there too; the paper is
 * laid out here, where the printer lives.
 */
import type { PrintOutcome, ReportOut } from '../../../preload/contract/index.js';
import { PAYMENT_FORM_NAMES } from '../../../common/display-names.js';
import { formatCell, REPORT_TITLES, reportTables, type ReportData, type ReportKind, type ReportTable } from '../../../common/report-tables.js';
import { KassaError } from '../../domain/errors.js';
import { center, twoColumns, wrap, type ReceiptRow } from '../../domain/receipt.js';
import type { Db } from '../../db/database.js';
import type { Ctx } from '../context.js';
import { printRows } from '../printing.js';
import { getSetting } from '../settings.js';
import type { ExportedFile } from '../table-export.js';
import { reportFile } from './files.js';
import { currentShiftFigures } from './index.js';

const dmy = (d: string) => `${d.slice(8, 10)}.${d.slice(5, 7)}.${d.slice(0, 4)}`;

/** The period and filters in words, as the report's heading says them. */
export function reportHeading(db: Db, out: ReportOut): string[] {
  if (!out.query) return [];
  const { period, filter = {} } = out.query;
  const lines = [period.from === period.to ? `за ${dmy(period.from)}` : `с ${dmy(period.from)} по ${dmy(period.to)}`];
  if (filter.cashierId !== undefined) lines.push(`Кассир: ${db.value<string>('SELECT name FROM users WHERE id = ?', filter.cashierId) ?? filter.cashierId}`);
  if (filter.section !== undefined) lines.push(`Секция: ${filter.section}`);
  if (filter.categoryId !== undefined)
    lines.push(`Категория: ${db.value<string>('SELECT name FROM categories WHERE id = ?', filter.categoryId) ?? filter.categoryId}`);
  if (filter.paymentForm !== undefined) lines.push(`Оплата: ${PAYMENT_FORM_NAMES[filter.paymentForm]}`);
  return lines;
}

/** A report for `width` columns: the heading, then each table row by row — its name, then its figures. */
export function reportLayout(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  title: string,
  heading: readonly string[],
  tables: readonly ReportTable[],
  width: number,
): ReceiptRow[] {
  const out: ReceiptRow[] = [];
  const text = (t: string, style: 'normal' | 'bold' | 'title' = 'normal') => out.push({ kind: 'text', text: t, style });
  const requisites = getSetting(ctx, 'requisites');
  for (const l of wrap(requisites.organization, width)) text(center(l, width));
  for (const l of wrap(requisites.tradeObject, width)) text(center(l, width));
  if (getSetting(ctx, 'trainingMode')) text(center('*** УЧЕБНЫЙ РЕЖИМ ***', width), 'bold');
  for (const l of wrap(title.toUpperCase(), width)) text(center(l, width), 'bold');
  for (const h of heading) for (const l of wrap(h, width)) text(center(l, width));
  text(center(new Date(ctx.clock()).toLocaleString('ru-RU'), width));
  const row = (t: ReportTable, cells: readonly (string | number)[], style: 'normal' | 'bold') => {
    for (const l of wrap(String(cells[0]), width)) text(l, style);
    t.columns.forEach((c, i) => {
      if (i === 0 || !c.paper || cells[i] === '' || cells[i] === undefined) return;
      const unit = c.unit === undefined ? '' : ` ${cells[c.unit]}`;
      text(twoColumns(`  ${c.title}`, `${formatCell(c.kind, cells[i])}${unit}`, width), style);
    });
  };
  if (tables.length === 0) text(center('Нет данных', width));
  for (const t of tables) {
    text('-'.repeat(width));
    for (const l of wrap(t.title, width)) text(l, 'bold');
    if (t.rows.length === 0) text('  нет данных');
    for (const r of t.rows) row(t, r, 'normal');
    if (t.total) row(t, t.total, 'bold');
  }
  text('-'.repeat(width));
  return out;
}

/** The report's figures: a period report from the worker, the open shift here. */
async function dataOf(ctx: Ctx, out: ReportOut): Promise<ReportData[ReportKind]> {
  if (out.report === 'shift') return currentShiftFigures(ctx);
  return ctx.tasks.run(`reports.${out.report}`, out.query!, { label: REPORT_TITLES[out.report] }).done;
}

export async function printReport(ctx: Ctx, out: ReportOut): Promise<PrintOutcome> {
  const data = await dataOf(ctx, out);
  const tables = reportTables(out.report, data);
  const heading = reportHeading(ctx.db, out);
  return printRows(ctx, (width) => reportLayout(ctx, REPORT_TITLES[out.report], heading, tables, width), `reports.${out.report}`);
}

/** The screen as a PDF where the host can make one (Electron); the web host's «Печать» is the browser's own. */
export async function pagePdf(ctx: Ctx, name: string): Promise<ExportedFile> {
  if (!ctx.pagePdf) throw new KassaError('CONFLICT', 'PDF делает приложение кассы; в браузере нажмите «Печать» и выберите «Сохранить как PDF»');
  const bytes = await ctx.pagePdf();
  return { fileName: `${name}.pdf`, mime: 'application/pdf', base64: Buffer.from(bytes).toString('base64') };
}

export async function exportReport(ctx: Ctx, out: ReportOut, format: 'csv' | 'xlsx'): Promise<ExportedFile> {
  if (out.report === 'shift') {
    return reportFile({ report: 'shift', data: currentShiftFigures(ctx), heading: [], format, name: 'tekushchaya-smena' });
  }
  const name = `${out.report}-${out.query!.period.from}-${out.query!.period.to}`;
  return ctx.tasks.run('reports.export', { out, format, name, heading: reportHeading(ctx.db, out) }, { label: REPORT_TITLES[out.report] }).done;
}
