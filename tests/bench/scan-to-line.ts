/**
 * scan-to-line: a keyboard-wedge scan on the sale screen → the new line painted. The web host
 * (built bundle) runs on a data folder whose catalogue holds 200,000 items, generated and imported
 * in one transaction through the catalogue service before the host starts (generator shared with
 * tests/bench/workflow.ts). Headless Chromium types each EAN-13 at ~10 ms per character with no
 * field focused, then Enter — as a scanner does. Measured in the page: from the Enter key event
 * to the first animation frame after the new line's row is in the table (scan-to-line), and to the
 * row being in the table (scan-to-line-dom: the till's own work, without the wait for the frame
 * that draws it — on a quiet run here that wait was ~4 ms at the median, ~6 ms at p95).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { createCore } from '../../main/core.js';
import { importItems } from '../../main/services/catalogue.js';
import { browserLaunchOptions } from '../fixtures/browser.js';
import { seededRandom } from '../fixtures/seeded-random.js';
import { cashierOnShift, startWebHostProcess } from '../fixtures/web-host-process.js';
import { record, summarize, type BenchResult } from './report.js';
import { generateCatalogue } from './workflow.js';
import { TEST_PASSWORD_COST } from '../fixtures/core.js';

const ITEMS = 200_000;
const WARM_UP = 10;
const SAMPLES = 200;
/** A shop's check rarely runs longer: start a new one after this many lines. */
const LINES_PER_CHECK = 25;
const CHAR_DELAY_MS = 10;

/**
 * In the page: resolves with the milliseconds from the Enter key event to the table having more than
 * `count` lines (dom) and to the first animation frame after it (frame). A string, so the bundler's
 * helpers stay out of it.
 */
const WATCH_NEW_LINE = `(count) => new Promise((resolve, reject) => {
  let enterAt = null;
  const onKey = (e) => { if (e.key === 'Enter') enterAt = e.timeStamp; };
  window.addEventListener('keydown', onKey, true);
  const timer = setTimeout(() => reject(new Error('no new line in 10 s')), 10000);
  const observer = new MutationObserver(() => {
    if (enterAt === null || document.querySelectorAll('[data-testid="sale-line"]').length <= count) return;
    observer.disconnect();
    clearTimeout(timer);
    window.removeEventListener('keydown', onKey, true);
    const from = enterAt;
    const dom = performance.now() - from;
    requestAnimationFrame(() => resolve({ frame: performance.now() - from, dom }));
  });
  observer.observe(document.querySelector('[data-testid="screen-sale"]'), { childList: true, subtree: true });
})`;

/**
 * A data folder whose catalogue holds `count` generated items, imported in one transaction through
 * the catalogue service. Done in a child process: a core started here would keep this process
 * alive (its СКО emulator and device timers) after the bench has finished.
 */
export function seedBigCatalogue(dir: string, count = ITEMS): readonly string[] {
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--seed', dir, String(count)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (child.status !== 0) throw new Error(`seeding the catalogue failed (exit ${child.status})`);
  console.log(child.stdout.trim());
  return generateCatalogue(count).map((i) => i.barcodes[0]!);
}

function seedHere(dir: string, count: number): void {
  const core = createCore({ dataDir: dir, log: () => {}, passwordCost: TEST_PASSWORD_COST });
  try {
    const t0 = performance.now();
    importItems(core.ctx, generateCatalogue(count));
    console.log(`scan-to-line: ${count} items imported in ${Math.round(performance.now() - t0)} ms`);
  } finally {
    core.close();
  }
}

export async function scanToLine(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'kassa-bench-scan-'));
  const barcodes = seedBigCatalogue(dir);
  const host = await startWebHostProcess(dir);
  const browser = await chromium.launch(browserLaunchOptions());
  try {
    await cashierOnShift(host);

    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'ru-RU' })).newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(host.url);
    await page.getByTestId('menu-sale').click();
    await page.getByTestId('screen-sale').waitFor();

    const rows = page.getByTestId('sale-line');
    const r = seededRandom(7);
    const samples: number[] = [];
    const dom: number[] = [];
    for (let i = 0; i < WARM_UP + SAMPLES; i++) {
      if (i > 0 && i % LINES_PER_CHECK === 0) {
        await page.getByTestId('sale-cancel').click();
        await page.getByTestId('cancel-confirm-ok').click();
        await page.getByTestId('sale-lines-empty').waitFor();
      }
      const before = await rows.count();
      // No field focused: the scan is recognised by its timing alone.
      await page.evaluate('document.activeElement && document.activeElement.blur()');
      const painted = page.evaluate<{ frame: number; dom: number }>(`(${WATCH_NEW_LINE})(${before})`);
      const barcode = barcodes[r.int(0, barcodes.length - 1)]!;
      await page.keyboard.type(barcode, { delay: CHAR_DELAY_MS });
      await page.keyboard.press('Enter');
      const ms = await painted.catch(async (err: unknown) => {
        const notice = await page.getByTestId('notice-error').allTextContents();
        throw new Error(`scan ${i} (${barcode}) added no line: ${String(err)}; on screen: ${notice.join(' | ') || 'no error shown'}`);
      });
      // Recognised by its timing: the keys never went into the entry line (it would have the focus).
      if (!(await page.evaluate('document.activeElement === document.body'))) throw new Error(`scan ${i} was typed into a field, not recognised as a scan`);
      if (i >= WARM_UP) {
        samples.push(ms.frame);
        dom.push(ms.dom);
      }
    }
    if (errors.length) throw new Error(`renderer errors: ${errors.join('; ')}`);
    const what = `keyboard-wedge scan (EAN-13 at ${CHAR_DELAY_MS} ms/char, Enter, no field focused)`;
    const where = `web host + headless Chromium, ${ITEMS.toLocaleString('en')}-item catalogue, checks of ${LINES_PER_CHECK} lines`;
    return [
      summarize('scan-to-line', 'ms', samples, `${what} → new line painted (the next frame after it is in the page); ${where}`),
      summarize('scan-to-line-dom', 'ms', dom, `${what} → new line in the page, before the frame that draws it (the till's own work); ${where}`),
    ];
  } finally {
    await browser.close();
    await host.stop();
    rmSync(dir, { recursive: true, force: true, maxRetries: 10 });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const seed = process.argv.indexOf('--seed');
  if (seed > 0) {
    seedHere(process.argv[seed + 1]!, Number(process.argv[seed + 2]));
    process.exit(0);
  }
  record(await scanToLine());
}
