/**
 * «Обслуживание» on a year of a busy till (tests/fixtures/year-db.ts, full size: ~1,000,000
 * documents), as the till runs it — each a worker-thread task on its own connection:
 *  - db-export-1m: an archive of the whole database to a folder, start → written (ms);
 *  - sale-during-export: p95 of `sale.addItem` through the router while that export runs (under 50 ms);
 *  - db-import-1m: that archive put in place of the database (download, checks, safety copy, swap, restart) (ms);
 *  - cleanup-1y: the year's shifts removed and the space given back (ms), while the cashier sells;
 *  - sale-during-cleanup: p95 of sale.addItem meanwhile, and the longest stop (goal: none over 50 ms).
 * The generated year is copied from the temp folder (tests/bench/year.ts: one per schema, the cache is
 * never written). `tsx tests/bench/maintenance.ts` runs it alone.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DB_FILE } from '../../main/core.js';
import { createRestartableCore } from '../../main/host/restartable-core.js';
import { cleanup, cleanupPreview, exportDatabase, importDatabase } from '../../main/services/maintenance/index.js';
import { TEST_PASSWORD_COST } from '../fixtures/core.js';
import { GENERATED_CASHIER_PIN } from '../fixtures/year-db.js';
import { ok, sellWhile, splitText, timed, timeTransactions } from './in-process.js';
import { copyYear, yearFolder } from './year.js';
import { record, summarize, type BenchResult } from './report.js';

const SEED = 2026;
const CASHIER = 'gen-cashier-1';

/** Each step printed as it ends: a year's run takes long on a loaded machine, and a later step may not finish. */
const step = (name: string, ms: number) => console.log(`maintenance: ${name} ${Math.round(ms)} ms`);

export async function maintenanceBench(): Promise<BenchResult[]> {
  const source = await yearFolder();
  const dir = mkdtempSync(join(tmpdir(), 'kassa-bench-maintenance-'));
  const flash = join(dir, 'flash');
  mkdirSync(flash);
  mkdirSync(join(dir, 'data'));
  copyYear(source, join(dir, 'data'));
  const core = createRestartableCore({ dataDir: join(dir, 'data'), log: () => {}, passwordCost: TEST_PASSWORD_COST });
  const access = { connection: { kind: 'folder' as const, path: flash }, password: null, where: 'Флешка' };
  try {
    const documents = core.ctx.db.value<number>('SELECT count(*) FROM documents')!;
    const size = `${documents} documents, ${Math.round(core.ctx.db.value<number>('SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()')! / 1e6)} MB (tests/fixtures/year-db.ts full, seed ${SEED})`;

    const exports: number[] = [];
    const exported = await timed(exports, () => exportDatabase(core.ctx, access));
    step('db-export-1m', exports[0]!);

    const imports: number[] = [];
    await timed(imports, () => importDatabase(core.ctx, access, exported.path));
    step('db-import-1m', imports[0]!);

    // sale-during-export: the cashier scans while the admin's export runs in its worker.
    await ok(core, 'auth.login', { login: CASHIER, password: GENERATED_CASHIER_PIN });
    await ok(core, 'shift.open');
    const barcodes = core.ctx.db
      .prepare("SELECT b.barcode FROM item_barcodes b JOIN items i ON i.id = b.item_id WHERE i.unit = 'шт' AND i.code LIKE 'G%' LIMIT 50")
      .pluck()
      .all() as string[];
    // The export reads one snapshot: the sales' commits cannot be copied back into the file past it,
    // so the WAL grows while it runs (journal_size_limit cuts its file back once a checkpoint has copied it).
    const wal = join(dir, 'data', `${DB_FILE}-wal`);
    const walMb = () => (existsSync(wal) ? Math.round(statSync(wal).size / 1e5) / 10 : 0);
    const walBefore = walMb();
    const adds = await sellWhile(
      core,
      barcodes,
      timed(exports, () => exportDatabase(core.ctx, access)),
    );
    console.log(
      `maintenance: sale-during-export p95 ${summarize('sale-during-export', 'ms', adds, '').p95} ms over ${adds.length} scans; WAL ${walBefore} MB before, ${walMb()} MB after`,
    );

    // cleanup-1y while the cashier sells: the issue allows no stop of sales over 50 ms at a time.
    const year = await cleanupPreview(core.ctx, '2025-12-31');
    const cleanups: number[] = [];
    const tx = timeTransactions(core.ctx.db);
    const cleanupStart = performance.now();
    const cleaning = timed(cleanups, () => cleanup(core.ctx, '2025-12-31', year.shifts, 'cli'));
    // A stop is printed with what the cleanup was doing then (tests/bench/cleanup-stops.ts takes it apart further).
    const duringCleanup = await sellWhile(core, barcodes, cleaning, (ms, cpuWait) => {
      const task = core.ctx.tasks.list().find((t) => t.state === 'running');
      const since = ((performance.now() - cleanupStart) / 1000).toFixed(1);
      const split = tx.last ? `; its transaction: ${splitText(tx.last)}` : '';
      console.log(
        `  sale-during-cleanup: a scan of ${ms.toFixed(1)} ms (no CPU ${cpuWait.toFixed(1)}) ${since} s in, during «${task?.note ?? '?'}» ${task?.done}/${task?.total}${split}`,
      );
    });
    const removed = await cleaning;
    // Not Math.max(...scans): hundreds of thousands of arguments overflow the stack.
    const longest = Math.round(duringCleanup.reduce((m, ms) => Math.max(m, ms), 0) * 100) / 100;
    console.log(
      `maintenance: cleanup-1y ${Math.round(cleanups[0]!)} ms; sale-during-cleanup p95 ${summarize('x', 'ms', duringCleanup, '').p95} ms, longest ${longest} ms; WAL ${walMb()} MB after`,
    );
    return [
      summarize('db-export-1m', 'ms', exports, `${size}, archive ${Math.round(exported.bytes / 1e6)} MB to a folder; n=2, the second while selling`),
      summarize('sale-during-export', 'ms', adds, `sale.addItem through the router while db-export-1m runs, ${adds.length} scans`),
      summarize('db-import-1m', 'ms', imports, `${size}: the archive above checked, a safety copy, swapped, the core restarted`),
      summarize(
        'cleanup-1y',
        'ms',
        cleanups,
        `${removed.shifts} shifts / ${removed.documents} documents of 2025 removed, ${Math.round(removed.freedBytes / 1e6)} MB given back, while selling`,
      ),
      summarize(
        'sale-during-cleanup',
        'ms',
        duringCleanup,
        `sale.addItem through the router while cleanup-1y runs, ${duringCleanup.length} scans; longest ${longest} ms (goal: no stop over 50 ms)`,
      ),
    ];
  } finally {
    core.close();
    rmSync(dir, { recursive: true, force: true, maxRetries: 10 });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  record(await maintenanceBench());
  process.exit(0);
}
