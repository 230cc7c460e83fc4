/**
 * A serial (USB-COM) scanner over a real pseudo-terminal: codes arrive as `scanner.code` events
 * with the GS byte (0x1D) of a DataMatrix marking code intact; a code split across reads is one
 * code; an unplugged scanner is reported and works again when it is back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../preload/contract/index.js';
import { adminReady, makeTill, type TestTill } from '../fixtures/core.js';
import { ascii, bytes } from '../fixtures/serial/dialog.js';
import { waitUntil } from '../fixtures/serial/mock-port.js';
import { peer, type Peer } from '../fixtures/serial/peer.js';
import { ptyPair, socatMissing, type PtyPair } from '../fixtures/serial/socat.js';

const missing = socatMissing();
if (missing) console.warn(`serial-scanner: pty tests skipped — ${missing}`);

const MARK = '0104810000000002215Kd7!x\u001d93dGVz';

describe.skipIf(missing !== null)('serial scanner on a pseudo-terminal pair', () => {
  let pair: PtyPair;
  let till: TestTill;
  let scanner: Peer;
  const codes: EventPayload<'scanner.code'>[] = [];
  const statuses: EventPayload<'device.status'>[] = [];

  beforeAll(async () => {
    pair = await ptyPair();
    scanner = peer(pair.b);
    till = makeTill();
    till.onEvent((event, payload) => {
      if (event === 'scanner.code') codes.push(payload as EventPayload<'scanner.code'>);
      if (event === 'device.status' && (payload as EventPayload<'device.status'>).device === 'scanner') statuses.push(payload as EventPayload<'device.status'>);
    });
    await adminReady(till);
    await till.ok('devices.saveSettings', { scanner: { profile: 'serial', path: pair.a, baudRate: 9600, suffix: 'cr-lf' } });
    await waitUntil(() => statuses.at(-1)?.state === 'ok', 3_000, 'scanner port open');
    await waitUntil(() => scanner.link.status().state === 'open', 3_000, 'scanner end open');
  });

  afterAll(async () => {
    till?.dispose();
    await scanner?.stop();
    await pair?.close();
  });

  it('passes a DataMatrix marking code with its GS byte, AIM prefix off', async () => {
    await scanner.write(Buffer.concat([ascii(']d2'), Buffer.from(MARK, 'latin1'), bytes(0x0d)]));
    const c = await waitUntil(() => codes.at(-1), 3_000, 'a code');
    expect(c).toEqual({ code: MARK, kind: 'datamatrix' });
    expect(c.code.charCodeAt(MARK.indexOf('\u001d'))).toBe(0x1d);
  });

  it('joins a code that arrives in two reads', async () => {
    const n = codes.length;
    await scanner.write(ascii('400638'));
    await new Promise((r) => setTimeout(r, 40));
    await scanner.write(ascii('1333931\r\n'));
    await waitUntil(() => codes.length > n, 3_000, 'joined code');
    expect(codes.slice(n)).toEqual([{ code: '4006381333931', kind: 'ean13' }]);
  });

  it('reports an unplugged scanner and reads again once it is back', async () => {
    await pair.kill();
    await waitUntil(() => statuses.at(-1)?.state === 'error', 3_000, 'scanner error');
    expect((await till.ok('devices.diagnostics')).find((d) => d.device === 'scanner')?.state).toBe('error');
    await pair.start();
    await waitUntil(() => statuses.at(-1)?.state === 'ok' && scanner.link.status().state === 'open', 5_000, 'both ends back');
    const n = codes.length;
    await scanner.write(ascii('96385074\r'));
    await waitUntil(() => codes.length > n, 3_000, 'code after replug');
    expect(codes.at(-1)).toEqual({ code: '96385074', kind: 'ean8' });
  });
});
