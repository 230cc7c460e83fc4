/**
 * The scale manager over a mock serial port (SerialPortMock): it polls, times out, tells a cut
 * answer from silence, reports a vanished port at once and resumes when the port is back.
 * The far end answers with the hand-derived CAS frame of scale-cas.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { casRequest, casStream } from '../../main/devices/scale/cas.js';
import { mtSics } from '../../main/devices/scale/mt-sics.js';
import type { WeightReading } from '../../main/devices/scale/reading.js';
import { ScaleManager } from '../../main/devices/scale/scale.js';
import { SerialLink } from '../../main/devices/serial/link.js';
import { ascii, bytes } from '../fixtures/serial/dialog.js';
import { mockDevice, type MockDevice } from '../fixtures/serial/mock-port.js';
import { waitUntil } from '../fixtures/wait.js';

const STABLE_1234 = Buffer.concat([bytes(0x01, 0x02), ascii('S  1.234kg'), bytes(0x75, 0x03, 0x04)]);

/** A CAS scale in request mode: ENQ → ACK, DC1 → the frame. */
const casScale = (frame: Uint8Array) => (req: Buffer) => (req[0] === 0x05 ? bytes(0x06) : req[0] === 0x11 ? frame : null);

let device: MockDevice;
let link: SerialLink | null = null;
let manager: ScaleManager | null = null;

afterEach(async () => {
  await manager?.stop();
  await link?.stop();
  manager = null;
  link = null;
  device.reset();
});

function start(protocol = casRequest, timeoutMs = 120, pollMs = 20): WeightReading[] {
  device = mockDevice('/dev/ttyMOCK0');
  link = new SerialLink({ path: '/dev/ttyMOCK0', baudRate: 9600, opener: device.opener, retryMinMs: 20, retryMaxMs: 40 });
  const readings: WeightReading[] = [];
  manager = new ScaleManager(link, { protocol, pollMs, timeoutMs, onReading: (r) => readings.push(r) });
  manager.start();
  link.start();
  return readings;
}

describe('scale manager', () => {
  it('polls again and again: ENQ, DC1, a stable weight each time', async () => {
    const readings = start();
    device.respond = casScale(STABLE_1234);
    await waitUntil(() => readings.length >= 3, 'three readings');
    expect(readings.slice(0, 3).every((r) => r.state === 'stable' && r.grams === 1234)).toBe(true);
    expect(device.written.slice(0, 4).map((b) => b.toString('hex'))).toEqual(['05', '11', '05', '11']);
  });

  it('says "no answer" after the timeout, keeps polling, and reads the weight once the scale answers', async () => {
    const readings = start();
    device.respond = () => null;
    const t0 = Date.now();
    await waitUntil(() => readings.find((r) => r.state === 'no-answer'), 'no-answer');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(100);
    expect(readings[0]?.message).toMatch(/не отвечают/);
    device.respond = casScale(STABLE_1234);
    await waitUntil(() => readings.at(-1)?.state === 'stable', 'stable after silence');
  });

  it('tells a cut answer from silence', async () => {
    const readings = start();
    device.respond = casScale(STABLE_1234.subarray(0, 7));
    const r = await waitUntil(() => readings[0], 'a reading');
    expect(r).toMatchObject({ state: 'error', message: expect.stringMatching(/неполный/) });
  });

  it('reports a vanished port at once, keeps retrying, and weighs again when the port is back', async () => {
    const readings = start();
    device.respond = casScale(STABLE_1234);
    await waitUntil(() => readings.find((r) => r.state === 'stable'), 'first weight');
    device.unplug();
    const lost = await waitUntil(() => readings.find((r) => r.state === 'disconnected'), 'disconnected');
    expect(lost.message).toMatch(/\/dev\/ttyMOCK0/);
    await waitUntil(() => link?.status().message?.includes('не найден'), 'retry fails while unplugged');
    const opensBefore = device.opens;
    const count = readings.length;
    device.plugIn();
    await waitUntil(() => readings.slice(count).find((r) => r.state === 'stable'), 'weight after replug');
    expect(device.opens).toBe(opensBefore + 1);
  });

  it('next() gives the next reading, or the last known one when the scale is slow', async () => {
    start();
    device.respond = casScale(STABLE_1234);
    expect(await manager!.next(2_000)).toMatchObject({ state: 'stable', grams: 1234 });
    device.respond = () => null;
    expect((await manager!.next(10)).state).toBe('stable');
  });

  it('listens to a streaming scale and says "no answer" when the stream stops', async () => {
    const readings = start(casStream, 100);
    await waitUntil(() => link?.status().state === 'open', 'open');
    device.emit(Buffer.concat([ascii('ST,GS,1'), bytes(0xc0), ascii(',   0.750 kg\r\n')]));
    await waitUntil(() => readings.find((r) => r.state === 'stable'), 'stream weight');
    expect(readings.find((r) => r.state === 'stable')?.grams).toBe(750);
    expect(device.written).toEqual([]); // nothing is ever sent to a streaming scale
    await waitUntil(() => readings.find((r) => r.state === 'no-answer'), 'silence');
  });

  it('never takes a late answer to a timed-out request for the weight now', async () => {
    // A slow MT-SICS scale: its answer to the first SI comes 160 ms late (the till gives up at 100),
    // with the 1.000 kg that was on it then; the goods are 1.234 kg by the next request, answered
    // after 60 ms. Without a flush the late 1.000 kg lands in the second request's dialog.
    const readings = start(mtSics, 100);
    let requests = 0;
    device.respond = () => {
      requests += 1;
      if (requests === 1) setTimeout(() => device.emit(ascii('S S     1.000 kg\r\n')), 160);
      else setTimeout(() => device.emit(ascii('S S     1.234 kg\r\n')), 60);
      return null;
    };
    const weighed = await waitUntil(() => readings.find((r) => r.grams !== null), 'a weight');
    expect(readings[0]).toMatchObject({ state: 'no-answer' });
    expect(weighed).toMatchObject({ state: 'stable', grams: 1234 });
    expect(readings.some((r) => r.grams === 1000)).toBe(false);
  });
});
