/**
 * The till's serial scanner and pole display over serialport's mock binding: the dialogues of
 * serial-scanner and serial-display without the kernel's tty layer. Windows has no
 * pseudo-terminals, so there these are the tests that carry the bytes through the till's ports
 * (the pty tests skip); everywhere else they run too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../preload/contract/index.js';
import { adminReady, cashierReady, loginAs, makeTill, pieceBarcodes, type TestTill } from '../fixtures/core.js';
import { ascii, bytes } from '../fixtures/serial/dialog.js';
import { mockDevice, type MockDevice } from '../fixtures/serial/mock-port.js';
import { heard, waitUntil } from '../fixtures/wait.js';

const MARK = '0104810000000002215Kd7!x\u001d93dGVz';
const ITOGO = bytes(0x88, 0x92, 0x8e, 0x83, 0x8e); // «ИТОГО» in CP866

/** 289 → "2.89" (written here, not taken from the app). */
const rub = (k: number) => `${Math.trunc(k / 100)}.${String(k % 100).padStart(2, '0')}`;

describe('serial scanner over the mock binding', () => {
  const path = 'MOCK-SCANNER';
  let device: MockDevice;
  let till: TestTill;
  const codes = heard<EventPayload<'scanner.code'>>();
  const statuses = heard<EventPayload<'device.status'>>();

  beforeAll(async () => {
    device = mockDevice(path);
    till = makeTill({ devices: { opener: device.opener } });
    till.onEvent((event, payload) => {
      if (event === 'scanner.code') codes.push(payload as EventPayload<'scanner.code'>);
      if (event === 'device.status' && (payload as EventPayload<'device.status'>).device === 'scanner') statuses.push(payload as EventPayload<'device.status'>);
    });
    await adminReady(till);
    const set = statuses.mark();
    await till.ok('devices.saveSettings', { scanner: { profile: 'serial', path, baudRate: 9600, suffix: 'cr-lf' } });
    await statuses.after(set, (s) => s.state === 'ok', 'the scanner port open');
  });

  afterAll(() => {
    till?.dispose();
    device?.reset();
  });

  it('passes a DataMatrix marking code with its GS byte, AIM prefix off', async () => {
    const from = codes.mark();
    device.emit(Buffer.concat([ascii(']d2'), Buffer.from(MARK, 'latin1'), bytes(0x0d)]));
    const c = await codes.after(from, () => true, 'a code');
    expect(c).toEqual({ code: MARK, kind: 'datamatrix' });
  });

  it('joins a code that arrives in two reads', async () => {
    const n = codes.mark();
    device.emit(ascii('400638'));
    await new Promise((r) => setTimeout(r, 40));
    device.emit(ascii('1333931\r\n'));
    await codes.after(n, () => true, 'the joined code');
    expect(codes.all.slice(n)).toEqual([{ code: '4006381333931', kind: 'ean13' }]);
  });

  it('reports an unplugged scanner and reads again once it is back', async () => {
    const unplugged = statuses.mark();
    device.unplug();
    await statuses.after(unplugged, (s) => s.state === 'error', 'the scanner error status');
    expect((await till.ok('devices.diagnostics')).find((d) => d.device === 'scanner')?.state).toBe('error');
    const replugged = statuses.mark();
    device.plugIn();
    await statuses.after(replugged, (s) => s.state === 'ok', 'the scanner back');
    const n = codes.mark();
    device.emit(ascii('96385074\r'));
    expect(await codes.after(n, () => true, 'the code after replug')).toEqual({ code: '96385074', kind: 'ean8' });
  });
});

describe('customer display over the mock binding', () => {
  const path = 'MOCK-DISPLAY';
  let device: MockDevice;
  let till: TestTill;
  const has = (needle: Uint8Array) => Buffer.concat(device.written).includes(Buffer.from(needle));

  beforeAll(async () => {
    device = mockDevice(path);
    till = makeTill({ devices: { opener: device.opener } });
    await cashierReady(till);
    await till.ok('shift.open');
    await loginAs(till, 'admin');
  });

  afterAll(() => {
    till?.dispose();
    device?.reset();
  });

  it('initialises a CD5220 with its code table, then shows the total as the check grows', async () => {
    await till.ok('devices.saveSettings', {
      display: { profile: 'cd5220', path, baudRate: 9600, encoding: 'cp866', codeTable: '1B 74 11', columns: 20, customerWindow: false },
    });
    await waitUntil(() => has(bytes(0x1b, 0x40, 0x1b, 0x74, 0x11, 0x0c, 0x1b, 0x51, 0x41)), 'init bytes');
    await loginAs(till, 'cashier');
    const [a] = await pieceBarcodes(till, 1);
    const sale = await till.ok('sale.addItem', { barcode: a! });
    const total = rub(sale.total);
    const lower = Buffer.concat([bytes(0x1b, 0x51, 0x42), ITOGO, Buffer.alloc(20 - 5 - total.length, 0x20), ascii(total), bytes(0x0d)]);
    await waitUntil(() => has(lower), `ИТОГО ${total}`);
  });
});
