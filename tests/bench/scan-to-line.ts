/**
 * scan-to-line: a keyboard-wedge scan on the sale screen → the new line painted. The web host
 * (built bundle) runs on a data folder whose catalogue holds 200,000 items, generated and imported
 * in one transaction through the catalogue service before the host starts (generator shared with
 * tests/bench/workflow.ts). Headless Chromium types each EAN-13 at ~10 ms per character with no
 * field focused, then Enter — as a scanner does. Measured in the page: from the Enter key event
 * to the first animation frame after the new line's row is in the table (scan-to-line), and to the
 * row being in the table (scan-to-line-dom: the till's own work, without the wait for the frame
 * that draws it — on a quiet run here that wait was ~4 ms at the median, ~6 ms at p95).
 *
 * It also prints where the time goes, from the page's side of the events socket (the page's
 * WebSocket is watched by an init script of the bench; the till's code is as shipped): Enter →
 * the scan sent, → main's `sale.changed` with the new line received (main's work and the way there
 * and back through Chromium's network process), → the line in the page (the store and React), →
 * painted. A bare round trip (`app.status`, 130 ms after the last, as a scan comes) is timed beside
 * it: the part of the wait no code of the till's can shorten.
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
import { recordOrHandOver, summarize, type BenchResult } from './report.js';
import { generateCatalogue } from './workflow.js';
import { TEST_PASSWORD_COST } from '../fixtures/core.js';

const ITEMS = 200_000;
const WARM_UP = 10;
const SAMPLES = 200;
/** A shop's check rarely runs longer: start a new one after this many lines. */
const LINES_PER_CHECK = 25;
const CHAR_DELAY_MS = 10;

/**
 * In the page, before its scripts: the moments the page sends a call over the events socket and
 * receives a message on it (the bench's stage breakdown). A string, so the bundler's helpers stay out of it.
 */
const WATCH_SOCKET = `(() => {
  const seen = (window.__benchSocket = { sent: [], received: [] });
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    if (typeof data === 'string' && data.includes('"method":"sale.scan"')) seen.sent.push(performance.now());
    return send.call(this, data);
  };
  const onmessage = Object.getOwnPropertyDescriptor(WebSocket.prototype, 'onmessage');
  Object.defineProperty(WebSocket.prototype, 'onmessage', {
    configurable: true,
    get() { return onmessage.get.call(this); },
    set(handler) {
      onmessage.set.call(this, (e) => {
        if (typeof e.data === 'string' && e.data.startsWith('{"event":"sale.changed"')) seen.received.push(performance.now());
        return handler(e);
      });
    },
  });
})()`;

type Painted = { frame: number; dom: number; sent: number | null; received: number | null };

/**
 * In the page: resolves with the milliseconds from the Enter key event to the table having more than
 * `count` lines (dom) and to the first animation frame after it (frame); and to the scan sent and
 * main's first `sale.changed` after it received (null if not seen). A string, as WATCH_SOCKET.
 */
const WATCH_NEW_LINE = `(count) => new Promise((resolve, reject) => {
  const socket = window.__benchSocket;
  socket.sent.length = 0;
  socket.received.length = 0;
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
    const sentAt = socket.sent.find((t) => t >= from);
    const receivedAt = sentAt === undefined ? undefined : socket.received.find((t) => t >= sentAt);
    const since = (t) => (t === undefined ? null : t - from);
    requestAnimationFrame(() => resolve({ frame: performance.now() - from, dom, sent: since(sentAt), received: since(receivedAt) }));
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

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'ru-RU' });
    await context.addInitScript(WATCH_SOCKET);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(host.url);
    await page.getByTestId('menu-sale').click();
    await page.getByTestId('screen-sale').waitFor();
    // The screen gives the entry line the focus as it opens (a passive effect): taken away before each
    // scan below, it must have happened first, or it lands in the middle of the first scan's keys.
    await page.waitForFunction('document.activeElement && document.activeElement.id === "sale-barcode"');

    const rows = page.getByTestId('sale-line');
    const r = seededRandom(7);
    const samples: number[] = [];
    const dom: number[] = [];
    const stages = { sent: [] as number[], received: [] as number[], inPage: [] as number[], painted: [] as number[] };
    for (let i = 0; i < WARM_UP + SAMPLES; i++) {
      if (i > 0 && i % LINES_PER_CHECK === 0) {
        await page.getByTestId('sale-cancel').click();
        await page.getByTestId('cancel-confirm-ok').click();
        await page.getByTestId('sale-lines-empty').waitFor();
      }
      const before = await rows.count();
      // No field focused: the scan is recognised by its timing alone.
      await page.evaluate('document.activeElement && document.activeElement.blur()');
      const painted = page.evaluate<Painted>(`(${WATCH_NEW_LINE})(${before})`);
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
        if (ms.sent !== null && ms.received !== null) {
          stages.sent.push(ms.sent);
          stages.received.push(ms.received - ms.sent);
          stages.inPage.push(ms.dom - ms.received);
          stages.painted.push(ms.frame - ms.dom);
        }
      }
    }
    const roundTrips = await page.evaluate<number[]>(`(async () => {
      const out = [];
      for (let i = 0; i < 60; i++) {
        await new Promise((r) => setTimeout(r, ${13 * CHAR_DELAY_MS}));
        const t0 = performance.now();
        await window.kassa.app.status({});
        out.push(performance.now() - t0);
      }
      return out;
    })()`);
    const fig = (name: string, xs: readonly number[]) => {
      const r = summarize(name, 'ms', xs, '');
      return `${name} ${r.p50}/${r.p95}`;
    };
    console.log(
      `scan-to-line stages p50/p95 ms (n=${stages.sent.length} of ${samples.length}): ${fig('Enter → scan sent', stages.sent)}; ${fig('→ sale.changed received', stages.received)}; ` +
        `${fig('→ line in the page', stages.inPage)}; ${fig('→ painted', stages.painted)}. Bare round trip of app.status after ${13 * CHAR_DELAY_MS} ms idle: ${fig('p50/p95', roundTrips)}`,
    );
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
  recordOrHandOver(await scanToLine());
}
