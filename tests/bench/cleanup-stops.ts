/**
 * A quick look at the stops a cleanup makes while the cashier sells (the maintenance bench's
 * sale-during-cleanup, on one or two months instead of a year): `tsx tests/bench/cleanup-stops.ts [YYYY-MM-DD]`
 * (default 2025-01-31; needs `node scripts/build-main.mjs` for the worker bundle). Prints every scan over
 * 20 ms with what the cleanup was doing then, the count over 50 ms and the longest.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createRestartableCore } from '../../main/host/restartable-core.js';
import { cleanup, cleanupPreview } from '../../main/services/maintenance/index.js';
import { TEST_PASSWORD_COST } from '../fixtures/core.js';
import { GENERATED_CASHIER_PIN } from '../fixtures/year-db.js';
import { cpuWaitMs, ok, splitText, timeTransactions } from './in-process.js';
import { copyYear, yearFolder } from './year.js';

const upTo = process.argv[2] ?? '2025-01-31';
/** `--till-no-checkpoint`: the till's connection never checkpoints (to tell its checkpoints from its flushes). */
const tillNoCheckpoint = process.argv.includes('--till-no-checkpoint');
const dir = mkdtempSync(join(tmpdir(), 'kassa-bench-stops-'));
mkdirSync(join(dir, 'data'));
copyYear(await yearFolder(), join(dir, 'data'));
const core = createRestartableCore({ dataDir: join(dir, 'data'), log: () => {}, passwordCost: TEST_PASSWORD_COST });
try {
  await ok(core, 'auth.login', { login: 'gen-cashier-1', password: GENERATED_CASHIER_PIN });
  await ok(core, 'shift.open');
  const barcodes = core.ctx.db
    .prepare("SELECT b.barcode FROM item_barcodes b JOIN items i ON i.id = b.item_id WHERE i.unit = 'шт' AND i.code LIKE 'G%' LIMIT 50")
    .pluck()
    .all() as string[];
  // Where a scan's time goes: waiting for the lock (until the body runs), the body, the commit (a checkpoint runs in it).
  const tx = timeTransactions(core.ctx.db);
  if (tillNoCheckpoint) core.ctx.db.pragma('wal_autocheckpoint = 0');
  const plan = await cleanupPreview(core.ctx, upTo);
  console.log(`cleanup up to ${upTo}: ${plan.shifts} shifts, ${plan.documents} documents`);
  const t0 = performance.now();
  let running = true;
  const cleaning = cleanup(core.ctx, upTo, plan.shifts, 'cli').finally(() => (running = false));
  const scans: number[] = [];
  for (let i = 0; running; i++) {
    const q = cpuWaitMs();
    const s = performance.now();
    await ok(core, 'sale.addItem', { barcode: barcodes[i % barcodes.length] });
    const ms = performance.now() - s;
    scans.push(ms);
    if (ms > 20) {
      const task = core.ctx.tasks.list().find((t) => t.state === 'running');
      const p = `${tx.last ? `${splitText(tx.last)}; ` : ''}no CPU ${(cpuWaitMs() - q).toFixed(1)}`;
      console.log(`  ${Math.round(performance.now() - t0)} ms: scan ${ms.toFixed(1)} ms (${p}) during «${task?.note ?? '?'}» ${task?.done}/${task?.total}`);
    }
    if (i % 10 === 9) await ok(core, 'sale.cancel');
    await new Promise((r) => setImmediate(r));
  }
  await cleaning;
  await ok(core, 'sale.cancel');
  scans.sort((a, b) => a - b);
  const at = (q: number) => scans[Math.min(scans.length - 1, Math.floor(q * scans.length))]!.toFixed(2);
  console.log(
    `cleanup ${Math.round(performance.now() - t0)} ms; ${scans.length} scans, p95 ${at(0.95)} p99 ${at(0.99)} longest ${scans[scans.length - 1]!.toFixed(1)} ms, ` +
      `${scans.filter((ms) => ms > 50).length} over 50 ms, ${scans.filter((ms) => ms > 20).length} over 20 ms`,
  );
} finally {
  core.close();
  rmSync(dir, { recursive: true, force: true, maxRetries: 10 });
}
process.exit(0);
