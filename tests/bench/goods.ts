/**
 * goods-list-200k: a page of the «Товары» list (100 rows and the count) through the router over
 * 200,000 items, as the admin uses it — the first page as a name is typed letter by letter, a word
 * from inside names, a code, each in the three orders, and pages further down the list.
 * `npx tsx tests/bench/goods.ts` runs it alone; `npm run bench` runs it with the rest.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createCore } from '../../main/core.js';
import { importItems } from '../../main/services/catalogue.js';
import { TEST_PASSWORD_COST } from '../fixtures/core.js';
import { seededRandom } from '../fixtures/seeded-random.js';
import { record, summarize, type BenchResult } from './report.js';
import { generateCatalogue } from './workflow.js';

const ITEMS = 200_000;
const SAMPLES = 300;

export async function goodsListBench(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'kassa-bench-goods-'));
  const core = createCore({ dataDir: dir, log: () => {}, passwordCost: TEST_PASSWORD_COST });
  const ok = async (method: string, input: unknown = {}) => {
    const res = await core.router.call(method, input, true);
    if (!res.ok) throw new Error(`${method}: ${res.error.code} ${res.error.message}`);
    return res.value;
  };
  try {
    await ok('setup.enterPin', { pin: '1234' });
    await ok('auth.login', { login: 'admin', password: '1111' });
    await ok('auth.changePassword', { oldPassword: '1111', newPassword: '258036' });
    const items = generateCatalogue(ITEMS);
    importItems(core.ctx, items);
    const r = seededRandom(7);
    const sorts = ['name', 'code', 'price'] as const;
    const samples: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const item = items[r.int(0, ITEMS - 1)]!;
      const word = item.name.split(' ')[r.int(0, 1)]!.toLowerCase();
      const way = i % 4;
      // Typed letter by letter, a word's middle, a code's start, or no text and a page far down.
      const query = way === 0 ? word.slice(0, 1 + (i % word.length)) : way === 1 ? word.slice(1, 5) : way === 2 ? item.code.slice(0, 4) : '';
      const offset = way === 3 ? r.int(0, ITEMS - 100) : 0;
      const input = { query, sort: sorts[i % 3], desc: i % 2 === 0, offset, limit: 100, withTotal: offset === 0 };
      const t0 = performance.now();
      const page = (await ok('goods.list', input)) as { rows: unknown[] };
      samples.push(performance.now() - t0);
      if (page.rows.length === 0 && query === '') throw new Error('goods-list-200k: an empty page of the whole catalogue');
    }
    return summarize(
      'goods-list-200k',
      'ms',
      samples,
      `goods.list page of 100 (+ count on the first) over ${ITEMS} items: typed names, inner words, codes, pages down; 3 orders`,
    );
  } finally {
    core.close();
    rmSync(dir, { recursive: true, force: true, maxRetries: 10 });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) record([await goodsListBench()]);
