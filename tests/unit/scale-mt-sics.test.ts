/** Mettler Toledo MT-SICS (HARDWARE.md): `SI` → `S S     1.234 kg`, `S D` dynamic, `S +`, `S -`, `S I`. */
import { describe, expect, it } from 'vitest';
import { parseSicsLine, sicsDialog } from '../../main/devices/scale/mt-sics.js';
import { allSplits, ascii, feedAll, hexOf } from '../fixtures/serial/dialog.js';

describe('MT-SICS', () => {
  it('asks with SI CR LF', () => {
    expect(hexOf(sicsDialog().start())).toBe('53 49 0D 0A');
  });

  it('reads a stable weight in kg and in g', () => {
    expect(parseSicsLine('S S     1.234 kg')).toEqual({ state: 'stable', grams: 1234, stable: true });
    expect(parseSicsLine('S S    1234.5 g')).toMatchObject({ state: 'stable', grams: 1235 });
  });

  it('refuses dynamic, negative, overload, underload and busy, each with its own message', () => {
    const rs = ['S D     1.230 kg', 'S S    -0.150 kg', 'S +', 'S -', 'S I'].map(parseSicsLine);
    expect(rs.map((r) => r?.state)).toEqual(['unstable', 'negative', 'overload', 'underload', 'unstable']);
    expect(rs[1]?.grams).toBe(-150);
    expect(new Set(rs.map((r) => r?.message)).size).toBe(5);
  });

  it('explains ES / ET / EL and reports anything else as garbled', () => {
    expect(parseSicsLine('ES')).toMatchObject({ state: 'error', message: expect.stringMatching(/не поняли/) });
    expect(parseSicsLine('ET')?.state).toBe('error');
    expect(parseSicsLine('S X 1.2 kg')).toMatchObject({ state: 'error', message: expect.stringMatching(/искажённый/) });
    expect(parseSicsLine('S S   1.2.3 kg')?.state).toBe('error');
    expect(parseSicsLine('S S   1.000 lb')).toMatchObject({ state: 'error', message: expect.stringMatching(/фунт/) });
  });

  it('assembles an answer split across reads and holds a cut one as partial', () => {
    const answer = ascii('S S     0.500 kg\r\n');
    for (const pieces of allSplits(answer)) {
      expect(feedAll(sicsDialog(), pieces).readings).toEqual([{ state: 'stable', grams: 500, stable: true }]);
    }
    const d = sicsDialog();
    expect(feedAll(d, [answer.subarray(0, 9)]).readings).toEqual([]);
    expect(d.partial).toBe(true);
  });
});
