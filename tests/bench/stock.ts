/**
 * stock-balance-200k: «Ведомость остатков» through the router (`stock.statement`, every row
 * computed, the first page answered) over 200,000 items that each have a balance, with a day of
 * movements after the statement's date to take back (5,000 checks' worth of receipts and write-offs).
 * Run by `npm run bench` (tests/bench/run.ts), or alone: `tsx tests/bench/stock.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createCore, type Core } from '../../main/core.js';
import { importItems } from '../../main/services/catalogue.js';
import { receiveGoods, writeOffGoods } from '../../main/services/stock/documents.js';
import { TEST_PASSWORD_COST } from '../fixtures/core.js';
import { record, summarize, type BenchResult } from './report.js';
import { generateCatalogue } from './workflow.js';

const ITEMS = 200_000;
const RUNS = 10;
const PER_DOCUMENT = 10_000;

async function ok(core: Core, method: string, input: unknown = {}): Promise<unknown> {
  const res = await core.router.call(method, input, true);
  if (!res.ok) throw new Error(`${method}: ${res.error.code} ${res.error.message}`);
  return res.value;
}

export async function stockBench(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'kassa-bench-stock-'));
  let now = new Date('2026-12-01T09:00:00Z');
  const core = createCore({ dataDir: dir, log: () => {}, passwordCost: TEST_PASSWORD_COST, clock: () => now });
  try {
    await ok(core, 'setup.enterPin', { pin: '1234' });
    await ok(core, 'auth.login', { login: 'admin', password: '1111' });
    await ok(core, 'auth.changePassword', { oldPassword: '1111', newPassword: '258036' });
    await ok(core, 'stock.saveSettings', { enabled: true, negative: 'allow' });
    importItems(core.ctx, generateCatalogue(ITEMS));
    const ids = core.ctx.db.prepare('SELECT id FROM items ORDER BY id').pluck().all() as number[];
    // Day one: every item comes in. Day two: 5,000 lines come and go again.
    for (let i = 0; i < ids.length; i += PER_DOCUMENT) {
      receiveGoods(core.ctx, { supplier: 'Поставщик', lines: ids.slice(i, i + PER_DOCUMENT).map((itemId) => ({ itemId, quantity: 10_000, price: 100 })) });
    }
    now = new Date('2026-12-02T09:00:00Z');
    const later = ids.filter((_, i) => i % 40 === 0);
    receiveGoods(core.ctx, { supplier: 'Поставщик', lines: later.map((itemId) => ({ itemId, quantity: 3000, price: 100 })) });
    writeOffGoods(core.ctx, { reason: 'Бой при перевозке', lines: later.map((itemId) => ({ itemId, quantity: 1000 })) });

    // A day later the admin's session has idled out: log in again.
    await core.router.call('auth.logout', {}, true);
    await ok(core, 'auth.login', { login: 'admin', password: '258036' });
    const samples: number[] = [];
    const floor: number[] = [];
    let rows = 0;
    for (let i = 0; i < RUNS; i++) {
      // The floor, in the same run: reading the catalogue's columns alone, no balances, no grouping.
      let t0 = performance.now();
      core.ctx.db.prepare('SELECT code, name, unit, price FROM items').raw().all();
      floor.push(performance.now() - t0);
      t0 = performance.now();
      const s = (await ok(core, 'stock.statement', { query: { kind: 'balances', date: '2026-12-01', groupBy: 'item' }, limit: 100 })) as { total: number };
      samples.push(performance.now() - t0);
      rows = s.total;
    }
    if (rows !== ids.length) throw new Error(`the statement has ${rows} rows, not ${ids.length}`);
    return [
      summarize(
        'stock-balance-200k',
        'ms',
        samples,
        `«Ведомость остатков» via stock.statement (all rows computed, first page answered): ${ITEMS} items with balances, ${later.length * 2} movements after the date; ` +
          `floor (SELECT code, name, unit, price FROM items) p50 ${Math.round(summarize('floor', 'ms', floor, '').p50)} ms in the same run; goal < 1000 ms`,
      ),
    ];
  } finally {
    core.close();
    rmSync(dir, { recursive: true, force: true, maxRetries: 10 });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  record(await stockBench());
  process.exit(0);
}
