/**
 * E2E helpers: the real web host on a fresh data folder, headless Chromium at till size, and the
 * steps every flow shares (PIN, login, password change, screenshots).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, onTestFailed } from 'vitest';
import type { MethodInput, MethodName, MethodOutput, Result } from '../../preload/contract/index.js';
import { browserLaunchOptions } from '../fixtures/browser.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const ARTIFACTS = join(ROOT, 'tests/e2e/artifacts');
/** The size the issues ask screenshots at (a common shop monitor); layout-sizes.spec.ts tries the others. */
export const VIEWPORT = { width: 1366, height: 768 } as const;

const HOST_LINE = /Kassa web host: (http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]+)/;

export type WebHostProcess = { readonly url: string; readonly dataDir: string; readonly pid: number; readonly output: () => string; stop(): Promise<void> };

/**
 * A cheap scrypt for the tills of the tests (web.ts takes it only under vitest): the production
 * cost spends seconds a password on a loaded machine, and every test logs in and changes passwords.
 */
export const TEST_ONLY_ARGS: readonly string[] = ['--password-cost', '10'];

/**
 * Starts `node dist/main/web.js --port 0 --data-dir <fresh dir> [args]` and waits for its URL line;
 * `env` is added to this process's environment (a time zone, say).
 */
export async function startWebHost(options: { args?: readonly string[]; env?: Readonly<Record<string, string>> } = {}): Promise<WebHostProcess> {
  const entry = join(ROOT, 'dist/main/web.js');
  if (!existsSync(entry) || !existsSync(join(ROOT, 'dist/renderer/index.html'))) {
    throw new Error('dist/main/web.js or dist/renderer is missing: run `npm run build` first');
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'kassa-e2e-'));
  const child: ChildProcess = spawn(process.execPath, [entry, '--port', '0', '--data-dir', dataDir, ...TEST_ONLY_ARGS, ...(options.args ?? [])], {
    cwd: ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (d: string) => (out += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web host did not print its URL in 30 s:\n${out}`)), 30_000);
    child.stdout?.on('data', (d: string) => {
      out += d;
      const m = HOST_LINE.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web host exited with ${code}:\n${out}`));
    });
  });
  return {
    url,
    dataDir,
    pid: child.pid!,
    output: () => out,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 10 });
    },
  };
}

/**
 * For a spec (or a describe): one Chromium for all its tests, and a fresh till per test — a web
 * host on its own data folder with a page open on it — stopped after the test.
 */
