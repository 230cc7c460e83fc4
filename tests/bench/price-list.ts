/**
 * Price lists at shop scale, through the router of an in-process core (the import runs as a worker
 * task, as on the till; needs `npm run build` for dist/main/task-worker.js):
 *  - catalogue-import-200k: a 200,000-row Windows-1251 CSV into an empty catalogue (a bulk load) — read, every row checked, written
 *    (ms; IMPORT_RUNS runs, each on a till of its own: one run says little on a machine whose speed drifts);
 *  - catalogue-update-200k: a list of new prices for every item, nobody selling (ms, one run);
 *  - catalogue-export-200k: the 200,000-item catalogue to a Windows-1251 CSV (ms, one run);
 *  - sale-during-import: `sale.addItem` while a second import changes every price (p95 < 50 ms);
 *  - sale-during-catalogue-export: `sale.addItem` while the catalogue is exported (a worker task; p95 < 50 ms;
 *    apart from the database export's sale-during-export in tests/bench/maintenance.ts).
 * Alone: `npx tsx tests/bench/price-list.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import iconv from 'iconv-lite';
import { createCore, type Core } from '../../main/core.js';
import { HEADER, priceText } from '../../main/services/price-list/export.js';
import { TEST_PASSWORD_COST } from '../fixtures/core.js';
import { record, summarize, type BenchResult } from './report.js';
import { generateCatalogue } from './workflow.js';

const ITEMS = 200_000;
/** Bulk loads measured, each into the empty catalogue of a till of its own. */
const IMPORT_RUNS = 3;

async function ok(core: Core, method: string, input: unknown = {}): Promise<unknown> {
  const res = await core.router.call(method, input, true);
  if (!res.ok) throw new Error(`${method}: ${res.error.code} ${res.error.message}`);
  return res.value;
}

/** The generated catalogue as a shop's Windows-1251 price list; `bump` changes every price. */
function priceList(bump: number): Buffer {
  const lines = [HEADER.join(';')];
  for (const item of generateCatalogue(ITEMS)) {
    const [noun, brand] = item.name.split(' ');
    const vat = item.vatRate === null ? 'без НДС' : String(item.vatRate / 100);
    lines.push(
      [
        item.code,
        item.name,
        item.barcodes.join(' '),
        priceText(item.price + bump, ','),
        vat,
        'шт',
        item.section,
        `${noun}/${brand}`,
        'нет',
        'нет',
        'нет',
        'нет',
      ].join(';'),
    );
  }
  return iconv.encode(lines.join('\r\n'), 'win1251');
}

async function upload(core: Core, bytes: Buffer): Promise<string> {
  let fileId: string | undefined;
  for (let at = 0; at < bytes.length; at += 500_000) {
    const r = (await ok(core, 'priceList.upload', {
      ...(fileId && { fileId }),
      name: 'prajs-200k.csv',
      offset: at,
      data: bytes.subarray(at, at + 500_000).toString('base64'),
    })) as {
      fileId: string;
    };
    fileId = r.fileId;
  }
  return fileId!;
}

async function importFile(core: Core, fileId: string) {
  const opened = (await ok(core, 'priceList.open', { source: { kind: 'upload', fileId }, read: {} })) as { mapping: object };
  return ok(core, 'priceList.apply', {
    fileId,
    read: { charset: 'auto', delimiter: 'auto', header: true },
    mapping: opened.mapping,
    mode: 'update-code',
  }) as Promise<{
    counts: { add: number; update: number; errors: number };
    phases?: { read: number; check: number; write: number };
    streamed?: boolean;
  }>;
}

/** A till being set up: its PIN entered, the admin logged in with a password of their own. */
async function newTill(): Promise<{ core: Core; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'kassa-bench-price-list-'));
  const core = createCore({ dataDir: dir, log: () => {}, passwordCost: TEST_PASSWORD_COST });
  await ok(core, 'setup.enterPin', { pin: '1234' });
  await ok(core, 'auth.login', { login: 'admin', password: '1111' });
  await ok(core, 'auth.changePassword', { oldPassword: '1111', newPassword: '258036' });
  return { core, dir };
}

function closeTill(till: { core: Core; dir: string }): void {
  till.core.close();
  rmSync(till.dir, { recursive: true, force: true, maxRetries: 10 });
}

/** The price list into the till's empty catalogue: «Открыть» and «Загрузить» timed (ms), and what the import said. */
async function bulkLoad(core: Core, bytes: Buffer) {
  const fileId = await upload(core, bytes);
  const t0 = performance.now();
  const added = await importFile(core, fileId);
  const ms = performance.now() - t0;
  if (!added.streamed) throw new Error('the import was not read while written (a bulk load into an empty catalogue)');
  if (added.counts.add !== ITEMS) throw new Error(`imported ${JSON.stringify(added.counts)}`);
  return { ms, added };
}

