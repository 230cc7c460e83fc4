/**
 * СКО benches, against the built standalone emulator (its own process) on loopback, no faults:
 *  - sko-docs-seq: documents per second through the till's HTTP adapter, one at a time;
 *  - sko-docs-3: the same with 3 in flight (the protocol's limit);
 *  - sko-drain-500: ms for the till's outbox to deliver a queue of 500 sales made while the СКО
 *    was unreachable (each delivery also written to the till's SQLite, synchronous=FULL).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createCore } from '../../main/core.js';
import { createHttpSkoGateway, type HttpSkoGateway } from '../../main/fiscal/http-gateway.js';
import { memorySessionStore } from '../../main/fiscal/session-store.js';
import { addItem, payCheck } from '../../main/services/sale.js';
import { setSetting } from '../../main/services/settings.js';
import { cashierReady, CASHIER, CASHIER_PASSWORD, makeTill, pieceBarcodes, TEST_PASSWORD_COST } from '../fixtures/core.js';
import { startEmulatorProcess, type EmulatorProcess } from '../fixtures/sko-emulator-process.js';
import { saleDoc, shiftOpenDoc } from '../fixtures/sko-docs.js';
import { summarize, type BenchResult } from './report.js';

const DOCS_PER_SAMPLE = 100;
const SAMPLES = 10;
const DRAIN_QUEUE = 500;
const DRAIN_SAMPLES = 3;
/** A drain that has not emptied the queue by then is broken, not slow: fail loudly instead of hanging the bench. */
const DRAIN_TIMEOUT_MS = 120_000;

async function throughput(emulator: EmulatorProcess, inFlight: 1 | 3, device: string): Promise<number[]> {
  const gateway: HttpSkoGateway = createHttpSkoGateway({
    baseUrl: emulator.url,
    publicKeys: [emulator.publicKeyPem],
    session: memorySessionStore(),
    deviceCode: device,
    training: true,
  });
  try {
    await gateway.unlock('1234');
    await gateway.submit(shiftOpenDoc(1));
    let number = 1;
    // Warm-up: connections, JIT.
    for (let i = 0; i < 20; i++) await gateway.submit(saleDoc(1, ++number));
    const samples: number[] = [];
    for (let s = 0; s < SAMPLES; s++) {
      const docs = Array.from({ length: DOCS_PER_SAMPLE }, () => saleDoc(1, ++number));
      let next = 0;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: inFlight }, async () => {
          while (next < docs.length) await gateway.submit(docs[next++]!);
        }),
      );
      samples.push(DOCS_PER_SAMPLE / ((performance.now() - t0) / 1000));
    }
    return samples;
  } finally {
    gateway.close();
  }
}

async function drain(emulator: EmulatorProcess): Promise<number> {
  const reachable = { url: emulator.url, publicKeys: [emulator.publicKeyPem] };
  const till = makeTill({ skoOverrides: reachable });
  const dir = till.dir;
  try {
    setSetting(till.ctx, 'maxQueuedDocuments', DRAIN_QUEUE * 2);
    await cashierReady(till);
    await till.ok('shift.open');
    const barcodes = await pieceBarcodes(till, 3);
    till.close();

    // The СКО out of reach (nothing listens on port 9): 500 sales queue up.
    const offline = createCore({ dataDir: dir, skoOverrides: { ...reachable, url: 'http://127.0.0.1:9' }, log: () => {}, passwordCost: TEST_PASSWORD_COST });
    await offline.router.call('auth.login', { login: CASHIER.login, password: CASHIER_PASSWORD }, true);
    for (let i = 0; i < DRAIN_QUEUE; i++) {
      const { total } = addItem(offline.ctx, { barcode: barcodes[i % 3]! });
      await payCheck(offline.ctx, [{ form: 'cash', amount: total }]);
    }
    if (offline.outbox.pending().pending !== DRAIN_QUEUE) throw new Error(`expected ${DRAIN_QUEUE} queued, got ${offline.outbox.pending().pending}`);
    offline.close();

    // Back in reach: from the start of the till to an empty queue.
    const t0 = performance.now();
    const online = createCore({ dataDir: dir, skoOverrides: reachable, log: () => {}, passwordCost: TEST_PASSWORD_COST });
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          stop();
          reject(
            new Error(
              `sko-drain-500: the queue did not drain in ${DRAIN_TIMEOUT_MS / 1000} s — ${online.outbox.pending().pending} of ${DRAIN_QUEUE} still waiting; last error: ${JSON.stringify(online.outbox.state().lastError)}`,
            ),
          );
        }, DRAIN_TIMEOUT_MS);
        const stop = online.onEvent((event, payload) => {
          if (event === 'fiscal.queue' && (payload as { pending: number }).pending === 0) {
            clearTimeout(timer);
            stop();
            resolve();
          }
        });
      });
      return performance.now() - t0;
    } finally {
      online.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true, maxRetries: 10 });
  }
}

export async function skoBenches(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'kassa-bench-sko-'));
  const emulator = await startEmulatorProcess(join(dir, 'sko'));
  try {
    const seq = await throughput(emulator, 1, 'BENCH-SEQ');
    const three = await throughput(emulator, 3, 'BENCH-3');
    const drains: number[] = [];
    for (let i = 0; i < DRAIN_SAMPLES; i++) drains.push(await drain(emulator));
    const size = `${SAMPLES} samples of ${DOCS_PER_SAMPLE} sales (1–3 lines), signed and verified, loopback HTTP, emulator in its own process`;
    return [
      summarize('sko-docs-seq', 'doc/s', seq, `${size}, one at a time`),
      summarize('sko-docs-3', 'doc/s', three, `${size}, 3 in flight`),
      summarize('sko-drain-500', 'ms', drains, `${DRAIN_QUEUE} queued sales, till start → empty queue, each answer stored in SQLite (synchronous=FULL)`),
    ];
  } finally {
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true, maxRetries: 10 });
  }
}
