/**
 * The till against the least the same request needs, side by side in one run (ratios, so a busy
 * machine does not decide):
 *  - sale-add-item-ratio: `sale.addItem` by barcode over the web host's HTTP API (200,000-item
 *    catalogue) vs a bare `node:http` server that parses JSON, looks the barcode up in a
 *    200,000-row WAL table, inserts the line and answers JSON. Goal ≤ 2.
 *  - check-close-ratio: `sale.pay` of a 3-line cash check vs the bare server writing the document,
 *    3 lines, a payment and an outbox row in one transaction (WAL, synchronous=FULL) and answering.
 *    Goal ≤ 4. The bare server has no СКО: the till's figure is given whole and without its СКО
 *    hand-off, and the phases of `sale.pay` (KASSA_TRACE=1, main/log/trace.ts) are printed.
 *  - web-host-cold-start: process start → first API answer, on an existing data folder (goal
 *    p50 < 300 ms) and, as web-host-cold-start-fresh, on a fresh one (migrations + seeding).
 * One client, keep-alive, requests alternating between the two servers.
 * Alone: `npm run build && tsx tests/bench/ratio.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { cashierOnShift, startWebHostProcess, type HostProcess } from '../fixtures/web-host-process.js';
import { seededRandom } from '../fixtures/seeded-random.js';
import { percentile, record, summarize, type BenchResult } from './report.js';
import { seedBigCatalogue } from './scan-to-line.js';
import { generateCatalogue } from './workflow.js';

const ITEMS = 200_000;
const WARM_UP = 20;
const ADDS = 400;
const CLOSES = 150;
const COLD_STARTS = 10;

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** One POST with a JSON body on the shared keep-alive connection; the parsed JSON answer. */
function post(port: number, path: string, body: unknown, headers: Record<string, string> = {}): Promise<unknown> {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent,
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

async function timed(samples: number[], run: () => Promise<unknown>): Promise<unknown> {
  const t0 = performance.now();
  const v = await run();
  samples.push(performance.now() - t0);
  return v;
}

/**
 * The bare server, in a process of its own as the web host is: the same writes as the till,
 * nothing else (no СКО, no receipt, no checks). Prints `bare <port>` once it listens.
 */
async function serveBare(dir: string, barcodes: readonly string[]): Promise<void> {
  const db = new Database(join(dir, 'bare.sqlite'));
  db.pragma('journal_mode = WAL');
  db.exec(`
    CREATE TABLE items (id INTEGER PRIMARY KEY, barcode TEXT NOT NULL UNIQUE, name TEXT NOT NULL, price INTEGER NOT NULL, vat_rate INTEGER);
    CREATE TABLE open_lines (id INTEGER PRIMARY KEY, item_id INTEGER, name TEXT, barcode TEXT, quantity INTEGER, price INTEGER, vat_rate INTEGER);
    CREATE TABLE documents (id INTEGER PRIMARY KEY, created_at TEXT, total INTEGER, change INTEGER, idempotency_key TEXT UNIQUE);
    CREATE TABLE document_lines (document_id INTEGER, line_no INTEGER, item_id INTEGER, name TEXT, barcode TEXT, quantity INTEGER, price INTEGER, amount INTEGER, vat_rate INTEGER);
    CREATE TABLE document_payments (document_id INTEGER, form TEXT, amount INTEGER);
    CREATE TABLE outbox (document_id INTEGER PRIMARY KEY, idempotency_key TEXT, payload TEXT, created_at TEXT);`);
  const fill = db.prepare('INSERT INTO items (barcode, name, price, vat_rate) VALUES (?, ?, ?, ?)');
  db.transaction(() => barcodes.forEach((b, i) => fill.run(b, `Товар ${i}`, 100 + (i % 20_000), 2000)))();
  const byBarcode = db.prepare<[string], { id: number; name: string; price: number; vat_rate: number }>(
    'SELECT id, name, price, vat_rate FROM items WHERE barcode = ?',
  );
  const addLine = db.prepare('INSERT INTO open_lines (item_id, name, barcode, quantity, price, vat_rate) VALUES (?, ?, ?, 1000, ?, ?)');
  const insertDoc = db.prepare('INSERT INTO documents (created_at, total, change, idempotency_key) VALUES (?, ?, ?, ?)');
  const insertLine = db.prepare('INSERT INTO document_lines VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const insertPayment = db.prepare('INSERT INTO document_payments VALUES (?, ?, ?)');
  const insertOutbox = db.prepare('INSERT INTO outbox VALUES (?, ?, ?, ?)');
  type Line = { barcode: string; price: number; name: string; item_id: number; vat_rate: number };
  const pay = db.transaction((lines: readonly Line[], amount: number) => {
    const now = new Date().toISOString();
    const key = crypto.randomUUID();
    const total = lines.reduce((s, l) => s + l.price, 0);
    const id = Number(insertDoc.run(now, total, amount - total, key).lastInsertRowid);
    lines.forEach((l, i) => insertLine.run(id, i + 1, l.item_id, l.name, l.barcode, 1000, l.price, l.price, l.vat_rate));
    insertPayment.run(id, 'cash', amount);
    insertOutbox.run(id, key, JSON.stringify({ key, lines, payments: [{ form: 'cash', amount }] }), now);
    return { id, total, change: amount - total };
  });
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { barcode?: string; lines?: Line[]; amount?: number };
      let answer: unknown;
      if (req.url === '/add') {
        // An open check is not fiscal: like the till's, its commit waits for no fsync.
        db.pragma('synchronous = NORMAL');
        const item = byBarcode.get(input.barcode!)!;
        const lineId = Number(addLine.run(item.id, item.name, input.barcode, item.price, item.vat_rate).lastInsertRowid);
        answer = { ok: true, value: { lineId, ...item } };
      } else {
        db.pragma('synchronous = FULL');
        answer = { ok: true, value: pay(input.lines!, input.amount!) };
      }
      const body = JSON.stringify(answer);
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.on('SIGTERM', () => {
    server.closeAllConnections();
    server.close(() => {
      db.close();
      process.exit(0);
    });
  });
  console.log(`bare ${(server.address() as AddressInfo).port}`);
}

function startBare(dir: string): Promise<{ port: number; close(): Promise<void> }> {
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--bare', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.on('exit', (code) => reject(new Error(`bare server exited with ${code}`)));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /bare (\d+)/.exec(out);
      if (!m) return;
      child.removeAllListeners('exit');
      resolve({ port: Number(m[1]), close: () => new Promise<void>((done) => (child.once('exit', () => done()), child.kill('SIGTERM'))) });
    });
  });
}

