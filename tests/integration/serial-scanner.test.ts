/**
 * A serial (USB-COM) scanner over a real pseudo-terminal: codes arrive as `scanner.code` events
 * with the GS byte (0x1D) of a DataMatrix marking code intact; a code split across reads is one
 * code; an unplugged scanner is reported and works again when it is back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../preload/contract/index.js';
import { adminReady, makeTill, type TestTill } from '../fixtures/core.js';
import { ascii, bytes } from '../fixtures/serial/dialog.js';
import { peer, type Peer } from '../fixtures/serial/peer.js';
import { ptyPair, socatMissing, type PtyPair } from '../fixtures/serial/socat.js';
import { heard, waitUntil } from '../fixtures/wait.js';

const missing = socatMissing();
if (missing) console.warn(`serial-scanner: pty tests skipped — ${missing}`);

const MARK = '0104810000000002215Kd7!x\u001d93dGVz';

describe.skipIf(missing !== null)('serial scanner on a pseudo-terminal pair', () => {
  let pair: PtyPair;
  let till: TestTill;
  let scanner: Peer;
  const codes = heard<EventPayload<'scanner.code'>>();
  const statuses = heard<EventPayload<'device.status'>>();

  beforeAll(async () => {
    pair = await ptyPair();
    scanner = peer(pair.b);
    till = makeTill();
    till.onEvent((event, payload) => {
      if (event === 'scanner.code') codes.push(payload as EventPayload<'scanner.code'>);
      if (event === 'device.status' && (payload as EventPayload<'device.status'>).device === 'scanner') statuses.push(payload as EventPayload<'device.status'>);
    });
    await adminReady(till);
    const set = statuses.mark();
    await till.ok('devices.saveSettings', { scanner: { profile: 'serial', path: pair.a, baudRate: 9600, suffix: 'cr-lf' } });
    await statuses.after(set, (s) => s.state === 'ok', 'the scanner port open');
    await waitUntil(() => scanner.link.status().state === 'open', 'the scanner end open');
  });

  afterAll(async () => {
    till?.dispose();
    await scanner?.stop();
    await pair?.close();
  });

  it('passes a DataMatrix marking code with its GS byte, AIM prefix off', async () => {
    const from = codes.mark();
    await scanner.write(Buffer.concat([ascii(']d2'), Buffer.from(MARK, 'latin1'), bytes(0x0d)]));
    const c = await codes.after(from, () => true, 'a code');
    expect(c).toEqual({ code: MARK, kind: 'datamatrix' });
    expect(c.code.charCodeAt(MARK.indexOf('\u001d'))).toBe(0x1d);
  });

  it('joins a code that arrives in two reads', async () => {
    const n = codes.mark();
    await scanner.write(ascii('400638'));
    await new Promise((r) => setTimeout(r, 40));
    await scanner.write(ascii('1333931\r\n'));
    await codes.after(n, () => true, 'the joined code');
    expect(codes.all.slice(n)).toEqual([{ code: '4006381333931', kind: 'ean13' }]);
  });

  it('reports an unplugged scanner and reads again once it is back', async () => {
    const unplugged = statuses.mark();
    await pair.kill();
    await statuses.after(unplugged, (s) => s.state === 'error', 'the scanner error status');
    expect((await till.ok('devices.diagnostics')).find((d) => d.device === 'scanner')?.state).toBe('error');
    const replugged = statuses.mark();
    await pair.start();
    await statuses.after(replugged, (s) => s.state === 'ok', 'the scanner ok again');
    await waitUntil(() => scanner.link.status().state === 'open', 'the scanner end open again');
    const n = codes.mark();
    await scanner.write(ascii('96385074\r'));
    expect(await codes.after(n, () => true, 'the code after replug')).toEqual({ code: '96385074', kind: 'ean8' });
  });
});
