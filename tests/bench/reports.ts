/**
 * Reports over a year of a busy till (tests/fixtures/year-db.ts, full size: ~1,000,000 documents,
 * ~3,000,000 lines), as the till runs them: each a task in a worker thread (main/tasks/, the built
 * dist/main/task-worker.js) on its own connection to the real file.
 *  - report-goods-month-1m, report-goods-year-1m, report-payments-year-1m: start → answer (ms);
 *  - sale-during-report: p95 of `sale.addItem` through the router while the year goods report runs.
 * The generated year is kept in the temp folder and copied for each run (tests/bench/year.ts):
 * generating it takes minutes. Run by `npm run bench` (tests/bench/run.ts), or alone:
 * `tsx tests/bench/reports.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createCore } from '../../main/core.js';
import { setSetting } from '../../main/services/settings.js';
import { TEST_PASSWORD_COST } from '../fixtures/core.js';
import { ok, sellWhile, timed } from './in-process.js';
import { record, summarize, type BenchResult } from './report.js';
import { copyYear, YEAR_SEED, yearFolder } from './year.js';

const MONTH = { from: '2025-06-01', to: '2025-06-30' };
const YEAR = { from: '2025-01-01', to: '2025-12-31' };

export async function reportsBench(): Promise<BenchResult[]> {
  const year = await yearFolder();
  const dir = mkdtempSync(join(tmpdir(), 'kassa-bench-reports-'));
  copyYear(year, dir);
  const t0 = performance.now();
  const note = (what: string) => console.error(`reports bench: ${what} at ${Math.round((performance.now() - t0) / 1000)} s`);
  note('copied');
  const core = createCore({ dataDir: dir, log: () => {}, passwordCost: TEST_PASSWORD_COST });
  note('opened (migrated)');
  // The generated year is a working till's (documents.training = 0): the reports count the till's mode, so it is live.
  if (core.ctx.db.value<number>('SELECT training FROM documents ORDER BY id DESC LIMIT 1') === 0) setSetting(core.ctx, 'trainingMode', false);
  try {
    const report = (job: 'reports.goods' | 'reports.payments', period: { from: string; to: string }) =>
      core.ctx.tasks.run(job, { period, filter: {} }, { label: 'bench' }).done;
    const month: number[] = [];
    const yearGoods: number[] = [];
    const yearPayments: number[] = [];
    await report('reports.goods', MONTH); // the file into the page cache once, untimed
    note('warmed');
    for (let i = 0; i < 5; i++) await timed(month, () => report('reports.goods', MONTH));
    note(`month ${month.map(Math.round).join(' ')}`);
    for (let i = 0; i < 3; i++) await timed(yearGoods, () => report('reports.goods', YEAR));
    note(`year goods ${yearGoods.map(Math.round).join(' ')}`);
    for (let i = 0; i < 5; i++) await timed(yearPayments, () => report('reports.payments', YEAR));
    note(`year payments ${yearPayments.map(Math.round).join(' ')}`);

    // sale-during-report: the cashier scans while the admin's year report runs in its worker.
    await ok(core, 'auth.login', { login: year.cashier, password: year.pin });
    await ok(core, 'shift.open');
    const barcodes = core.ctx.db
      .prepare("SELECT b.barcode FROM item_barcodes b JOIN items i ON i.id = b.item_id WHERE i.unit = 'шт' AND i.code LIKE 'G%' LIMIT 50")
      .pluck()
      .all() as string[];
    const adds: number[] = [];
    for (let round = 0; round < 2; round++) for (const ms of await sellWhile(core, barcodes, report('reports.goods', YEAR))) adds.push(ms);
    const documents = core.ctx.db.value<number>("SELECT count(*) FROM documents WHERE created_at < '2026'")!;
    const lines = core.ctx.db.value<number>('SELECT max(id) FROM document_lines')!;
    const size = `${documents} documents / ${lines} lines (tests/fixtures/year-db.ts full, seed ${YEAR_SEED}), a worker-thread task each`;
    return [
      summarize('report-goods-month-1m', 'ms', month, `${size}, June`),
      summarize('report-goods-year-1m', 'ms', yearGoods, `${size}, 2025`),
      summarize('report-payments-year-1m', 'ms', yearPayments, `${size}, 2025, by day`),
      summarize('sale-during-report', 'ms', adds, `sale.addItem through the router while report-goods-year-1m runs, ${adds.length} scans`),
    ];
  } finally {
    core.close();
    rmSync(dir, { recursive: true, force: true, maxRetries: 10 });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  record(await reportsBench());
  process.exit(0);
}
