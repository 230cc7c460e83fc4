/**
 * Soak: 1,000 documents from the till to the standalone СКО emulator (its own process, built
 * bundle) that times out 10 % of requests, answers 5xx to 10 %, cuts 5 % of connections after it
 * committed, and throws bursts of 429 — and every document arrives exactly once: the emulator's
 * journal and the till's are equal field by field, every signature verified.
 *
 * Documents are made by the till's own services (sale.ts, the router for open and Z), four shifts
 * of 250 (open, 247 sales, the cash out that empties the drawer, Z), as fast as the services go,
 * while the sender works.
 * SKO_SOAK_SEED replays a run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { DB_FILE } from '../../main/core.js';
import { addItem, payCheck } from '../../main/services/sale.js';
import { setSetting } from '../../main/services/settings.js';
import { ADMIN_PASSWORD, CASHIER, CASHIER_PASSWORD, makeTill, pieceBarcodes, type TestTill } from '../fixtures/core.js';
import { startEmulatorProcess } from '../fixtures/sko-emulator-process.js';
import { compareJournals } from '../fixtures/sko-journals.js';
import { eventually } from '../fixtures/sko-till.js';

const SEED = Number(process.env.SKO_SOAK_SEED ?? 20261122);
const SHIFTS = 4;
const SALES_PER_SHIFT = 247;
export const SOAK_FAULTS = `timeout=0.1,hang=600,5xx=0.1,drop=0.05,429=0.01,burst=5,retry-after=50,latency=0-3,expire-tokens=0.01,seed=${SEED}`;

/** The СКО may refuse a request under faults; a person would press again. */
export async function untilAccepted<T>(what: string, attempt: () => Promise<{ ok: boolean; value?: T; error?: { message: string } }>, tries = 50): Promise<T> {
  let last = '';
  for (let i = 0; i < tries; i++) {
    const res = await attempt();
    if (res.ok) return res.value as T;
    last = res.error?.message ?? '';
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what}: still refused after ${tries} tries: ${last}`);
}

async function readyCashier(till: TestTill): Promise<void> {
  await untilAccepted('PIN', () => till.call('setup.enterPin', { pin: '1234' }));
  await till.ok('auth.login', { login: 'admin', password: '1111' });
  await till.ok('auth.changePassword', { oldPassword: '1111', newPassword: ADMIN_PASSWORD });
  await till.ok('users.create', { ...CASHIER, password: '7391' });
  await till.ok('auth.logout');
  await till.ok('auth.login', { login: CASHIER.login, password: '7391' });
  await till.ok('auth.changePassword', { oldPassword: '7391', newPassword: CASHIER_PASSWORD });
}

it(`delivers 1,000 documents exactly once through timeouts, 5xx, dropped connections and 429 bursts (seed ${SEED})`, { timeout: 180_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kassa-soak-'));
  const emulator = await startEmulatorProcess(join(dir, 'sko'), ['--faults', SOAK_FAULTS]);
  const till = makeTill({
    skoOverrides: { url: emulator.url, publicKeys: [emulator.publicKeyPem], timeoutMs: 300 },
    outbox: { retryBaseMs: 10, retryMaxMs: 300, idlePollMs: 50 },
  });
  try {
    setSetting(till.ctx, 'maxQueuedDocuments', 100_000);
    await readyCashier(till);
    const barcodes = await pieceBarcodes(till, 5);
    for (let shift = 1; shift <= SHIFTS; shift++) {
      await till.ok('shift.open');
      for (let i = 0; i < SALES_PER_SHIFT; i++) {
        const { total } = addItem(till.ctx, { barcode: barcodes[(shift + i) % barcodes.length]! });
        // Cash with change, and non-cash (which leaves nothing in the drawer to take out before Z).
        await payCheck(
          till.ctx,
          i % 2 === 0
            ? [{ form: 'noncash', amount: total }]
            : [
                { form: 'noncash', amount: 1 },
                { form: 'cash', amount: total - 1 + (i % 7) * 100 },
              ],
        );
        void till.outbox.kick();
        if (i % 8 === 0) await new Promise((r) => setImmediate(r)); // let the sender run alongside
      }
      await untilAccepted(`Z of shift ${shift}`, () => till.call('shift.zReport', { cashOutAll: true }));
    }
    expect(await eventually(() => till.outbox.pending().pending === 0, 'the queue to drain'), 'the queue drains').toBe(true);

    const stats = await emulator.stats();
    const cmp = compareJournals(join(till.dir, DB_FILE), emulator.dataDir, emulator.publicKeyPem);
    console.log(
      `soak: ${cmp.local} documents, ${stats.requests} requests — timeouts ${stats.timeouts}, 5xx ${stats.serverErrors}, ` +
        `drops ${stats.drops}, 429 ${stats.rateLimited} in ${stats.bursts} bursts, expired tokens ${stats.expiredTokens}; ` +
        `replays ${cmp.replays}, late commits ${stats.lateCommits}`,
    );
    expect(cmp.problems).toEqual([]);
    expect(cmp).toMatchObject({ local: 1_000, remote: 1_000, delivered: 1_000 });
    // The faults really happened, and the idempotent replays were what saved the day.
    expect(stats.timeouts).toBeGreaterThan(20);
    expect(stats.serverErrors).toBeGreaterThan(20);
    expect(stats.drops).toBeGreaterThan(10);
    expect(stats.bursts).toBeGreaterThan(0);
    expect(cmp.replays).toBeGreaterThan(10);
    expect(stats.refusals).toBe(0);
    expect(till.sko.gateway.info().maxInFlightSeen).toBe(3);
    expect(till.ctx.db.prepare("SELECT count(*) FROM audit_log WHERE action LIKE 'sko.%rejected'").pluck().get()).toBe(0);
  } finally {
    till.dispose();
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true, maxRetries: 10 });
  }
});
