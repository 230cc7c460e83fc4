/**
 * CAS (HARDWARE.md). Request mode: ENQ → ACK, DC1 → `SOH STX STA SIGN W×6 U×2 BCC ETX EOT`, BCC
 * the XOR of STA … U2. The BCCs below were worked out by hand from the ASCII codes:
 *   S(53) ' '(20) ' '(20) '1'(31) '.'(2E) '2'(32) '3'(33) '4'(34) k(6B) g(67) → 0x75;
 *   'U' for 'S' → 0x75^0x53^0x55 = 0x73; '-' for ' ' → 0x75^0x20^0x2D = 0x78;
 *   'F' for ' ' → 0x75^0x20^0x46 = 0x13; "lb" for "kg" → 0x75^0x6B^0x67^0x6C^0x62 = 0x77.
 * Continuous stream: `ST,GS,<id><lamp>,<8-char weight> kg\r\n`, 22 bytes (CAS CI-series manual).
 */
import { describe, expect, it } from 'vitest';
import { casRequestDialog, casStreamDialog, parseCasLine } from '../../main/devices/scale/cas.js';
import { allSplits, ascii, byteByByte, bytes, feedAll, hexOf } from '../fixtures/serial/dialog.js';

const frame = (sta: string, sign: string, weight: string, unit: string, bcc: number, soh = 0x01) =>
  Buffer.concat([bytes(soh, 0x02), ascii(sta + sign + weight + unit), bytes(bcc, 0x03, 0x04)]);

const STABLE_1234 = frame('S', ' ', ' 1.234', 'kg', 0x75);

/** ENQ answered with ACK, then the frame: the whole request-mode exchange. */
function exchange(...pieces: Uint8Array[]) {
  const d = casRequestDialog();
  expect(hexOf(d.start())).toBe('05');
  return feedAll(d, [bytes(0x06), ...pieces]);
}

describe('CAS request mode', () => {
  it('asks with ENQ, sends DC1 after ACK, and reads a stable weight', () => {
    expect(STABLE_1234).toHaveLength(15);
    const out = exchange(STABLE_1234);
    expect(out.sent).toEqual(['11']);
    expect(out.readings).toEqual([{ state: 'stable', grams: 1234, stable: true }]);
  });

  it('accepts 0x81 for SOH, as some models send', () => {
    expect(exchange(frame('S', ' ', ' 1.234', 'kg', 0x75, 0x81)).readings[0]).toMatchObject({ state: 'stable', grams: 1234 });
  });

  it('refuses unstable, negative and overload, each with its own message', () => {
    const unstable = exchange(frame('U', ' ', ' 1.234', 'kg', 0x73)).readings[0];
    const negative = exchange(frame('S', '-', ' 1.234', 'kg', 0x78)).readings[0];
    const overload = exchange(frame('S', 'F', ' 1.234', 'kg', 0x13)).readings[0];
    expect(unstable).toMatchObject({ state: 'unstable', grams: 1234, stable: false });
    expect(negative).toMatchObject({ state: 'negative', grams: -1234, stable: false });
    expect(overload).toMatchObject({ state: 'overload', stable: false });
    const messages = new Set([unstable?.message, negative?.message, overload?.message]);
    expect(messages.size).toBe(3);
  });

  it('refuses a weight in pounds', () => {
    expect(exchange(frame('S', ' ', ' 1.234', 'lb', 0x77)).readings[0]).toMatchObject({ state: 'error', message: expect.stringMatching(/фунт/) });
  });

  it('reports a wrong BCC as garbled', () => {
    expect(exchange(frame('S', ' ', ' 1.234', 'kg', 0x76)).readings[0]).toMatchObject({ state: 'error', message: expect.stringMatching(/искажённый/) });
  });

  it('reports a frame without ETX EOT where they belong as garbled', () => {
    const bad = Buffer.from(STABLE_1234);
    bad[13] = 0x30;
    expect(exchange(bad).readings[0]?.state).toBe('error');
  });

  it('treats NAK to ENQ as "busy", not as a weight', () => {
    const d = casRequestDialog();
    d.start();
    expect(feedAll(d, [bytes(0x15)]).readings[0]).toMatchObject({ state: 'unstable', grams: null, message: expect.stringMatching(/заняты/) });
  });

  it('assembles the answer split across reads, ACK and frame in one read or many', () => {
    for (const pieces of [...allSplits(STABLE_1234), byteByByte(STABLE_1234)]) {
      expect(exchange(...pieces).readings).toEqual([{ state: 'stable', grams: 1234, stable: true }]);
    }
    const d = casRequestDialog();
    d.start();
    expect(feedAll(d, [Buffer.concat([bytes(0x06), STABLE_1234])])).toEqual({ sent: ['11'], readings: [{ state: 'stable', grams: 1234, stable: true }] });
  });

  it('holds a truncated frame as partial', () => {
    const d = casRequestDialog();
    d.start();
    expect(feedAll(d, [bytes(0x06), STABLE_1234.subarray(0, 8)]).readings).toEqual([]);
    expect(d.partial).toBe(true);
  });
});

describe('CAS continuous stream', () => {
  // Lamp byte: bit 7 always 1, bit 6 stable → 0xC0 stable, 0x80 not.
  const line = (head: string, weight: string, lamp = 0xc0) => Buffer.concat([ascii(`${head},GS,1`), bytes(lamp), ascii(`,${weight} kg\r\n`)]);

  it('reads the 22-byte line of a stable weight', () => {
    const l = line('ST', '   1.234');
    expect(l).toHaveLength(22);
    expect(feedAll(casStreamDialog(), [l]).readings).toEqual([{ state: 'stable', grams: 1234, stable: true }]);
  });

  it('refuses US, OL and a negative weight, each with its own message', () => {
    const [us, ol, neg] = feedAll(casStreamDialog(), [line('US', '   1.230', 0x80), line('OL', '  --.---', 0x80), line('ST', '-  0.150')]).readings;
    expect(us).toMatchObject({ state: 'unstable', grams: 1230 });
    expect(ol).toMatchObject({ state: 'overload' });
    expect(neg).toMatchObject({ state: 'negative', grams: -150 });
  });

  it('reads a line without the id and lamp bytes, and a net weight', () => {
    expect(parseCasLine('ST,GS,+001.500kg')).toMatchObject({ state: 'stable', grams: 1500 });
    expect(parseCasLine('ST,NT,1\u00c0,   0.250 kg')).toMatchObject({ state: 'stable', grams: 250 });
  });

  it('reports a line it cannot read as garbled and reads the next good one', () => {
    const out = feedAll(casStreamDialog(), [ascii('S#,G$,1\u00c0,   1.2?4 kg\r\n'), line('ST', '   0.500')]).readings;
    expect(out.map((r) => r.state)).toEqual(['error', 'stable']);
  });

  it('assembles a line split across reads and keeps a cut line as partial', () => {
    const l = line('ST', '   2.000');
    for (const pieces of [...allSplits(l), byteByByte(l)]) {
      expect(feedAll(casStreamDialog(), pieces).readings).toEqual([{ state: 'stable', grams: 2000, stable: true }]);
    }
    const d = casStreamDialog();
    expect(feedAll(d, [l.subarray(0, 12)]).readings).toEqual([]);
    expect(d.partial).toBe(true);
  });
});