export async function priceListBenches(): Promise<BenchResult[]> {
  const list = priceList(0);
  const importMs: number[] = [];
  // The other runs first, on tills of their own; the last one's catalogue serves the rest of the bench.
  for (let run = 1; run < IMPORT_RUNS; run++) {
    const other = await newTill();
    try {
      importMs.push((await bulkLoad(other.core, list)).ms);
    } finally {
      closeTill(other);
    }
  }
  const till = await newTill();
  const { core } = till;
  try {
    await ok(core, 'users.create', { login: 'bench', name: 'Кассир', cashierId: '100083608.94@4ek.by', role: 'cashier', password: '7391' });
    const { ms, added } = await bulkLoad(core, list);
    importMs.push(ms);

    let t0 = performance.now();
    await ok(core, 'priceList.export', { format: 'csv', charset: 'windows-1251' });
    const exportMs = performance.now() - t0;

    // New prices for every item while nobody sells (the common price list: only the prices change).
    const repriced = await upload(core, priceList(5));
    t0 = performance.now();
    const updated = await importFile(core, repriced);
    const updateMs = performance.now() - t0;
    if (updated.counts.update !== ITEMS) throw new Error(`updated ${JSON.stringify(updated.counts)}`);

    // A second price list changes every price while the cashier sells.
    const second = await upload(core, priceList(10));
    await ok(core, 'auth.logout');
    await ok(core, 'auth.login', { login: 'bench', password: '7391' });
    await ok(core, 'auth.changePassword', { oldPassword: '7391', newPassword: '5823' });
    await ok(core, 'shift.open');
    await ok(core, 'auth.logout');
    await ok(core, 'auth.login', { login: 'admin', password: '258036' });
    const opened = (await ok(core, 'priceList.open', { source: { kind: 'upload', fileId: second }, read: {} })) as { mapping: object };
    const running = core.router.call(
      'priceList.apply',
      { fileId: second, read: { charset: 'auto', delimiter: 'auto', header: true }, mapping: opened.mapping, mode: 'update-code' },
      true,
    );
    let finished = false;
    void running.finally(() => (finished = true));
    await ok(core, 'auth.logout');
    await ok(core, 'auth.login', { login: 'bench', password: '5823' });
    const barcodes = generateCatalogue(2_000).map((i) => i.barcodes[0]!);
    const samples: number[] = [];
    for (let i = 0; !finished; i++) {
      const s0 = performance.now();
      await ok(core, 'sale.addItem', { barcode: barcodes[i % barcodes.length] });
      samples.push(performance.now() - s0);
      if (i % 20 === 19) await ok(core, 'sale.cancel');
      await new Promise((r) => setTimeout(r, 2));
    }
    const result = await running;
    if (!result.ok) throw new Error(`second import: ${result.error.message}`);

    // The admin exports the catalogue while the cashier sells (a worker task: the till's thread only waits for its answer).
    await ok(core, 'sale.cancel');
    await ok(core, 'auth.logout');
    await ok(core, 'auth.login', { login: 'admin', password: '258036' });
    const exporting = core.router.call('priceList.export', { format: 'csv', charset: 'windows-1251' }, true);
    let exported = false;
    void exporting.finally(() => (exported = true));
    await ok(core, 'auth.logout');
    await ok(core, 'auth.login', { login: 'bench', password: '5823' });
    const duringExport: number[] = [];
    for (let i = 0; !exported; i++) {
      const s0 = performance.now();
      await ok(core, 'sale.addItem', { barcode: barcodes[i % barcodes.length] });
      duringExport.push(performance.now() - s0);
      if (i % 20 === 19) await ok(core, 'sale.cancel');
      await new Promise((r) => setTimeout(r, 2));
    }
    const exportResult = await exporting;
    if (!exportResult.ok) throw new Error(`export while selling: ${exportResult.error.message}`);
    if (duringExport.length < 10) throw new Error(`only ${duringExport.length} sales while the export ran`);
    const phases = (p?: { read: number; check: number; write: number }, streamed?: boolean) =>
      p
        ? `read ${p.read} ms, check ${p.check} ms, write ${p.write} ms${streamed ? ' — read and checked on a thread of their own while written' : ''}`
        : 'phases unknown';
    const secondPhases = (result.value as { phases?: { read: number; check: number; write: number } }).phases;
    console.log(
      `price lists: import ${importMs.map((m) => Math.round(m)).join(' / ')} ms (the last: ${phases(added.phases, added.streamed)}), new prices ${Math.round(updateMs)} ms (${phases(updated.phases)}), ` +
        `export ${Math.round(exportMs)} ms, ` +
        `${samples.length} sales during the second import (${phases(secondPhases)}), ${duringExport.length} during an export`,
    );
    return [
      summarize(
        'catalogue-import-200k',
        'ms',
        importMs,
        `${ITEMS} rows, Windows-1251 CSV into an empty catalogue (a bulk load), «Открыть» and «Загрузить», ${IMPORT_RUNS} runs on tills of their own: read, checked, written — the last: ${phases(added.phases, added.streamed)} (goal < 5000 ms)`,
      ),
      summarize(
        'catalogue-update-200k',
        'ms',
        [updateMs],
        `${ITEMS} rows of new prices for every item, Windows-1251 CSV, nobody selling: read, checked, written in a worker — ${phases(updated.phases)} (no goal of its own)`,
      ),
      summarize('catalogue-export-200k', 'ms', [exportMs], `${ITEMS} items to a Windows-1251 CSV (goal < 3000 ms)`),
      summarize(
        'sale-during-import',
        'ms',
        samples,
        `sale.addItem while a ${ITEMS}-row price list changes every price — ${phases(secondPhases)} (goal p95 < 50 ms)`,
      ),
      summarize(
        'sale-during-catalogue-export',
        'ms',
        duringExport,
        `sale.addItem while the ${ITEMS}-item catalogue is exported to a Windows-1251 CSV (goal p95 < 50 ms)`,
      ),
    ];
  } finally {
    closeTill(till);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) record(await priceListBenches());
