/**
 * Of the till's windows, the one the cashier used last takes a serial scanner's code
 * (renderer/app/windowInUse.ts): with the sale screen in two windows, each added the scanned item.
 * Node's BroadcastChannel is the browser's (instances of one name hear each other, in one thread
 * too); each window is an EventTarget standing in for `window` (no DOM here).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { trackWindowInUse, type WindowInUse } from '../../renderer/app/windowInUse.js';

const open: WindowInUse[] = [];
afterEach(() => {
  for (const w of open.splice(0)) w.stop();
});

/** Messages of a BroadcastChannel arrive as tasks: after this, every one posted before is heard. */
const settled = () => new Promise((resolve) => setTimeout(resolve, 20));

type Opened = { target: EventTarget; inUse: WindowInUse; told: boolean[]; use(kind?: 'focus' | 'keydown' | 'pointerdown'): void };

function openWindow(): Opened {
  const target = new EventTarget();
  const told: boolean[] = [];
  const inUse = trackWindowInUse((last) => told.push(last), target);
  open.push(inUse);
  return { target, inUse, told, use: (kind = 'pointerdown') => void target.dispatchEvent(new Event(kind)) };
}

/** What a window last told its page (the E2E tests wait for the mark it sets). */
const lastTold = (w: Opened) => w.told.at(-1);

/** Waits until the windows agree on which is in use (each hears the others' messages a task later). */
const agree = (windows: readonly Opened[], inUse: readonly boolean[]) => expect.poll(() => windows.map((w) => w.inUse.isLast())).toEqual(inUse);

describe('the window in use', () => {
  it('is the only window there is', async () => {
    const a = openWindow();
    await settled();
    expect(a.inUse.isLast()).toBe(true);
    expect(lastTold(a)).toBe(true);
  });

  it('is the window opened last, until the cashier uses another: then that one, and only one at a time', async () => {
    const a = openWindow();
    const b = openWindow();
    await agree([a, b], [false, true]);
    expect([lastTold(a), lastTold(b)]).toEqual([false, true]);

    a.use('focus');
    await agree([a, b], [true, false]);
    expect([lastTold(a), lastTold(b)]).toEqual([true, false]);

    b.use('keydown');
    await agree([a, b], [false, true]);

    // Used again while it is in use: nothing changes, in either window.
    b.use('pointerdown');
    await settled();
    expect([a.inUse.isLast(), b.inUse.isLast()]).toEqual([false, true]);
  });

  it('a window that closes gives the code back to the ones left', async () => {
    const a = openWindow();
    const b = openWindow();
    await agree([a, b], [false, true]);
    b.target.dispatchEvent(new Event('pagehide'));
    await expect.poll(() => a.inUse.isLast()).toBe(true);
    expect(lastTold(a)).toBe(true);
  });

  it('a window opened later learns of the ones before it, and each of three agrees who is in use', async () => {
    const a = openWindow();
    const b = openWindow();
    await agree([a, b], [false, true]);
    a.use();
    await agree([a, b], [true, false]);
    const c = openWindow();
    await agree([a, b, c], [false, false, true]);
    b.use();
    await agree([a, b, c], [false, true, false]);
    c.use();
    await agree([a, b, c], [false, false, true]);
  });
});
