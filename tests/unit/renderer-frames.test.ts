/**
 * A call from a screen asks the browser for no animation frame: RTK Query's actions reach the
 * screens at the end of the task. With the default (the next frame), the frame a scan's request
 * asked for kept Chromium's frames running, and the scanned line, ready a few ms later, waited for
 * the next vsync tick instead of being drawn at once (bench `scan-to-line`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const frames: unknown[] = [];
const check = { lines: [], total: 0, parkedCount: 0 };

beforeAll(() => {
  (globalThis as { window?: unknown }).window = {
    kassa: { sale: { scan: () => Promise.resolve({ ok: true, value: check }) }, on: () => () => undefined },
    addEventListener: () => undefined,
    requestAnimationFrame: (cb: unknown) => frames.push(cb),
    cancelAnimationFrame: () => undefined,
  };
});
afterAll(() => {
  delete (globalThis as { window?: unknown }).window;
});

describe('a call and the screens', () => {
  it('tells the screens of its request and answer within the task, asking for no animation frame', async () => {
    const { call, store } = await import('../../renderer/app/store.js');
    let told = 0;
    store.subscribe(() => (told += 1));
    const answer = store.dispatch(call('sale.scan', { code: '4810268001055' }));
    await Promise.resolve();
    expect(told).toBeGreaterThan(0); // the request's start, before any frame
    expect(await answer).toEqual({ ok: true, value: check });
    expect(frames).toEqual([]);
  });
});