type Trace = { method: string; total: number; phases: Record<string, number> };

/** The host with KASSA_TRACE=1: its `kassa-trace` lines from stdout. */
async function tracedHost(dir: string): Promise<{ host: HostProcess; traces: Trace[] }> {
  process.env.KASSA_TRACE = '1';
  const host = await startWebHostProcess(dir).finally(() => delete process.env.KASSA_TRACE);
  const traces: Trace[] = [];
  let rest = '';
  host.child.stdout!.on('data', (d: Buffer) => {
    const lines = (rest + d.toString()).split('\n');
    rest = lines.pop()!;
    for (const l of lines) if (l.startsWith('kassa-trace ')) traces.push(JSON.parse(l.slice('kassa-trace '.length)) as Trace);
  });
  return { host, traces };
}

/** The СКО hand-off of a call: its `sko …` phases (pump, round trip, answer saved) and the rest of `sko`. */
const handOff = (t: Trace) => Object.entries(t.phases).reduce((sum, [name, ms]) => (name === 'sko' || name.startsWith('sko ') ? sum + ms : sum), 0);

const round = (x: number) => Math.round(x * 100) / 100;
const p50 = (xs: readonly number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );

/** The medians of each phase of `method`, in the order they happen. */
function breakdown(traces: readonly Trace[], method: string): string {
  const mine = traces.filter((t) => t.method === method);
  const names = [...new Set(mine.flatMap((t) => Object.keys(t.phases)))];
  const rows = names.map(
    (n) =>
      `  ${n.padEnd(16)} p50 ${round(p50(mine.map((t) => t.phases[n] ?? 0)))
        .toFixed(2)
        .padStart(7)} ms`,
  );
  return [`${method}: phases (median of ${mine.length} calls, web host with KASSA_TRACE=1)`, ...rows].join('\n');
}