export function useTills(): { open(hostOptions?: Parameters<typeof startWebHost>[0]): Promise<{ host: WebHostProcess; page: Page; errors: string[] }> } {
  let browser: Browser | null = null;
  let host: WebHostProcess | null = null;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterEach(async () => {
    await host?.stop();
    host = null;
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    async open(hostOptions) {
      if (!browser) throw new Error('useTills: the browser is not up (call useTills() at the top of the spec)');
      host = await startWebHost(hostOptions);
      return { host, ...(await openTill(browser, host.url)) };
    },
  };
}

/**
 * The till's clock started at noon today (local time, as the web host takes it): a test of a rule
 * about «the day of the document» cannot straddle midnight, whatever the hour it runs at.
 */
export function clockAtNoon(): { args: string[] } {
  const noon = new Date();
  noon.setHours(12, 0, 0, 0);
  return { args: ['--clock-start', noon.toISOString()] };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch(browserLaunchOptions());
}

/**
 * A page at till size that records every uncaught error of the renderer; `timezoneId` and `time`
 * put the page in the till's zone and start its clock at that instant.
 */
/**
 * In the page, before the app: records every API call and answer, every event from main, every key,
 * every click (with the element it landed on) and every toast, with the page's clock, into `window.__e2eTrace` (only read when a test fails).
 * A string, so the bundler's helpers stay out of it.
 */
const PAGE_TRACE = `(() => {
  const trace = (window.__e2eTrace = []);
  const at = () => performance.now().toFixed(1);
  const put = (line) => { trace.push(at() + ' ' + line); if (trace.length > 2000) trace.splice(0, 500); };
  const fetch0 = window.fetch.bind(window);
  window.fetch = async (url, init) => {
    const name = String(url).replace(/^.*\\/api\\//, '');
    put('call ' + name + ' ' + String(init && init.body || '').slice(0, 120));
    try { const res = await fetch0(url, init); put('answer ' + name + ' ' + res.status); return res; }
    catch (err) { put('failed ' + name + ' ' + err); throw err; }
  };
  const Socket = window.WebSocket;
  window.WebSocket = class extends Socket {
    constructor(...args) {
      super(...args);
      put('socket open');
      this.addEventListener('message', (e) => put((String(e.data).startsWith('{"id":') ? 'answer ' : 'event ') + String(e.data).slice(0, 200)));
      this.addEventListener('close', () => put('socket closed'));
    }
    send(data) {
      put('call ' + String(data).slice(0, 160));
      return super.send(data);
    }
  };
  addEventListener('keydown', (e) => put('key ' + e.key + ' t=' + e.timeStamp.toFixed(1) + ' focus=' + (document.activeElement ? document.activeElement.tagName : '')), true);
  const named = (el) => el && el.closest ? ((el.closest('[data-testid]') || el).getAttribute('data-testid') || el.tagName) : String(el);
  addEventListener('pointerdown', (e) => put('pointerdown ' + named(e.target) + ' at ' + e.clientX + ',' + e.clientY), true);
  addEventListener('click', (e) => put('click ' + named(e.target)), true);
  new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes) {
      const el = n.nodeType === 1 ? n : null;
      const toast = el && (el.matches('[role=alert],[role=status]') ? el : el.querySelector('[role=alert],[role=status]'));
      if (toast) put('notice ' + toast.textContent);
    }
  }).observe(document, { childList: true, subtree: true });
})()`;

/** Whether the page's own trace (PAGE_TRACE) has a line containing `text` — what the page's handlers saw, not the network. */
export function pageHeard(page: Page, text: string): Promise<boolean> {
  return page.evaluate((t) => ((window as unknown as { __e2eTrace?: string[] }).__e2eTrace ?? []).some((line) => line.includes(t)), text);
}

export async function openTill(browser: Browser, url: string, at: { timezoneId?: string; time?: number } = {}): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'ru-RU', ...(at.timezoneId ? { timezoneId: at.timezoneId } : {}) });
  const page = await context.newPage();
  if (at.time !== undefined) await page.clock.install({ time: at.time });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  watchCalls(page);
  // What the page said and heard, for a test that fails: a flake seen once under load is read
  // from this trace (calls, events, keys, notices with their times), not guessed at.
  await context.addInitScript(PAGE_TRACE);
  onTestFailed(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, `failed-${Date.now()}.png`) }).catch(() => undefined);
    if (errors.length > 0) console.error(errors.join('\n'));
    const trace = await page.evaluate(() => (window as unknown as { __e2eTrace?: string[] }).__e2eTrace ?? []).catch(() => []);
    console.error(`page trace (last ${Math.min(trace.length, 300)} of ${trace.length}):\n${trace.slice(-300).join('\n')}`);
  });
  await page.goto(url);
  return { page, errors };
}

type CallWatch = {
  readonly sent: Map<string, number>;
  readonly waiting: { method: string; after: number; resolve: (answer: Result<unknown>) => void }[];
};
const watches = new WeakMap<Page, CallWatch>();

/**
 * The page's calls to main, whichever way they go: a POST before its socket is open (or for a large
 * input), over the events socket once it is. Set up by openTill before the page loads.
 */
function watchCalls(page: Page): void {
  const watch: CallWatch = { sent: new Map(), waiting: [] };
  watches.set(page, watch);
  const sent = (method: string): number => {
    const n = (watch.sent.get(method) ?? 0) + 1;
    watch.sent.set(method, n);
    return n;
  };
  const answered = (method: string, n: number, answer: Result<unknown>) => {
    for (const w of watch.waiting.filter((x) => x.method === method && n > x.after)) {
      watch.waiting.splice(watch.waiting.indexOf(w), 1);
      w.resolve(answer);
    }
  };
  const posts = new WeakMap<object, { method: string; n: number }>();
  const methodOf = (url: string) => /\/api\/([\w.]+)$/.exec(url)?.[1];
  page.on('request', (r) => {
    const method = methodOf(r.url());
    if (method && method !== 'events') posts.set(r, { method, n: sent(method) });
  });
  page.on('response', (r) => {
    const post = posts.get(r.request());
    if (post)
      void r.json().then(
        (body: Result<unknown>) => answered(post.method, post.n, body),
        () => undefined,
      );
  });
  page.on('websocket', (ws) => {
    const calls = new Map<number, { method: string; n: number }>();
    ws.on('framesent', ({ payload }) => {
      const call = JSON.parse(String(payload)) as { id: number; method: string };
      calls.set(call.id, { method: call.method, n: sent(call.method) });
    });
    ws.on('framereceived', ({ payload }) => {
      const frame = JSON.parse(String(payload)) as { id?: number; answer?: Result<unknown> };
      const call = frame.id === undefined ? undefined : calls.get(frame.id);
      if (call) answered(call.method, call.n, frame.answer!);
    });
  });
}

