/**
 * Масса-К Protocol 100 (HARDWARE.md): `F8 55 CE | len u16 LE | cmd | data | CRC16 LE`.
 * The CRC is checked against frames published with public Масса-К integrations, not against our
 * own output: CMD_GET_MASSA `F8 55 CE 01 00 23 23 00`, set-date `… 55 07 2C 01 00 00 44 1F` and
 * read-system-info `… 92 01 00 00 00 00 00 00 B5 EF`.
 */
import { describe, expect, it } from 'vitest';
import { massaCrc16, massaDialog, massaFrame } from '../../main/devices/scale/massa-k.js';
import { allSplits, byteByByte, bytes, feedAll, hexOf } from '../fixtures/serial/dialog.js';

/** A CMD_ACK_MASSA body: weight int32 LE, division, stable, net, zero (+ tare int32). */
function ackBody(weight: number, division: number, stable: 0 | 1, tare?: number): number[] {
  const b = Buffer.alloc(tare === undefined ? 9 : 13);
  b[0] = 0x24;
  b.writeInt32LE(weight, 1);
  b[5] = division;
  b[6] = stable;
  b[7] = 0;
  b[8] = weight === 0 ? 1 : 0;
  if (tare !== undefined) b.writeInt32LE(tare, 9);
  return [...b];
}

describe('Масса-К CRC-16-CCITT', () => {
  it('matches the published frames byte for byte', () => {
    expect(massaCrc16(bytes(0x23))).toBe(0x0023);
    expect(massaCrc16(bytes(0x55, 0x07, 0x2c, 0x01, 0x00, 0x00))).toBe(0x1f44);
    expect(massaCrc16(bytes(0x92, 0x01, 0, 0, 0, 0, 0, 0))).toBe(0xefb5);
  });

  it('is not CRC-16/XMODEM (which gives 0x1401 for 0x23)', () => {
    expect(massaCrc16(bytes(0x23))).not.toBe(0x1401);
  });

  it('frames the weight request as the scale expects it, length and CRC little-endian', () => {
    expect(hexOf(massaDialog().start())).toBe('F8 55 CE 01 00 23 23 00');
    expect(hexOf(massaFrame([0x55, 0x07, 0x2c, 0x01, 0x00, 0x00]))).toBe('F8 55 CE 06 00 55 07 2C 01 00 00 44 1F');
  });
});

describe('Масса-К weight answers', () => {
  const read = (frame: Uint8Array) => feedAll(massaDialog(), [frame]).readings;

  it('reads a stable 1.234 kg in 1 g divisions', () => {
    expect(read(massaFrame(ackBody(1234, 1, 1)))).toEqual([{ state: 'stable', grams: 1234, stable: true }]);
  });

  it('scales the weight by the division code: 0.1 g, 10 g, 100 g, 1 kg', () => {
    expect(read(massaFrame(ackBody(12345, 0, 1)))[0]).toMatchObject({ state: 'stable', grams: 1235 }); // 1234.5 g → 1235
    expect(read(massaFrame(ackBody(123, 2, 1)))[0]).toMatchObject({ grams: 1230 });
    expect(read(massaFrame(ackBody(12, 3, 1)))[0]).toMatchObject({ grams: 1200 });
    expect(read(massaFrame(ackBody(2, 4, 1)))[0]).toMatchObject({ grams: 2000 });
  });

  it('reads the 13-byte answer that carries the tare too', () => {
    expect(read(massaFrame(ackBody(850, 1, 1, 150)))[0]).toMatchObject({ state: 'stable', grams: 850 });
  });

  it('refuses an unstable weight with its own message', () => {
    const [r] = read(massaFrame(ackBody(1234, 1, 0)));
    expect(r).toMatchObject({ state: 'unstable', grams: 1234, stable: false });
    expect(r?.message).toMatch(/не успокоился/);
  });

  it('refuses a negative weight with its own message', () => {
    const [r] = read(massaFrame(ackBody(-35, 1, 1)));
    expect(r).toMatchObject({ state: 'negative', grams: -35, stable: false });
    expect(r?.message).toMatch(/отрицательный/);
  });

  it('reads CMD_ERROR 0x08 as overload and other codes as errors the cashier can act on', () => {
    expect(read(massaFrame([0x28, 0x08]))[0]).toMatchObject({ state: 'overload', message: expect.stringMatching(/Перегрузка/) });
    expect(read(massaFrame([0x28, 0x19]))[0]).toMatchObject({ state: 'error', message: expect.stringMatching(/0x19.*неисправны/) });
    expect(read(massaFrame([0xf0]))[0]).toMatchObject({ state: 'error', message: expect.stringMatching(/NACK/) });
  });

  it('reports a frame whose CRC does not match as garbled', () => {
    const frame = massaFrame(ackBody(1234, 1, 1));
    frame[7]! ^= 0x01; // one bit of the weight flipped on the wire
    expect(read(frame)[0]).toMatchObject({ state: 'error', message: expect.stringMatching(/искажённый/) });
  });

  it('reports a swapped (big-endian) CRC as garbled', () => {
    const frame = massaFrame(ackBody(1234, 1, 1));
    const n = frame.length;
    expect(frame[n - 2]).not.toBe(frame[n - 1]); // else the swap would prove nothing
    [frame[n - 2], frame[n - 1]] = [frame[n - 1]!, frame[n - 2]!];
    expect(read(frame)[0]?.state).toBe('error');
  });

  it('waits for the rest of a truncated frame and says it holds a partial one', () => {
    const d = massaDialog();
    const frame = massaFrame(ackBody(1234, 1, 1));
    expect(feedAll(d, [frame.subarray(0, 9)]).readings).toEqual([]);
    expect(d.partial).toBe(true);
  });

  it('assembles a frame split across reads at every position and byte by byte', () => {
    const frame = massaFrame(ackBody(500, 1, 1));
    for (const pieces of [...allSplits(frame), byteByByte(frame)]) {
      expect(feedAll(massaDialog(), pieces).readings).toEqual([{ state: 'stable', grams: 500, stable: true }]);
    }
  });

  it('skips line noise before the header, even noise that starts like a header', () => {
    const frame = massaFrame(ackBody(777, 1, 1));
    const noisy = Buffer.concat([bytes(0x00, 0xf8, 0x55, 0x13, 0xf8), frame]);
    expect(feedAll(massaDialog(), [noisy]).readings).toEqual([{ state: 'stable', grams: 777, stable: true }]);
  });

  it('drops a header with an absurd length and still reads the good frame after it', () => {
    const good = massaFrame(ackBody(42, 1, 1));
    const out = feedAll(massaDialog(), [Buffer.concat([bytes(0xf8, 0x55, 0xce, 0xff, 0xff), good])]).readings;
    expect(out.map((r) => r.state)).toEqual(['error', 'stable']);
    expect(out[1]?.grams).toBe(42);
  });
});