function ratioResult(name: string, till: readonly number[], bare: readonly number[], size: string): BenchResult {
  const t = summarize(name, 'ratio', till, size);
  const b = summarize(name, 'ratio', bare, size);
  console.log(`${name}: Kassa Desk p50 ${t.p50} ms p95 ${t.p95} ms; bare server p50 ${b.p50} ms p95 ${b.p95} ms`);
  return {
    name,
    unit: '×',
    p50: round(t.p50 / b.p50),
    p95: round(t.p95 / b.p95),
    n: till.length,
    size: `${size}; Kassa p50/p95 ${t.p50}/${t.p95} ms, bare ${b.p50}/${b.p95} ms`,
  };
}

export async function ratioBenches(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'kassa-bench-ratio-'));
  const bareDir = mkdtempSync(join(tmpdir(), 'kassa-bench-bare-'));
  const barcodes = seedBigCatalogue(dir, ITEMS);
  const bare = await startBare(bareDir);
  const { host, traces } = await tracedHost(dir);
  const headers = { 'X-Kassa-Token': host.token };
  const till = async (method: string, input: unknown) => {
    const res = (await post(host.port, `/api/${method}`, input, headers)) as { ok: boolean; value?: unknown; error?: { message: string } };
    if (!res.ok) throw new Error(`${method}: ${res.error?.message}`);
    return res.value;
  };
  try {
    await cashierOnShift(host);
    const r = seededRandom(15);
    const pick = () => barcodes[r.int(0, barcodes.length - 1)]!;

    // sale.addItem: 20 lines a check, then it is cancelled (untimed); the bare server alternates.
    const addTill: number[] = [];
    const addBare: number[] = [];
    for (let i = 0; i < WARM_UP + ADDS; i++) {
      const barcode = pick();
      const a: number[] = i < WARM_UP ? [] : addTill;
      const b: number[] = i < WARM_UP ? [] : addBare;
      await timed(a, () => till('sale.addItem', { barcode }));
      await timed(b, () => post(bare.port, '/add', { barcode }));
      if (i % 20 === 19) await till('sale.cancel', {});
    }
    await till('sale.cancel', {});

    // sale.pay: 3 lines added untimed, then the cash payment; the bare server closes the same 3 lines.
    const payTill: number[] = [];
    const payBare: number[] = [];
    const tillOwn: number[] = [];
    const sko: number[] = [];
    for (let i = 0; i < WARM_UP + CLOSES; i++) {
      const lines = [pick(), pick(), pick()];
      let total = 0;
      for (const barcode of lines) total = ((await till('sale.addItem', { barcode })) as { total: number }).total;
      const amount = Math.ceil(total / 1000) * 1000;
      const before = traces.length;
      const paid = (await timed(i < WARM_UP ? [] : payTill, () => till('sale.pay', { payments: [{ form: 'cash', amount }] }))) as {
        document: { fiscal: unknown };
        print: { printed: boolean; message: string | null };
      };
      if (paid.document.fiscal === null) throw new Error('check-close-ratio: the СКО did not answer within the wait');
      if (!paid.print.printed) throw new Error(`check-close-ratio: receipt not printed: ${paid.print.message}`);
      const bareLines = lines.map((barcode, k) => ({ barcode, price: 100 + k, name: `Товар ${k}`, item_id: k + 1, vat_rate: 2000 }));
      await timed(i < WARM_UP ? [] : payBare, () => post(bare.port, '/pay', { lines: bareLines, amount: 1000 }));
      if (i >= WARM_UP) {
        await new Promise((resolve) => setImmediate(resolve)); // the trace line of this call
        const trace = traces.slice(before).find((t) => t.method === 'sale.pay');
        if (trace) {
          sko.push(handOff(trace));
          tillOwn.push(payTill.at(-1)! - handOff(trace));
        }
      }
    }
    console.log(breakdown(traces, 'sale.pay'));
    console.log(breakdown(traces, 'sale.addItem'));
    const size = `${ITEMS.toLocaleString('en')}-item catalogue, HTTP keep-alive, one client, alternating with a bare node:http + better-sqlite3 server`;
    const own = summarize('check-close-ratio-till', 'ms', tillOwn, '');
    const bareClose = summarize('x', 'ms', payBare, '');
    console.log(
      `check-close-ratio: the СКО hand-off p50 ${summarize('x', 'ms', sko, '').p50} ms; the rest (sale.pay without it) p50 ${own.p50} ms p95 ${own.p95} ms = ${round(own.p50 / bareClose.p50)}× the bare server`,
    );
    return [
      ratioResult('sale-add-item-ratio', addTill, addBare, `${size}; sale.addItem by barcode, 20 lines a check, ${ADDS} adds`),
      ratioResult(
        'check-close-ratio',
        payTill,
        payBare,
        `${size}; sale.pay cash, 3 lines, СКО emulator on loopback + printer emulator, ${CLOSES} checks; bare: document + 3 lines + payment + outbox, synchronous=FULL`,
      ),
      {
        ...summarize('check-close-ratio-no-sko', '×', tillOwn, ''),
        p50: round(own.p50 / bareClose.p50),
        p95: round(own.p95 / bareClose.p95),
        size: `check-close-ratio without the СКО hand-off phase; Kassa p50/p95 ${own.p50}/${own.p95} ms`,
      },
    ];
  } finally {
    await host.stop();
    await bare.close();
    agent.destroy();
    rmSync(dir, { recursive: true, force: true, maxRetries: 10 });
    rmSync(bareDir, { recursive: true, force: true, maxRetries: 10 });
  }
}

