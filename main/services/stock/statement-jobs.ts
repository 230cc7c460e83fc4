/**
 * The statements' work in the worker thread (main/tasks/jobs.ts): a page for the screen, every row
 * for the printer, a CSV / XLSX file. Only the database and the file writer here — nothing of the
 * printer or the devices, which live on the till's own thread.
 */
import type { Statement, StatementQuery, StatementRow } from '../../../preload/contract/index.js';
import type { JobCtx } from '../../tasks/job.js';
import { exportTable, type ExportedFile, type TableColumn } from '../table-export.js';
import { statementPageRows, statementRows, statementTitle } from './statements.js';

export type StatementData = { rows: StatementRow[]; amount: number };

export function statementPageJob(ctx: JobCtx, input: { query: StatementQuery; limit: number; offset: number }): Statement {
  const { rows, total, amount } = statementPageRows(ctx, input.query, input);
  return { title: statementTitle(input.query), total, rows, amount };
}

export function statementRowsJob(ctx: JobCtx, input: { query: StatementQuery }): StatementData {
  return statementRows(ctx, input.query);
}

export function statementExportJob(ctx: JobCtx, input: { query: StatementQuery; format: 'csv' | 'xlsx' }): Promise<ExportedFile> {
  const q = input.query;
  const format = input.format;
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
