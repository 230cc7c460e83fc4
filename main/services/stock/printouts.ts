/**
 * A statement on screen (a page), on the receipt printer (58 / 80 mm) and as a CSV / XLSX file.
 */
import type { PrintOutcome, Statement, StatementQuery, StatementRow } from '../../../preload/contract/index.js';
import { formatMoney } from '../../../common/money.js';
import { center, twoColumns, wrap, type ReceiptRow } from '../../domain/receipt.js';
import type { Ctx } from '../context.js';
import { printRows } from '../printing.js';
import { getSetting } from '../settings.js';
import { exportTable, type ExportedFile, type TableColumn } from '../table-export.js';
import { formatBalance } from './moves.js';
import { statementRows, statementTitle } from './statements.js';

export function statementPage(ctx: Ctx, q: StatementQuery, page: { limit: number; offset: number }): Statement {
  const { rows, amount } = statementRows(ctx, q);
  return { title: statementTitle(q), total: rows.length, rows: rows.slice(page.offset, page.offset + page.limit), amount };
}

const withUnit = (r: StatementRow, q: number) => (r.unit ? `${formatBalance(q)} ${r.unit}` : formatBalance(q));

/** The statement laid out for `width` columns: each row's name (wrapped), then its figures. */
export function statementLayout(ctx: Ctx, q: StatementQuery, width: number): ReceiptRow[] {
  const { rows, amount } = statementRows(ctx, q);
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
      text(twoColumns(`  приход +${formatBalance(r.in)}`, `расход −${formatBalance(r.out)}`, width));
    }
  }
  text('-'.repeat(width));
  text(twoColumns(`Строк: ${rows.length}`, '', width));
  text(twoColumns('Остаток в ценах продажи', formatMoney(amount), width), 'bold');
  return out;
}

export function printStatement(ctx: Ctx, q: StatementQuery): Promise<PrintOutcome> {
  return printRows(ctx, (width) => statementLayout(ctx, q, width), `stock.${q.kind}`);
}

export function exportStatement(ctx: Ctx, q: StatementQuery, format: 'csv' | 'xlsx'): Promise<ExportedFile> {
  const { rows } = statementRows(ctx, q);
  const head: TableColumn<StatementRow>[] =
    q.groupBy === 'item'
      ? [
          { title: 'Код', value: (r) => r.code, width: 12 },
          { title: 'Товар', value: (r) => r.name, width: 40 },
          { title: 'Ед.', value: (r) => r.unit ?? '', width: 6 },
          { title: 'Категория', value: (r) => r.category, width: 24 },
        ]
      : [{ title: 'Категория', value: (r) => r.name, width: 32 }];
  const figures: TableColumn<StatementRow>[] =
    q.kind === 'balances'
      ? [{ title: 'Остаток', value: (r) => r.closing, scale: 1000 }]
      : [
          { title: 'Начальный остаток', value: (r) => r.opening, scale: 1000 },
          { title: 'Приход', value: (r) => r.in, scale: 1000 },
          { title: 'Расход', value: (r) => r.out, scale: 1000 },
          { title: 'Конечный остаток', value: (r) => r.closing, scale: 1000 },
        ];
  const name = q.kind === 'balances' ? `ostatki-${q.date}` : `oboroty-${q.from}-${q.to}`;
  return exportTable(
    name,
    format,
    statementTitle(q),
    [...head, ...figures, { title: 'Сумма в ценах продажи', value: (r) => r.amount, scale: 100, width: 16 }],
    rows,
  );
}
