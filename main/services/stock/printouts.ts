/**
 * A statement on screen (a page), on the receipt printer (58 / 80 mm) and as a CSV / XLSX file.
 * Each is computed in a worker thread (statement-jobs.ts): a statement over 200,000 items takes
 * seconds, and the till's own thread must keep selling meanwhile.
 */
import type { PrintOutcome, Statement, StatementQuery, StatementRow } from '../../../preload/contract/index.js';
import { formatMoney, formatQuantity } from '../../../common/money.js';
import { center, twoColumns, wrap, type ReceiptRow } from '../../domain/receipt.js';
import type { Ctx } from '../context.js';
import { printRows } from '../printing.js';
import { getSetting } from '../settings.js';
import type { ExportedFile } from '../table-export.js';
import type { StatementData } from './statement-jobs.js';
import { statementTitle } from './statements.js';

export function statementPage(ctx: Ctx, q: StatementQuery, page: { limit: number; offset: number }): Promise<Statement> {
  return ctx.tasks.run('stock.statementPage', { query: q, ...page }, { label: statementTitle(q) }).done;
}

const withUnit = (r: StatementRow, q: number) => (r.unit ? `${formatQuantity(q)} ${r.unit}` : formatQuantity(q));

/** The statement laid out for `width` columns: each row's name (wrapped), then its figures. */
export function statementLayout(ctx: Pick<Ctx, 'db' | 'clock'>, q: StatementQuery, width: number, { rows, amount }: StatementData): ReceiptRow[] {
  const out: ReceiptRow[] = [];
  const text = (t: string, style: 'normal' | 'bold' | 'title' = 'normal') => out.push({ kind: 'text', text: t, style });
  const requisites = getSetting(ctx, 'requisites');
  for (const l of wrap(requisites.organization, width)) text(center(l, width));
  for (const l of wrap(requisites.tradeObject, width)) text(center(l, width));
  for (const l of wrap(statementTitle(q).toUpperCase(), width)) text(center(l, width), 'bold');
  text(center(new Date(ctx.clock()).toLocaleString('ru-RU'), width));
  text('-'.repeat(width));
  let category: string | null = null;
  for (const r of rows) {
    if (q.groupBy === 'item' && r.category !== category) {
      category = r.category;
      for (const l of wrap(r.category, width)) text(l, 'bold');
    }
    for (const l of wrap(r.code ? `${r.code} ${r.name}` : r.name, width)) text(l);
    if (q.kind === 'balances') text(twoColumns(`  ${withUnit(r, r.closing)}`, formatMoney(r.amount), width));
    else {
      text(twoColumns(`  нач. ${withUnit(r, r.opening)}`, `кон. ${withUnit(r, r.closing)}`, width));
      text(twoColumns(`  приход +${formatQuantity(r.in)}`, `расход −${formatQuantity(r.out)}`, width));
    }
  }
  text('-'.repeat(width));
  text(twoColumns(`Строк: ${rows.length}`, '', width));
  text(twoColumns('Остаток в ценах продажи', formatMoney(amount), width), 'bold');
  return out;
}

export async function printStatement(ctx: Ctx, q: StatementQuery): Promise<PrintOutcome> {
  const data = await ctx.tasks.run('stock.statementRows', { query: q }, { label: statementTitle(q) }).done;
  return printRows(ctx, (width) => statementLayout(ctx, q, width, data), `stock.${q.kind}`);
}

export function exportStatement(ctx: Ctx, q: StatementQuery, format: 'csv' | 'xlsx'): Promise<ExportedFile> {
  return ctx.tasks.run('stock.statementExport', { query: q, format }, { label: statementTitle(q) }).done;
}
