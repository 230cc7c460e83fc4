/**
 * The customer pole display over a real pseudo-terminal: a reader on the far end sees the exact
 * bytes of HARDWARE.md — CD5220 `1B 40`, code table, `0C`, `1B 51 41 … 0D`, `1B 51 42 … 0D`, and
 * the Epson set `1F 01`, `1F 24 x y` — with Cyrillic in CP866 (И=88 Т=92 О=8E Г=83 П=8F р=E0).
 * A display unplugged mid-sale leaves the sale working and is brought up to date when it is back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DisplaySettings, EventPayload } from '../../preload/contract/index.js';
import { cashierReady, loginAs, makeTill, pieceBarcodes, type TestTill } from '../fixtures/core.js';
import { ascii, bytes } from '../fixtures/serial/dialog.js';
import { fileSink, ptyPair, socatMissing, type FileSink, type PtyPair } from '../fixtures/serial/socat.js';
import { heard, waitUntil } from '../fixtures/wait.js';

const missing = socatMissing();
if (missing) console.warn(`serial-display: pty tests skipped — ${missing}`);

const ITOGO = bytes(0x88, 0x92, 0x8e, 0x83, 0x8e); // «ИТОГО» in CP866

/** 289 → "2.89" (written here, not taken from the app). */
const rub = (k: number) => `${Math.trunc(k / 100)}.${String(k % 100).padStart(2, '0')}`;

/** The CD5220 lower line «ИТОГО … total», flush right in 20 columns. */
const cdLowerTotal = (total: number) =>
  Buffer.concat([bytes(0x1b, 0x51, 0x42), ITOGO, Buffer.alloc(20 - 5 - rub(total).length, 0x20), ascii(rub(total)), bytes(0x0d)]);

describe.skipIf(missing !== null)('customer display on a pseudo-terminal pair', () => {
  let pair: PtyPair;
  let till: TestTill;
  let reader: FileSink;
  const statuses = heard<EventPayload<'device.status'>>();
  const settings = (over: Partial<DisplaySettings> = {}): DisplaySettings => ({
    profile: 'cd5220',
    path: pair.a,
    baudRate: 9600,
    encoding: 'cp866',
    codeTable: '1B 74 11',
    columns: 20,
    customerWindow: false,
    ...over,
  });
  const has = (needle: Uint8Array) => reader.received().includes(Buffer.from(needle));

  beforeAll(async () => {
    pair = await ptyPair({ sink: 'file' });
    reader = fileSink(pair.b);
    till = makeTill();
    till.onEvent((event, payload) => {
      if (event === 'device.status' && (payload as EventPayload<'device.status'>).device === 'display') statuses.push(payload as EventPayload<'device.status'>);
    });
    await cashierReady(till);
    await till.ok('shift.open');
    await loginAs(till, 'admin');
  });

  afterAll(async () => {
    till?.dispose();
    await pair?.close();
  });

  it('initialises a CD5220 with its code table and greets the customer', async () => {
    await till.ok('devices.saveSettings', { display: settings() });
    // 1B 40 init, 1B 74 11 code table, 0C clear, then the greeting on the upper line.
    await waitUntil(() => has(bytes(0x1b, 0x40, 0x1b, 0x74, 0x11, 0x0c, 0x1b, 0x51, 0x41)), 'init bytes');
    await waitUntil(() => has(ascii('!')), 'greeting');
    expect((await till.ok('devices.diagnostics')).find((d) => d.device === 'display')).toMatchObject({ state: 'ok', profile: 'cd5220' });
  });

  it('shows the line just scanned and the total as the check grows', async () => {
    await loginAs(till, 'cashier');
    const [a, b] = await pieceBarcodes(till, 2);
    reader.clear();
    const one = await till.ok('sale.addItem', { barcode: a! });
    await waitUntil(() => has(cdLowerTotal(one.total)), `ИТОГО ${rub(one.total)}`);
    const two = await till.ok('sale.addItem', { barcode: b! });
    await waitUntil(() => has(cdLowerTotal(two.total)), `ИТОГО ${rub(two.total)}`);
    // The upper line ends with the new line's amount, flush right before CR.
    const amount = two.lines.at(-1)!.amount;
    expect(has(Buffer.concat([ascii(` ${rub(amount)}`), bytes(0x0d, 0x1b, 0x51, 0x42)]))).toBe(true);
  });

  it('keeps selling while the display is unplugged, and brings it up to date when it is back', async () => {
    const [, , c] = await pieceBarcodes(till, 3);
    const unplugged = statuses.mark();
    await pair.kill();
    const lost = await statuses.after(unplugged, (s) => s.state === 'error', 'the display error status');
    expect(lost.message).toContain(pair.a);
    const three = await till.ok('sale.addItem', { barcode: c! }); // the sale does not wait for the display
    expect(three.lines).toHaveLength(3);
    reader.clear();
    const replugged = statuses.mark();
    await pair.start();
    // Back: init again, then what it should show now — the total after the third line.
    await waitUntil(() => has(bytes(0x1b, 0x40, 0x1b, 0x74, 0x11, 0x0c)) && has(cdLowerTotal(three.total)), 'the display refreshed after reconnect');
    await statuses.after(replugged, (s) => s.state === 'ok', 'the display ok again');
  });

  it("runs the admin's display test in Russian on an Epson-set display", async () => {
    await pair.start(); // in case a test before left it unplugged
    await loginAs(till, 'admin');
    await till.ok('devices.saveSettings', { display: settings({ profile: 'epson', codeTable: '' }) });
    await waitUntil(() => has(bytes(0x1b, 0x40, 0x1f, 0x01, 0x0c)), 'Epson init');
    reader.clear();
    const shown = await till.ok('display.test');
    expect(shown.upper).toMatch(/Проверка/);
    // 1F 24 01 01 then «Пр» in CP866 (П=8F р=E0); the lower line at 1F 24 01 02.
    await waitUntil(() => has(bytes(0x1f, 0x24, 0x01, 0x01, 0x8f, 0xe0)) && has(bytes(0x1f, 0x24, 0x01, 0x02)), 'test text');
  });

  it('refuses the display test when no display is set, in Russian', async () => {
    await till.ok('devices.saveSettings', { display: settings({ profile: 'none', path: '' }) });
    const res = await till.call('display.test');
    expect(res).toMatchObject({ ok: false, error: { code: 'DEVICE_ERROR', message: expect.stringMatching(/не настроен/) } });
  });
});

describe('the customer window setting', () => {
  it('is saved and read back, and saving it tells the customer window (and the Electron shell) at once', async () => {
    using t = makeTill();
    await cashierReady(t);
    await loginAs(t, 'admin');
    const views: EventPayload<'customer.check'>[] = [];
    t.onEvent((event, payload) => {
      if (event === 'customer.check') views.push(payload as EventPayload<'customer.check'>);
    });
    const before = (await t.ok('devices.getSettings')).display;
    expect(before.customerWindow).toBe(false);
    const saved = await t.ok('devices.saveSettings', { display: { ...before, customerWindow: true } });
    expect(saved.display.customerWindow).toBe(true);
    expect((await t.ok('devices.getSettings')).display).toEqual({ ...before, customerWindow: true });
    expect(views).toEqual([{ lines: [], total: 0, change: null }]);
  });
});
