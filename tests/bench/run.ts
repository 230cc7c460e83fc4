/**
 * `npm run bench`: the web host as the till runs it (built bundle, real SQLite, loopback HTTP).
 *  - web-host-cold-start(-fresh): process start → first API answer, existing / fresh data folder (tests/bench/ratio.ts).
 *  - sale-add-item-ratio, check-close-ratio(-no-sko): the web host against a bare node:http server doing
 *    the same writes, in one run, with the phases of sale.pay (tests/bench/ratio.ts).
 *  - sale-3-lines: a cash sale of 3 lines via the API, first line → stored document.
 *  - weight-to-ui: a scale frame on a pty → the weight on the sale screen (tests/bench/weight.ts).
 *  - close-to-last-byte: sale.pay → the last receipt byte at the printer emulator (tests/bench/printer.ts).
 *  - sko-docs-seq, sko-docs-3, sko-drain-500: documents through the СКО client to the emulator (tests/bench/sko.ts).
 *  - scan-to-line(-dom): a wedge scan on the sale screen → the line painted (in the page), 200,000 items
 *    (tests/bench/scan-to-line.ts, run in a process of its own).
 *  - two-windows-sync: a line scanned in one window → painted in a second window (tests/bench/two-windows.ts).
 *  - search-200k, sale-add-item, check-close-cash, x-report-5000, z-report-5000(-till): 200,000 items and a
 *    5,000-check shift in process (tests/bench/workflow.ts).
 *  - stock-balance-200k: the balance statement over 200,000 items with balances (tests/bench/stock.ts).
 *  - goods-list-200k: a page of the «Товары» list with search and sort over 200,000 items (tests/bench/goods.ts).
 *  - db-export-1m, sale-during-export, db-import-1m, cleanup-1y, sale-during-cleanup: «Обслуживание» on a generated year (tests/bench/maintenance.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { cashierOnShift, startWebHostProcess, type HostProcess } from '../fixtures/web-host-process.js';
import { record, runAlone, summarize, type BenchResult } from './report.js';
import { workflowBench } from './workflow.js';
import { weightToUi } from './weight.js';
import { closeToLastByte } from './printer.js';
import { skoBenches } from './sko.js';
import { coldStarts, ratioBenches } from './ratio.js';
import { stockBench } from './stock.js';
import { goodsListBench } from './goods.js';
import { priceListBenches } from './price-list.js';
import { reportsBench } from './reports.js';
import { twoWindowsSync } from './two-windows.js';
import { maintenanceBench } from './maintenance.js';

const SALES = 200;

async function sales(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'kassa-bench-'));
  const host: HostProcess = await startWebHostProcess(dir);
  try {
    await cashierOnShift(host);
    const db = new Database(join(dir, 'kassa.sqlite'), { readonly: true });
    const barcodes = db.prepare("SELECT b.barcode FROM item_barcodes b JOIN items i ON i.id = b.item_id WHERE i.unit = 'шт' LIMIT 3").pluck().all() as string[];
    db.close();
    const samples: number[] = [];
    for (let i = 0; i < SALES; i++) {
      const t0 = performance.now();
      let total = 0;
      for (const barcode of barcodes) total = ((await host.ok('sale.addItem', { barcode })) as { total: number }).total;
      await host.ok('sale.pay', { payments: [{ form: 'cash', amount: total }] });
      samples.push(performance.now() - t0);
    }
    return summarize('sale-3-lines', 'ms', samples, `3 lines by barcode + cash payment over HTTP, ${SALES} sales in one shift, 56-item sample catalogue`);
  } finally {
    await host.stop();
    rmSync(dir, { recursive: true, force: true, maxRetries: 10 });
  }
}

/**
 * The bench in groups, run in this order; `npm run bench -- <group> …` runs only the groups named
 * (for working on one figure — the figures that count come from a whole run on a quiet machine).
 */
const GROUPS: Record<string, () => Promise<readonly BenchResult[]>> = {
  cashier: async () => {
    const results = [...(await coldStarts()), await sales(), ...(await ratioBenches())];
    const weight = await weightToUi();
    const rest = [...(weight ? [weight] : []), await closeToLastByte(), ...(await skoBenches())];
    // A figure within one frame: in a process of its own (see runAlone).
    const scan = await runAlone(fileURLToPath(new URL('./scan-to-line.ts', import.meta.url)));
    return [...results, ...rest, ...scan, await twoWindowsSync()];
  },
  // The cashier's workflow at shop scale: 200,000 items, a 5,000-check shift (tests/bench/workflow.ts).
  workflow: workflowBench,
  // Stock statements over a 200,000-item catalogue (tests/bench/stock.ts).
  stock: stockBench,
  // The «Товары» list over 200,000 items (tests/bench/goods.ts).
  goods: async () => [await goodsListBench()],
  // Price lists: a 200,000-row import and export, and selling while an import runs (tests/bench/price-list.ts).
  'price-list': priceListBenches,
  // Reports over a generated year of a busy till, each a worker-thread task (tests/bench/reports.ts).
  reports: reportsBench,
  // «Обслуживание» on the generated year: export, selling during it, import, cleanup while selling (tests/bench/maintenance.ts).
  maintenance: maintenanceBench,
};

const chosen = process.argv.slice(2);
const unknown = chosen.filter((g) => !(g in GROUPS));
if (unknown.length > 0) {
  console.error(`unknown bench group(s): ${unknown.join(', ')}; groups: ${Object.keys(GROUPS).join(', ')}`);
  process.exit(2);
}
for (const [group, bench] of Object.entries(GROUPS)) {
  if (chosen.length === 0 || chosen.includes(group)) record(await bench());
}
