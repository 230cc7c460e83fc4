/**
 * A port whose far end hangs up before the till starts reading it. On a hung-up tty read() returns
 * 0 bytes, and serialport's read loop takes 0 for "nothing yet, read again": it spun on the dead
 * handle forever and never reported the close, so the till never said the device was gone. Under
 * load this happened when socat died while a read was queued for the thread pool, i.e. right
 * after a code arrived (serial-scanner waited its whole timeout for the error status). Here the
 * hang-up is put deterministically between the open and the first read.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SerialLink, type LinkStatus } from '../../main/devices/serial/link.js';
import { systemOpener, type RawPort } from '../../main/devices/serial/port.js';
import { ptyPair, socatMissing, type PtyPair } from '../fixtures/serial/socat.js';
import { heard } from '../fixtures/wait.js';

const missing = socatMissing();
if (missing) console.warn(`serial-hangup: pty test skipped — ${missing}`);

describe.skipIf(missing !== null)('a pseudo-terminal that hangs up before the first read', () => {
  let pair: PtyPair | null = null;
  let link: SerialLink | null = null;
  afterEach(async () => {
    await link?.stop();
    await pair?.close();
    link = null;
    pair = null;
  });

  it('closes the port instead of reading the dead handle forever', async () => {
    pair = await ptyPair();
    const port = await systemOpener({ path: pair.a, baudRate: 9600 });
    await pair.kill();
    const closed = new Promise<void>((resolve) => port.once('close', () => resolve()));
    port.on('error', () => undefined);
    port.on('data', () => undefined); // the first read starts now, on a hung-up tty
    await closed;
    expect(port.isOpen).toBe(false);
  });

  it('reports the link lost when the port hangs up between the open and the link listening', async () => {
    const p = await ptyPair();
    pair = p;
    const statuses = heard<LinkStatus>();
    let opened: RawPort | null = null;
    link = new SerialLink({
      path: p.a,
      baudRate: 9600,
      retryMinMs: 60_000,
      opener: async (o) => {
        const port = await systemOpener(o);
        opened = port;
        await p.kill(); // unplugged before the link attaches its listeners
        return port;
      },
    });
    link.onStatus((s) => statuses.push(s));
    link.start();
    await statuses.after(0, (s) => s.state === 'lost', 'the link lost');
    expect(link.status().state).toBe('lost');
    expect((opened as RawPort | null)?.isOpen).toBe(false);
  });
});