/** How many calls of `method` the page has made so far. */
export function callCount(page: Page, method: MethodName): number {
  return watches.get(page)?.sent.get(method) ?? 0;
}

/** The answer to the next call of `method` the page makes (asked for before the step that makes it). */
export function nextAnswer(page: Page, method: MethodName): Promise<Result<unknown>> {
  const watch = watches.get(page);
  if (!watch) throw new Error('nextAnswer: the page was not opened by openTill');
  return new Promise((resolve) => watch.waiting.push({ method, after: watch.sent.get(method) ?? 0, resolve }));
}

let shotNumber = 0;

/** tests/e2e/artifacts/<nn>-<name>.png, numbered in the order the screens were seen. */
export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  shotNumber += 1;
  // Let fonts and the last React commit settle so the picture shows what the cashier sees.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.screenshot({ path: join(ARTIFACTS, `${String(shotNumber).padStart(2, '0')}-${name}.png`) });
}

/**
 * In the page: each visible list (select) whose chosen option's text is wider than the list shows it
 * (Chromium cuts it at the arrow), each empty field whose hint (placeholder) is wider than the field,
 * and each button whose text runs past its box. A string, so the bundler's helpers stay out of it.
 */
const CUT_TEXTS = `(() => {
  // Chromium draws a list's arrow inside its right padding: about this much of the text's room.
  const ARROW = 20;
  const out = [];
  const ctx = document.createElement('canvas').getContext('2d');
  for (const el of document.querySelectorAll('select')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
    const option = el.options[el.selectedIndex];
    if (!option) continue;
    const cs = getComputedStyle(el);
    ctx.font = cs.font;
    const text = option.textContent.trim();
    const room = el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - ARROW;
    const need = ctx.measureText(text).width;
    if (need > room + 0.5) out.push((el.getAttribute('data-testid') || 'select') + ': «' + text + '» needs ' + Math.round(need) + ' px of ' + Math.round(room));
  }
  for (const el of document.querySelectorAll('input[placeholder]')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || el.value !== '') continue;
    const cs = getComputedStyle(el);
    ctx.font = cs.font;
    const room = el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
    const need = ctx.measureText(el.placeholder).width;
    if (need > room + 0.5) out.push((el.getAttribute('data-testid') || 'input') + ': hint «' + el.placeholder + '» needs ' + Math.round(need) + ' px of ' + Math.round(room));
  }
  for (const el of document.querySelectorAll('button')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (el.scrollWidth > el.clientWidth + 1) out.push((el.getAttribute('data-testid') || el.textContent.trim().slice(0, 30)) + ': text ' + el.scrollWidth + ' px in ' + el.clientWidth);
  }
  return out;
})()`;

/** The lists, field hints and buttons of the page whose words are cut (CUT_TEXTS), each with its test id. */
export function cutTexts(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(CUT_TEXTS);
}

/** Calls window.kassa in the page: the same API and session the UI uses. */
export async function kassa<M extends MethodName>(page: Page, method: M, input?: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = (await page.evaluate(
    async ([m, i]) => {
      const [area, fn] = m.split('.') as [string, string];
      const api = window.kassa as unknown as Record<string, Record<string, (x: unknown) => Promise<unknown>>>;
      return api[area]![fn]!(i ?? {});
    },
    [method, input] as const,
  )) as Result<MethodOutput<M>>;
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
  return result.value;
}

export async function text(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').trim();
}

/**
 * Waits, here and below, for what must come with no window of its own: the test's timeout bounds
 * it (the e2e project's expect.poll timeout; 0 for Playwright is none), so a load spike cannot
 * fail a till that was only slow.
 */

