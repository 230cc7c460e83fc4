/**
 * Штрих-М POS2 (HARDWARE.md): ENQ → NAK (ready), `02 LEN CMD DATA LRC` with LRC = XOR of LEN,
 * CMD and DATA; answer `02 LEN 3A ERR status u16 LE, weight int32 LE, tare int16 LE, LRC`.
 * LRCs worked out by hand:
 *   request 05 3A '0'(30) '0'(30) '3'(33) '0'(30) → 0x3C;
 *   answer 0A 3A 00 | 14 00 | D2 04 00 00 | 00 00 → 0xF2  (status bit 4 + channel bit 2, 1234 g);
 *   status 44 00 (bit 6 overload) → 0xA2; status 04 00 (not stable) → 0xE2;
 *   status 14 00, weight 9C FF FF FF (−100 g) → 0x47; status 14 01 (bit 8), weight 14 00 00 00 → 0x31;
 *   error answer 02 3A 58 → 0x60.
 */
import { describe, expect, it } from 'vitest';
import { readWeightRequest, shtrihDialog } from '../../main/devices/scale/shtrih-pos2.js';
import { byteByByte, bytes, feedAll, hexOf } from '../fixtures/serial/dialog.js';

const answer = (status: [number, number], weight: [number, number, number, number], lrc: number) =>
  bytes(0x02, 0x0a, 0x3a, 0x00, ...status, ...weight, 0x00, 0x00, lrc);

const STABLE_1234 = answer([0x14, 0x00], [0xd2, 0x04, 0x00, 0x00], 0xf2);

/** ENQ → NAK, request, ACK, the answer: what the host sends and reads. */
function exchange(...pieces: Uint8Array[]) {
  const d = shtrihDialog();
  expect(hexOf(d.start())).toBe('05');
  return feedAll(d, [bytes(0x15), bytes(0x06), ...pieces]);
}

describe('Штрих-М POS2', () => {
  it('builds the read-weight request with the default password 0030', () => {
    expect(hexOf(readWeightRequest())).toBe('02 05 3A 30 30 33 30 3C');
    expect(() => readWeightRequest('12a4')).toThrow(/4 цифры/);
  });

  it('sends the request after NAK, ACKs the answer, reads a stable 1234 g', () => {
    const out = exchange(STABLE_1234);
    expect(out.sent).toEqual(['02 05 3A 30 30 33 30 3C', '06']);
    expect(out.readings).toEqual([{ state: 'stable', grams: 1234, stable: true }]);
  });

  it('refuses overload, unstable, negative and below-minimum, each with its own message', () => {
    const over = exchange(answer([0x44, 0x00], [0xd2, 0x04, 0, 0], 0xa2)).readings[0];
    const unst = exchange(answer([0x04, 0x00], [0xd2, 0x04, 0, 0], 0xe2)).readings[0];
    const neg = exchange(answer([0x14, 0x00], [0x9c, 0xff, 0xff, 0xff], 0x47)).readings[0];
    const low = exchange(answer([0x14, 0x01], [0x14, 0, 0, 0], 0x31)).readings[0];
    expect(over).toMatchObject({ state: 'overload' });
    expect(unst).toMatchObject({ state: 'unstable', grams: 1234 });
    expect(neg).toMatchObject({ state: 'negative', grams: -100 });
    expect(low).toMatchObject({ state: 'underload', grams: 20 });
    expect(new Set([over, unst, neg, low].map((r) => r?.message)).size).toBe(4);
  });

  it('explains an error answer (wrong password)', () => {
    expect(exchange(bytes(0x02, 0x02, 0x3a, 0x58, 0x60)).readings[0]).toMatchObject({ state: 'error', message: expect.stringMatching(/пароль/) });
  });

  it('NAKs a garbled answer and reports it', () => {
    const bad = Buffer.from(STABLE_1234);
    bad[6]! ^= 0x10;
    const out = exchange(bad);
    expect(out.sent.at(-1)).toBe('15');
    expect(out.readings[0]).toMatchObject({ state: 'error', message: expect.stringMatching(/искажённый/) });
  });

  it('reports a request the scale refused with NAK', () => {
    const d = shtrihDialog();
    d.start();
    expect(feedAll(d, [bytes(0x15), bytes(0x15)]).readings[0]).toMatchObject({ state: 'error', message: expect.stringMatching(/NAK/) });
  });

  it('collects an answer left over from before (ACK to ENQ), then asks again', () => {
    const d = shtrihDialog();
    d.start();
    const stale = answer([0x14, 0x00], [0x14, 0, 0, 0], 0x30); // 0A^3A^14^14 = 0x30
    expect(stale.at(-1)).toBe(0x30);
    const first = feedAll(d, [bytes(0x06), stale]);
    expect(first.sent).toEqual(['06', '05']);
    expect(first.readings).toEqual([]);
    const second = feedAll(d, [bytes(0x15), bytes(0x06), STABLE_1234]);
    expect(second.readings[0]).toMatchObject({ grams: 1234 });
  });

  it('assembles NAK, ACK and the answer arriving byte by byte, and holds a cut answer as partial', () => {
    const d = shtrihDialog();
    d.start();
    const out = feedAll(d, byteByByte(Buffer.concat([bytes(0x15, 0x06), STABLE_1234])));
    expect(out.readings).toEqual([{ state: 'stable', grams: 1234, stable: true }]);
    const cut = shtrihDialog();
    cut.start();
    expect(feedAll(cut, [bytes(0x15, 0x06), STABLE_1234.subarray(0, 6)]).readings).toEqual([]);
    expect(cut.partial).toBe(true);
  });
});
