/**
 * The simulated scale of training mode (ARCHITECTURE «Embedded default»): a fresh till weighs on
 * it through the real Масса-К parser; goods put on it swing, then settle; it refuses to run in
 * working mode; a weighed line (`weigh: true`) takes its weight only when it is stable.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { EventPayload, WeightReading } from '../../preload/contract/index.js';
import { setSetting } from '../../main/services/settings.js';
import { adminReady, CASHIER, CASHIER_PASSWORD, makeTill, type TestTill } from '../fixtures/core.js';
import { waitUntil } from '../fixtures/wait.js';

let till: TestTill | null = null;
afterEach(() => {
  till?.dispose();
  till = null;
});

async function trainingTill(): Promise<{ till: TestTill; weights: WeightReading[] }> {
  const t = makeTill({ devices: { simulatedSettleMs: 600 } });
  till = t;
  const weights: WeightReading[] = [];
  t.onEvent((event, payload) => {
    if (event === 'scale.weight') weights.push(payload as EventPayload<'scale.weight'>);
  });
  await adminReady(t);
  return { till: t, weights };
}

describe('the simulated scale of training mode', () => {
  it('is the scale of a fresh till and reads an empty platform as a stable zero', async () => {
    const { till } = await trainingTill();
    expect((await till.ok('devices.getSettings')).scale.profile).toBe('simulated');
    expect(await till.ok('scale.read')).toEqual({ state: 'stable', grams: 0, stable: true });
    expect((await till.ok('devices.diagnostics')).find((d) => d.device === 'scale')).toMatchObject({ state: 'ok', profile: 'simulated' });
  });

  it('swings when goods are put on, then settles on their weight; the events follow', async () => {
    const { till, weights } = await trainingTill();
    await till.ok('scale.simulate', { grams: 850 });
    await waitUntil(() => weights.find((w) => w.state === 'unstable'), 'swinging');
    const settled = await waitUntil(() => weights.find((w) => w.state === 'stable' && w.grams === 850), 'settled at 850 g');
    expect(settled.stable).toBe(true);
    await till.ok('scale.simulate', { grams: 20_000 });
    await waitUntil(() => weights.find((w) => w.state === 'overload'), 'overload beyond 15 kg');
  });

  it("gives a weighed line the stable weight only, with the scale's own message otherwise", async () => {
    const { till, weights } = await trainingTill();
    await till.ok('users.create', { ...CASHIER, password: '7391' });
    await till.ok('auth.logout');
    await till.ok('auth.login', { login: CASHIER.login, password: '7391' });
    await till.ok('auth.changePassword', { oldPassword: '7391', newPassword: CASHIER_PASSWORD });
    await till.ok('shift.open');
    const bananas = (await till.ok('catalogue.search', { query: 'Бананы' })).find((i) => i.unit === 'кг')!;
    const empty = await till.call('sale.addItem', { itemId: bananas.id, weigh: true });
    expect(empty.ok).toBe(false);
    await till.ok('scale.simulate', { grams: 1_250 });
    await waitUntil(() => weights.at(-1)?.state === 'unstable', 'swinging');
    expect(await till.call('sale.addItem', { itemId: bananas.id, weigh: true })).toMatchObject({
      ok: false,
      error: { code: 'DEVICE_ERROR', message: expect.stringMatching(/не успокоился/) },
    });
    await waitUntil(() => weights.at(-1)?.state === 'stable', 'settled');
    const check = await till.ok('sale.addItem', { itemId: bananas.id, weigh: true });
    expect(check.lines.at(-1)).toMatchObject({ name: bananas.name, quantity: 1_250, unit: 'кг' });
  });

  it('refuses to weigh in working mode: a simulated weight must never reach a real check', async () => {
    const { till } = await trainingTill();
    setSetting(till.ctx, 'trainingMode', false);
    await till.ctx.devices.restart('scale');
    const r = await till.ok('scale.read');
    expect(r).toMatchObject({ state: 'off', stable: false, message: expect.stringMatching(/только в учебном режиме/) });
    expect(await till.call('scale.simulate', { grams: 500 })).toMatchObject({ ok: false, error: { code: 'DEVICE_ERROR' } });
    expect((await till.ok('devices.diagnostics')).find((d) => d.device === 'scale')?.state).toBe('error');
  });
});
