/**
 * Calls over the web host's events socket — the page's way once the socket is open (a POST cost
 * Chromium a third of a frame per scan): the same envelope, the same guards on the way in, the
 * same refusal while stopping, and the call in flight answered before the socket is cut.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startWebHost, type WebHost } from '../../main/host/web-host.js';
import { cashierReady, loginAs, makeTill, pieceBarcodes, type TestTill } from '../fixtures/core.js';

type Frame = { id?: number; answer?: { ok: boolean; value?: unknown; error?: { code: string; message: string } }; event?: string; payload?: unknown };

function rendererDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kassa-renderer-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html>');
  return dir;
}

/** A socket as the page opens it; every frame it hears, in order. */
async function openSocket(host: WebHost, options: WebSocket.ClientOptions = {}) {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api/events?token=${host.token}`, options);
  const heard: Frame[] = [];
  const waiters: (() => void)[] = [];
  ws.on('message', (data) => {
    heard.push(JSON.parse((data as Buffer).toString('utf8')) as Frame);
    waiters.splice(0).forEach((w) => w());
  });
  const closed = new Promise<number>((resolve) =>
    ws.on('close', (code) => {
      waiters.splice(0).forEach((w) => w());
      resolve(code);
    }),
  );
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  let lastId = 0;
  return {
    ws,
    heard,
    closed,
    /** Sends a call; resolves with its answer frame's index in `heard` and the answer. */
    async call(method: string, input: unknown): Promise<{ at: number; answer: NonNullable<Frame['answer']> }> {
      const id = ++lastId;
      ws.send(JSON.stringify({ id, method, input }));
      for (;;) {
        const at = heard.findIndex((f) => f.id === id);
        if (at >= 0) return { at, answer: heard[at]!.answer! };
        if (ws.readyState !== WebSocket.OPEN) throw new Error(`the socket closed before the answer to ${method}`);
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
  };
}

/** How a refused upgrade ended: the HTTP status, or 'open' if it was let in. */
function upgradeOutcome(host: WebHost, options: WebSocket.ClientOptions, token = host.token): Promise<string> {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api/events?token=${token}`, options);
  return new Promise((resolve) => {
    ws.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('error', () => resolve('error'));
  });
}

describe('calls over the events socket', () => {
  let till: TestTill;
  let host: WebHost;

  beforeAll(async () => {
    till = makeTill();
    await cashierReady(till);
    await till.ok('shift.open');
    host = await startWebHost(till, { rendererDir: rendererDir() });
  });
  afterAll(async () => {
    await host.close();
    till.dispose();
  });

  it('answers a call under its id with the router envelope, after the events the call raised', async () => {
    const socket = await openSocket(host);
    const [barcode] = await pieceBarcodes(till, 1);
    const { at, answer } = await socket.call('sale.addItem', { barcode });
    expect(answer).toMatchObject({ ok: true, value: { lines: [{ quantity: 1000 }] } });
    // The open check came first as an event: the page may draw the line from whichever comes first.
    const changed = socket.heard.findIndex((f) => f.event === 'sale.changed');
    expect(changed).toBeGreaterThanOrEqual(0);
    expect(changed).toBeLessThan(at);
    expect(socket.heard[changed]!.payload).toEqual(answer.value);
    await till.ok('sale.cancel');
    socket.ws.close();
  });

  it('answers a refused call in Russian and changes nothing, as a POST is answered', async () => {
    const socket = await openSocket(host);
    const before = till.fingerprint();
    const { answer } = await socket.call('sale.addItem', { barcode: 'не код', quantity: -1 });
    expect(answer).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(answer.error!.message).toMatch(/[а-яё]/i);
    expect((await socket.call('no.suchMethod', {})).answer).toMatchObject({ ok: false });
    expect(till.fingerprint()).toBe(before);
    socket.ws.close();
  });

  it('closes a socket that sends anything but a call, runs nothing, and goes on serving others', async () => {
    for (const frame of ['not json', '{"method":"sale.cancel"}', '{"id":"1","method":"sale.cancel"}', '[1]']) {
      const socket = await openSocket(host);
      const before = till.fingerprint();
      socket.ws.send(frame);
      expect(await socket.closed).toBe(1003);
      expect(till.fingerprint()).toBe(before);
    }
    const binary = await openSocket(host);
    binary.ws.send(Buffer.from(JSON.stringify({ id: 1, method: 'app.status', input: {} })));
    expect(await binary.closed).toBe(1003);
    const other = await openSocket(host);
    expect((await other.call('app.status', {})).answer).toMatchObject({ ok: true });
    other.ws.close();
  });

  it('lets no socket in from a foreign Origin or Host, or without the token: the guards of a POST', async () => {
    expect(await upgradeOutcome(host, {})).toBe('open');
    expect(await upgradeOutcome(host, { origin: `http://127.0.0.1:${host.port}` })).toBe('open');
    expect(await upgradeOutcome(host, { origin: 'http://evil.example' })).toBe('403');
    expect(await upgradeOutcome(host, { origin: `http://127.0.0.1:${host.port + 1}` })).toBe('403');
    expect(await upgradeOutcome(host, { headers: { Host: `evil.example:${host.port}` } })).toBe('403');
    expect(await upgradeOutcome(host, {}, 'nope')).toBe('401');
    expect(await upgradeOutcome(host, {}, '')).toBe('401');
  });
});

describe('calls over the events socket while the host stops', () => {
  it('answers the call in flight, refuses a new one unrun, then closes the socket', async () => {
    using till = makeTill();
    await cashierReady(till);
    await till.ok('shift.open');
    await loginAs(till, 'admin');
    // A card payment that takes 300 ms at the terminal: in flight while the host is told to stop.
    await till.ok('settings.saveWorkflow', { paymentTerminal: { kind: 'simulator', mode: 'approve', timeoutMs: 60_000, delayMs: 300 } });
    await loginAs(till, 'cashier');
    const [barcode] = await pieceBarcodes(till, 1);
    const check = await till.ok('sale.addItem', { barcode: barcode! });
    const host = await startWebHost(till, { rendererDir: rendererDir() });
    const socket = await openSocket(host);

    const paying = socket.call('sale.pay', { payments: [{ form: 'card', amount: check.total }] });
    await new Promise((r) => setTimeout(r, 50)); // the payment has reached the router
    const stopped = host.close();
    const refused = await socket.call('sale.addItem', { barcode: barcode! });
    expect(refused.answer).toEqual({ ok: false, error: { code: 'CONFLICT', message: 'Касса закрывается: операция не выполнена. Повторите её после запуска.' } });
    expect((await paying).answer).toMatchObject({ ok: true, value: { document: { total: check.total } } });
    await stopped;
    await socket.closed;
    // Only the payment was made: the refused line is not in any check.
    expect(await till.ok('sale.current')).toMatchObject({ lines: [] });
  });
});