/** Waits until the locator's text equals (or matches) what is expected. */
export async function expectText(locator: Locator, expected: string | RegExp): Promise<void> {
  const poll = expect.poll(() => text(locator));
  if (typeof expected === 'string') await poll.toBe(expected);
  else await poll.toMatch(expected);
}

/** Waits until an input holds the expected value. */
export async function expectValue(locator: Locator, expected: string): Promise<void> {
  await expect.poll(() => locator.inputValue()).toBe(expected);
}

/**
 * Waits until a list (its table carries aria-busy while the query of its applied filters loads)
 * shows the answer to the filters applied last. Call it after the click that applies them: that
 * click's render already marks the list busy, so this cannot pass on the previous answer.
 */
export async function answered(list: Locator): Promise<void> {
  await expect.poll(() => list.getAttribute('aria-busy')).toBe('false');
}

export async function visible(locator: Locator): Promise<void> {
  await locator.waitFor({ state: 'visible', timeout: 0 });
}

/**
 * Waits until the element has left the page — a dialog that closes when main answers. Its figures
 * may already be on screen before (main's `sale.changed` event comes before the answer), and a key
 * pressed meanwhile goes to the dialog, not to the screen behind it.
 */
export async function gone(locator: Locator): Promise<void> {
  await locator.waitFor({ state: 'detached', timeout: 0 });
}

// ─── Sample catalogue ─────────────────────────────────────────────────────────

export type SampleItem = {
  readonly code: string;
  readonly name: string;
  readonly barcodes: readonly string[];
  readonly price: number;
  readonly vatRate: number | null;
  readonly unit: 'шт' | 'кг';
  readonly section: number;
  readonly category: string;
};

export function sampleCatalogue(): readonly SampleItem[] {
  return JSON.parse(readFileSync(join(ROOT, 'resources/sample-catalogue.json'), 'utf8')) as SampleItem[];
}

/** Piece goods with a barcode: what a cashier scans most. */
export function pieceGoods(): readonly SampleItem[] {
  return sampleCatalogue().filter((i) => i.unit === 'шт' && i.barcodes.length > 0);
}

/** 289 → "2.89". */
export function money(kopecks: number): string {
  const sign = kopecks < 0 ? '-' : '';
  const abs = Math.abs(kopecks);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

// ─── Steps shared by the flows ────────────────────────────────────────────────

export async function enterPin(page: Page, pin: string): Promise<void> {
  await visible(page.getByTestId('screen-setup'));
  for (const digit of pin) await page.getByTestId(`setup-keypad-${digit}`).click();
  await page.getByTestId('setup-submit').click();
}

export async function chooseUser(page: Page, name: string): Promise<void> {
  await visible(page.getByTestId('screen-login'));
  await page.locator(`[data-user-name="${name}"]`).click();
}

/** Chooses the user by name and types the password on the physical keyboard. */
export async function login(page: Page, name: string, password: string): Promise<void> {
  await chooseUser(page, name);
  const field = page.getByTestId('login-password');
  await field.fill('');
  await field.pressSequentially(password);
  await field.press('Enter');
}

export async function changePassword(page: Page, oldPassword: string, newPassword: string): Promise<void> {
  await visible(page.getByTestId('screen-password'));
  await page.getByTestId('password-oldPassword').fill(oldPassword);
  await page.getByTestId('password-newPassword').fill(newPassword);
  await page.getByTestId('password-repeat').fill(newPassword);
  await page.getByTestId('password-submit').click();
}

export async function logout(page: Page): Promise<void> {
  await page.getByTestId('menu-logout').click();
  await visible(page.getByTestId('screen-login'));
}

export async function createUser(page: Page, user: { login: string; name: string; cashierId: string; role: 'admin' | 'cashier'; password: string }): Promise<void> {
  await page.getByTestId('users-new-login').fill(user.login);
  await page.getByTestId('users-new-name').fill(user.name);
  await page.getByTestId('users-new-cashier-id').fill(user.cashierId);
  await page.getByTestId(`users-new-role-${user.role}`).click();
  await page.getByTestId('users-new-password').fill(user.password);
  await page.getByTestId('users-create').click();
}

/** Scans a barcode: the digits and Enter into the barcode field, as a scanner types them. */
export async function scan(page: Page, barcode: string): Promise<void> {
  const field = page.getByTestId('sale-barcode');
  await field.click();
  await field.pressSequentially(barcode);
  await field.press('Enter');
}
