/** The web host over real HTTP and WebSocket on loopback: token, Origin and Host guards, envelope, events. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startWebHost, type WebHost } from '../../main/host/web-host.js';
import { makeTill, type TestTill } from '../fixtures/core.js';

describe('web host', () => {
  let till: TestTill;
  let host: WebHost;
  let base: string;

  beforeAll(async () => {
    till = makeTill();
    const rendererDir = mkdtempSync(join(tmpdir(), 'kassa-renderer-'));
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Касса</title>');
    mkdirSync(join(rendererDir, 'assets'));
    writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(tmpdir(), 'kassa-secret.txt'), 'secret');
    host = await startWebHost(till, { rendererDir });
    base = `http://127.0.0.1:${host.port}`;
  });
  afterAll(async () => {
    await host.close();
    till.dispose();
  });

  const post = (method: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}/api/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Kassa-Token': host.token, ...headers },
      body: JSON.stringify(body),
    });

  it('prints a URL on 127.0.0.1 carrying the token in the hash', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${host.token}`);
    expect(host.token).toMatch(/^[0-9a-f]{48}$/);
  });

  it('answers a call with the router envelope', async () => {
    const res = await post('app.status', {});
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, value: { setupDone: false, trainingMode: true } });
  });

  it('answers a body over 1 MiB with 413 and the error envelope, runs nothing, and keeps serving', async () => {
    const before = till.fingerprint();
    const huge = await post('setup.enterPin', { pin: '1234', pad: 'x'.repeat(2 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toEqual({ ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/^Слишком большой запрос/) } });
    expect(till.fingerprint()).toBe(before);
    expect((await post('app.status', {})).status).toBe(200);
  });

  it('answers a body over 1 MiB sent without Content-Length (chunked) with 413 too', async () => {
    const before = till.fingerprint();
    const chunks = (async function* () {
      for (let i = 0; i < 3; i++) yield new TextEncoder().encode(`{"pad":"${'x'.repeat(1024 * 1024)}`);
    })();
    const res = await fetch(`${base}/api/setup.enterPin`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Kassa-Token': host.token },
      body: chunks as unknown as BodyInit,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(till.fingerprint()).toBe(before);
  });

  it('answers a body that is not application/json with 415 and runs nothing', async () => {
    const before = till.fingerprint();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonp']) {
      const res = await fetch(`${base}/api/setup.enterPin`, {
        method: 'POST',
        headers: { 'Content-Type': type, 'X-Kassa-Token': host.token },
        body: '{"pin":"1234"}',
      });
      expect(res.status, type).toBe(415);
      expect(await res.json()).toEqual({ ok: false, error: { code: 'VALIDATION', message: 'Неверный формат запроса: ожидается JSON' } });
    }
    const none = await fetch(`${base}/api/setup.enterPin`, {
      method: 'POST',
      headers: { 'X-Kassa-Token': host.token },
      body: new Uint8Array(Buffer.from('{"pin":"1234"}')),
    });
    expect(none.status).toBe(415);
    expect(till.fingerprint()).toBe(before);
    expect((await post('app.status', {}, { 'Content-Type': 'application/json; charset=UTF-8' })).status).toBe(200);
  });

  it('refuses a missing or wrong token with 401 and runs nothing', async () => {
    const before = till.fingerprint();
    const none = await fetch(`${base}/api/setup.enterPin`, { method: 'POST', body: JSON.stringify({ pin: '1234' }) });
    expect(none.status).toBe(401);
    const wrong = await post('setup.enterPin', { pin: '1234' }, { 'X-Kassa-Token': 'f'.repeat(48) });
    expect(wrong.status).toBe(401);
    expect(till.fingerprint()).toBe(before);
  });

  it('refuses a foreign Origin or Host with 403 and runs nothing, even with the token', async () => {
    const before = till.fingerprint();
    expect((await post('setup.enterPin', { pin: '1234' }, { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await post('setup.enterPin', { pin: '1234' }, { Origin: `http://127.0.0.1:${host.port + 1}` })).status).toBe(403);
    expect(till.fingerprint()).toBe(before);
    const rebound = await new Promise<number>((resolve, reject) => {
      // fetch() will not send a custom Host, so speak HTTP by hand, as a DNS-rebinding page would.
      import('node:http').then(({ request }) => {
        const req = request(
          { host: '127.0.0.1', port: host.port, path: '/api/app.status', method: 'POST', headers: { Host: 'evil.example', 'X-Kassa-Token': host.token } },
          (res) => resolve(res.statusCode ?? 0),
        );
        req.on('error', reject);
        req.end('{}');
      }, reject);
    });
    expect(rebound).toBe(403);
  });

  it('answers malformed JSON with VALIDATION in Russian', async () => {
    const res = await fetch(`${base}/api/app.status`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Kassa-Token': host.token },
      body: '{oops',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ ok: false, error: { code: 'VALIDATION', message: 'Неверный формат запроса' } });
  });

  it('serves the renderer with security headers and nothing outside its folder', async () => {
    const index = await fetch(`${base}/`);
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('Касса');
    expect(index.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect((await fetch(`${base}/assets/app.js`)).headers.get('content-type')).toContain('text/javascript');
    expect((await fetch(`${base}/..%2f..%2fkassa-secret.txt`)).status).toBe(404);
    expect((await fetch(`${base}/assets/%2e%2e/%2e%2e/kassa-secret.txt`)).status).toBe(404);
  });

  it('pushes events over the WebSocket to a client with the token, and refuses one without', async () => {
    const refused = new WebSocket(`ws://127.0.0.1:${host.port}/api/events?token=nope`);
    const refusal = await new Promise<string>((resolve) => {
      refused.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
      refused.on('error', () => resolve('error'));
    });
    expect(refusal).toBe('401');

    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api/events?token=${host.token}`);
    await new Promise((resolve, reject) => {
      ws.on('open', resolve);
      ws.on('error', reject);
    });
    type Pushed = { event: string; payload: { setupDone: boolean } };
    const event = new Promise<Pushed>((resolve) => ws.on('message', (data) => resolve(JSON.parse((data as Buffer).toString('utf8')) as Pushed)));
    expect(await (await post('setup.enterPin', { pin: '1234' })).json()).toMatchObject({ ok: true });
    expect(await event).toMatchObject({ event: 'session.changed', payload: { setupDone: true } });
    ws.close();
  });

  it('drops an events client that sends a frame over the limit, and goes on serving', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api/events?token=${host.token}`);
    await new Promise((resolve, reject) => {
      ws.on('open', resolve);
      ws.on('error', reject);
    });
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    ws.on('error', () => {});
    ws.send('x'.repeat(128 * 1024));
    expect(await closed).toBe(1009); // «message too big»
    expect((await post('app.status', {})).status).toBe(200);
  });
});

/** Idle and surplus sockets: a host with short limits, so the test takes a second, not a minute. */
describe('web host limits', () => {
  let till: TestTill;
  let host: WebHost;
  const limits = { maxConnections: 8, headersTimeoutMs: 400, requestTimeoutMs: 800, idleTimeoutMs: 300 };

  beforeAll(async () => {
    till = makeTill();
    const rendererDir = mkdtempSync(join(tmpdir(), 'kassa-renderer-'));
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>');
    host = await startWebHost(till, { rendererDir, limits });
  });
  afterAll(async () => {
    await host?.close();
    till?.dispose();
  });

  /** A raw socket that connects and says `send` (nothing by default); resolves with how it ended and when. */
  function openSocket(send = ''): { connected: Promise<void>; ended: Promise<{ afterMs: number; data: string }> } {
    const socket = connect(host.port, '127.0.0.1');
    const started = Date.now();
    let data = '';
    socket.on('data', (d) => (data += d.toString()));
    const connected = new Promise<void>((resolve) =>
      socket.once('connect', () => {
        if (send) socket.write(send);
        resolve();
      }),
    );
    const ended = new Promise<{ afterMs: number; data: string }>((resolve) => socket.once('close', () => resolve({ afterMs: Date.now() - started, data })));
    socket.on('error', () => {});
    return { connected, ended };
  }

  it('closes a socket that never sends its request, and one that sends half of it', async () => {
    const silent = openSocket();
    const half = openSocket(
      `POST /api/app.status HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nX-Kassa-Token: ${host.token}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{`,
    );
    const [a, b] = await Promise.all([silent.ended, half.ended]);
    expect(a.afterMs).toBeLessThan(5000);
    expect(b.afterMs).toBeLessThan(5000);
    expect(b.data).toMatch(/^HTTP\/1\.1 408/);
  });

  it('takes no more sockets than its cap, and serves again once idle ones are gone', async () => {
    const idle = Array.from({ length: limits.maxConnections }, () => openSocket());
    await Promise.all(idle.map((s) => s.connected));
    await new Promise((r) => setTimeout(r, 50)); // the host has counted them
    const surplus = openSocket(
      `POST /api/app.status HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nX-Kassa-Token: ${host.token}\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`,
    );
    const cut = await surplus.ended;
    expect(cut.data).toBe(''); // closed unanswered: over the cap
    await Promise.all(idle.map((s) => s.ended));
    const res = await fetch(`http://127.0.0.1:${host.port}/api/app.status`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Kassa-Token': host.token },
      body: '{}',
    });
    expect(res.status).toBe(200);
  });
});
