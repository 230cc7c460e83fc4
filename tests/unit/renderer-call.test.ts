/**
 * `call` of a query answers with what main answered, whatever the cache does meanwhile. A read no
 * screen subscribes to (the devices screen's «Прочитать вес») was dropped from the cache when a tag
 * it provides was marked changed as its answer came (a settings save's invalidation, held back
 * while requests ran): the answer was lost and the admin saw «Внутренняя ошибка экрана».
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WeightReading } from '../../main/devices/scale/reading.js';

type Deferred = { resolve: (v: unknown) => void };
const waiting: Deferred[] = [];
const reading: WeightReading = { state: 'stable', grams: 1234, stable: true };

beforeAll(() => {
  (globalThis as { window?: unknown }).window = {
    kassa: {
      scale: { read: () => new Promise((resolve) => waiting.push({ resolve })) },
      on: () => () => undefined,
    },
    addEventListener: () => undefined,
  };
});
afterAll(() => {
  delete (globalThis as { window?: unknown }).window;
});

describe('call() of a query', () => {
  it('gives the answer even when its area is marked changed while the answer comes', async () => {
    const { call, store } = await import('../../renderer/app/store.js');
    const { server } = await import('../../renderer/app/server.js');
    const pending = store.dispatch(call('scale.read'));
    await new Promise((r) => setTimeout(r, 0));
    expect(waiting).toHaveLength(1);
    store.dispatch(server.util.invalidateTags(['scale'])); // held back: a request runs
    waiting.shift()?.resolve({ ok: true, value: reading });
    const r = await pending;
    expect(r).toEqual({ ok: true, value: reading });
    expect(store.getState().notices.items.filter((n) => n.kind === 'error')).toEqual([]);
  });
});
