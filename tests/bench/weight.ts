/**
 * weight-to-ui: from a scale frame written to the pseudo-terminal to the sale screen showing that
 * weight. The web host (built bundle) weighs on a Масса-К simulator at the far end of a socat pty;
 * headless Chromium shows the sale screen; each sample puts a new weight on the simulator and times
 * the first answer frame that carries it against the first animation frame after the weight text
 * appears. Both clocks are the system clock (performance.timeOrigin + now()).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';
import { browserLaunchOptions } from '../fixtures/browser.js';
import { scaleOnPty } from '../fixtures/serial/scale-on-pty.js';
import { ptyPair, socatMissing } from '../fixtures/serial/socat.js';
import { cashierOnShift, startWebHostProcess } from '../fixtures/web-host-process.js';
import { summarize, type BenchResult } from './report.js';

const SAMPLES = 60;

/** 1234 → "1.234 кг", as the weight indicator writes it. */
const kg = (g: number) => `${Math.trunc(g / 1000)}.${String(g % 1000).padStart(3, '0')} кг`;

export async function weightToUi(): Promise<BenchResult | null> {
  const missing = socatMissing();
  if (missing) {
    console.log(`weight-to-ui skipped: ${missing}`);
    return null;
  }
  const pair = await ptyPair();
  const scale = scaleOnPty(pair.b, 'massa-k');
  const dir = mkdtempSync(join(tmpdir(), 'kassa-bench-weight-'));
  const host = await startWebHostProcess(dir);
  const browser = await chromium.launch(browserLaunchOptions());
  try {
    await cashierOnShift(host, async () => {
      await host.ok('devices.saveSettings', { scale: { profile: 'massa-k', path: pair.a, baudRate: 9600, pollMs: 100, timeoutMs: 500, password: '0030' } });
    });

    // The till window: the session is the till's, so the page opens logged in as the cashier.
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'ru-RU' })).newPage();
    await page.goto(host.url);
    await page.getByTestId('menu-sale').click();
    const value = page.getByTestId('weight-value');
    scale.put({ grams: 1000, stable: true });
    await page.waitForFunction((t) => document.querySelector('[data-testid="weight-value"]')?.textContent === t, kg(1000), { timeout: 10_000 });

    const samples: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const grams = 1001 + i * 37;
      // Arm the watcher first: the time of the first frame after the text shows this weight.
      const shown = page.evaluate(
        (text) =>
          new Promise<number>((resolve) => {
            const el = document.querySelector('[data-testid="weight-value"]')!;
            const observer = new MutationObserver(() => {
              if (el.textContent !== text) return;
              observer.disconnect();
              requestAnimationFrame(() => resolve(performance.timeOrigin + performance.now()));
            });
            observer.observe(el, { characterData: true, childList: true, subtree: true });
          }),
        kg(grams),
      );
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(r))); // the observer is in place
      const from = scale.writes.length;
      scale.put({ grams, stable: true });
      const uiAt = await shown;
      const frame = scale.writes.slice(from).find((w) => w.load.grams === grams);
      if (!frame) throw new Error(`no frame carried ${grams} g`);
      samples.push(uiAt - (performance.timeOrigin + frame.at));
    }
    // Two processes, one system clock: a negative latency would mean the clocks disagree.
    if (Math.min(...samples) < 0) throw new Error(`weight-to-ui: negative latency ${Math.min(...samples)} ms — clocks disagree`);
    if (process.env.KASSA_BENCH_VERBOSE) console.log('weight-to-ui samples', samples.map((x) => x.toFixed(2)).join(' '));
    if ((await value.textContent()) !== kg(1001 + (SAMPLES - 1) * 37)) throw new Error('the last weight is not on screen');
    return summarize(
      'weight-to-ui',
      'ms',
      samples,
      `Масса-К frame on a socat pty → weight text painted on the sale screen (web host, headless Chromium), ${SAMPLES} weights, poll 100 ms`,
    );
  } finally {
    await browser.close();
    await host.stop();
    await scale.stop();
    await pair.close();
    rmSync(dir, { recursive: true, force: true, maxRetries: 10 });
  }
}