/** Process start → first API answer: on an existing data folder (the till every morning) and on a fresh one. */
export async function coldStarts(): Promise<BenchResult[]> {
  const once = async (dir: string) => {
    const t0 = performance.now();
    const host = await startWebHostProcess(dir);
    await host.call('app.status', {});
    const ms = performance.now() - t0;
    await host.stop();
    return ms;
  };
  // Node itself starting and exiting, in the same run: what no lazy import can take off.
  const bareNode = () =>
    new Promise<number>((resolve, reject) => {
      const t0 = performance.now();
      spawn(process.execPath, ['-e', ''], { stdio: 'ignore' })
        .on('exit', () => resolve(performance.now() - t0))
        .on('error', reject);
    });
  const fresh: number[] = [];
  const existing: number[] = [];
  const node: number[] = [];
  const kept = mkdtempSync(join(tmpdir(), 'kassa-bench-cold-'));
  try {
    await once(kept); // made once: migrated and seeded
    for (let i = 0; i < COLD_STARTS; i++) {
      const dir = mkdtempSync(join(tmpdir(), 'kassa-bench-'));
      fresh.push(await once(dir));
      rmSync(dir, { recursive: true, force: true, maxRetries: 10 });
      existing.push(await once(kept));
      node.push(await bareNode());
    }
  } finally {
    rmSync(kept, { recursive: true, force: true, maxRetries: 10 });
  }
  const nodeP50 = summarize('x', 'ms', node, '').p50;
  console.log(
    `cold start: \`node -e ''\` alone p50 ${nodeP50} ms in the same run; the host's own part on an existing folder p50 ${round(summarize('x', 'ms', existing, '').p50 - nodeP50)} ms`,
  );
  return [
    summarize('web-host-cold-start', 'ms', existing, 'existing data folder: node dist/main/web.js → first API answer (app.status)'),
    summarize('web-host-cold-start-fresh', 'ms', fresh, 'fresh data folder: migrations + 56-item sample catalogue, → first API answer'),
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const bare = process.argv.indexOf('--bare');
  if (bare > 0)
    await serveBare(
      process.argv[bare + 1]!,
      generateCatalogue(ITEMS).map((i) => i.barcodes[0]!),
    );
  const only = bare > 0 ? null : process.argv[2];
  if (only === null) await new Promise(() => {}); // serves until SIGTERM
  record([...(only !== 'ratio' ? await coldStarts() : []), ...(only !== 'cold' ? await ratioBenches() : [])]);
  process.exit(0);
}
