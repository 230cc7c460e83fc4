/**
 * Scales over real pseudo-terminals (socat): the till's core on one end, a scale simulator on the
 * other, every byte through the kernel's tty layer. Each protocol gives a stable weight and
 * refuses unstable, negative and overload; a silent, garbling or truncating scale is named as
 * such; a port that vanishes mid-operation is reported, the till keeps working, and the scale
 * is weighed again once the port is back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventName, EventPayload, ScaleSettings, WeightReading } from '../../preload/contract/index.js';
import type { ScaleProtocolId } from '../../main/devices/scale/protocol.js';
import { adminReady, makeTill, type TestTill } from '../fixtures/core.js';
import { waitUntil } from '../fixtures/wait.js';
import { scaleOnPty, type ScaleOnPty } from '../fixtures/serial/scale-on-pty.js';
import { ptyPair, socatMissing, type PtyPair } from '../fixtures/serial/socat.js';

const missing = socatMissing();
if (missing) console.warn(`serial-scale: pty tests skipped — ${missing}`);

type Seen = { event: EventName; payload: unknown; at: number };

describe.skipIf(missing !== null)('scales on a pseudo-terminal pair', () => {
  let pair: PtyPair;
  let till: TestTill;
  let scale: ScaleOnPty | null = null;
  const seen: Seen[] = [];

  const weights = () => seen.filter((s) => s.event === 'scale.weight').map((s) => s.payload as WeightReading);
  const scaleStatus = () =>
    seen
      .filter((s) => s.event === 'device.status' && (s.payload as EventPayload<'device.status'>).device === 'scale')
      .map((s) => s.payload as EventPayload<'device.status'>);

  function settings(profile: ScaleProtocolId): ScaleSettings {
    return { profile, path: pair.a, baudRate: 9600, pollMs: 50, timeoutMs: 400, password: '0030' };
  }

  /** scale.read until the reading matches (the first answers may predate the new load). */
  async function readUntil(match: (r: WeightReading) => boolean, what: string): Promise<WeightReading> {
    let last: WeightReading | null = null;
    return waitUntil(
      async () => {
        last = await till.ok('scale.read');
        return match(last) && last;
      },
      () => `the scale to give ${what} (last: ${JSON.stringify(last)})`,
    );
  }

  async function use(protocol: ScaleProtocolId): Promise<void> {
    await scale?.stop();
    scale = scaleOnPty(pair.b, protocol, { streamMs: 30 });
    await till.ok('devices.saveSettings', { scale: settings(protocol) });
  }

  beforeAll(async () => {
    pair = await ptyPair();
    till = makeTill();
    till.onEvent((event, payload) => seen.push({ event, payload, at: Date.now() }));
    await adminReady(till);
  });

  afterAll(async () => {
    await scale?.stop();
    till?.dispose();
    await pair?.close();
  });

  const PROTOCOLS: readonly ScaleProtocolId[] = ['massa-k', 'cas', 'cas-stream', 'shtrih-pos2', 'mt-sics'];

  it.each(PROTOCOLS)('%s: takes a stable weight and refuses unstable, negative and overload', async (protocol) => {
    await use(protocol);
    scale!.put({ grams: 1234, stable: true });
    expect(await readUntil((r) => r.state === 'stable' && r.grams === 1234, 'a stable 1234 g')).toEqual({ state: 'stable', grams: 1234, stable: true });
    expect(weights().at(-1)).toMatchObject({ state: 'stable', grams: 1234 });

    scale!.put({ grams: 640, stable: false });
    const unstable = await readUntil((r) => r.state === 'unstable', 'unstable');
    scale!.put({ grams: -20, stable: true });
    const negative = await readUntil((r) => r.state === 'negative', 'negative');
    scale!.put({ grams: 50_000, stable: true });
    const overload = await readUntil((r) => r.state === 'overload', 'overload');
    for (const r of [unstable, negative, overload]) {
      expect(r.stable).toBe(false);
      expect(r.message).toMatch(/[а-я]/);
    }
    expect(new Set([unstable.message, negative.message, overload.message]).size).toBe(3);
    expect(scaleStatus().at(-1)).toMatchObject({ state: 'ok', profile: protocol, path: pair.a });
  });

  it('names a silent scale, a garbling one and a truncating one, each differently', async () => {
    await use('massa-k');
    scale!.put({ grams: 500, stable: true });
    await readUntil((r) => r.state === 'stable', 'stable first');
    scale!.sim.fault = 'silent';
    const silent = await readUntil((r) => r.state === 'no-answer', 'no answer');
    expect(silent.message).toMatch(/не отвечают/);
    expect(scaleStatus().at(-1)).toMatchObject({ state: 'error', message: silent.message });
    scale!.sim.fault = 'garble';
    expect((await readUntil((r) => r.state === 'error' && /искажённый/.test(r.message ?? ''), 'garbled')).grams).toBeNull();
    scale!.sim.fault = 'truncate';
    await readUntil((r) => r.state === 'error' && /неполный/.test(r.message ?? ''), 'truncated');
    scale!.sim.fault = 'none';
    await readUntil((r) => r.state === 'stable', 'stable again');
    expect(scaleStatus().at(-1)?.state).toBe('ok');
  });

  it('reports a port that vanishes mid-operation, keeps the till working, and reconnects', async () => {
    await use('massa-k');
    scale!.put({ grams: 2500, stable: true });
    await readUntil((r) => r.state === 'stable' && r.grams === 2500, 'stable before the loss');
    const mark = seen.length;

    await pair.kill(); // the USB-COM adapter is pulled out while the till is polling
    const since = <E extends EventName>(event: E) =>
      seen
        .slice(mark)
        .filter((s) => s.event === event)
        .map((s) => s.payload as EventPayload<E>);
    const lost = await waitUntil(() => since('scale.weight').find((r) => r.state === 'disconnected'), 'disconnected event');
    expect(lost.message).toContain(pair.a);
    const status = await waitUntil(() => since('device.status').find((s) => s.device === 'scale' && s.state === 'error'), 'device.status error');
    expect(status.message).toContain(pair.a);
    expect(status.message).toMatch(/пропал|не найден/);

    // The till keeps working: the API answers, the diagnostics show the scale in trouble.
    const diagnostics = await till.ok('devices.diagnostics');
    expect(diagnostics.find((d) => d.device === 'scale')).toMatchObject({ state: 'error' });
    expect((await till.ok('users.list')).length).toBeGreaterThan(0);
    expect((await till.ok('app.status')).user?.login).toBe('admin');
    expect((await till.ok('scale.read')).state).toBe('disconnected');

    await pair.start(); // plugged back in: same name, a new tty underneath
    await readUntil((r) => r.state === 'stable' && r.grams === 2500, 'stable after the port came back');
    expect(since('device.status').at(-1)).toMatchObject({ device: 'scale', state: 'ok' });
    expect(since('scale.weight').at(-1)).toMatchObject({ state: 'stable', grams: 2500 });
  });

  it('turns the scale off when the admin chooses none', async () => {
    await till.ok('devices.saveSettings', { scale: { ...settings('massa-k'), profile: 'none', path: '' } });
    expect(await till.ok('scale.read')).toMatchObject({ state: 'off', stable: false });
    expect((await till.ok('devices.diagnostics')).find((d) => d.device === 'scale')?.state).toBe('off');
  });
});
