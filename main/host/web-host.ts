/**
 * The web host: the same router over HTTP + WebSocket on 127.0.0.1 only, for the browser,
 * end-to-end tests and a training PC. Every API call needs the per-run token; a request from
 * a foreign Origin or Host is refused before anything runs.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { createRequire } from 'node:module';
import type { WebSocketServer } from 'ws';
import type { Core } from '../core.js';
import { readBody } from '../http/read-body.js';
import { phase, traceEnd, traceStart } from '../log/trace.js';

export type WebHost = { readonly url: string; readonly port: number; readonly token: string; close(): Promise<void> };

export type WebHostOptions = {
  readonly port?: number;
  /** The built renderer (dist/renderer). */
  readonly rendererDir: string;
  readonly token?: string;
};


const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

const SECURITY_HEADERS = {
  'Content-Security-Policy': "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws://127.0.0.1:* ws://localhost:*; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
} as const;

export function tokensEqual(given: string | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startWebHost(core: Core, options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('hex');
  let port = 0;
  const ownHosts = () => [`127.0.0.1:${port}`, `localhost:${port}`];

  /** Host guards against DNS rebinding; Origin against other pages in the same browser. */
  function sameSite(req: IncomingMessage): boolean {
    if (!ownHosts().includes(req.headers.host ?? '')) return false;
    const origin = req.headers.origin;
    return origin === undefined || ownHosts().some((h) => origin === `http://${h}`);
  }

  const server = createServer((req, res) => {
    if (!sameSite(req)) return plain(res, 403, 'Forbidden');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/api/')) return void api(req, res, url.pathname.slice('/api/'.length));
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'Method Not Allowed');
    serveStatic(res, options.rendererDir, url.pathname);
  });

  async function api(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    if (req.method !== 'POST') return plain(res, 405, 'Method Not Allowed');
    traceStart();
    if (!tokensEqual(req.headers['x-kassa-token'] as string | undefined, token)) return plain(res, 401, 'Unauthorized');
    let input: unknown;
    try {
      input = JSON.parse((await readBody(req)) || '{}');
    } catch {
      return json(res, 400, { ok: false, error: { code: 'VALIDATION', message: 'Неверный формат запроса' } });
    }
    phase('request');
    json(res, 200, await core.router.call(method, input, true));
    traceEnd(method);
  }

  // ws loads with the first events connection, not before the first API answer (cold start).
  let events: WebSocketServer | null = null;
  const eventsServer = () =>
    (events ??= new (createRequire(import.meta.url)('ws') as typeof import('ws')).WebSocketServer({ noServer: true, maxPayload: 64 * 1024 }));
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const refuse = (status: string) => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
    };
    if (!sameSite(req)) return refuse('403 Forbidden');
    if (url.pathname !== '/api/events') return refuse('404 Not Found');
    if (!tokensEqual(url.searchParams.get('token') ?? undefined, token)) return refuse('401 Unauthorized');
    eventsServer().handleUpgrade(req, socket, head, (ws) => {
      const unsubscribe = core.onEvent((event, payload) => ws.send(JSON.stringify({ event, payload })));
      ws.on('close', unsubscribe);
      ws.on('message', () => ws.close(1003, 'events only'));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of events?.clients ?? []) client.terminate();
        events?.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}


function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
}

/** Serves a file under `root` only; anything outside it, or missing, is 404. */
function serveStatic(res: ServerResponse, root: string, pathname: string): void {
  let rel: string;
  try {
    rel = decodeURIComponent(pathname);
  } catch {
    return plain(res, 400, 'Bad Request');
  }
  if (rel.includes('\0')) return plain(res, 400, 'Bad Request');
  const file = normalize(join(root, rel === '/' ? 'index.html' : rel));
  if (file !== root && !file.startsWith(root.endsWith(sep) ? root : root + sep)) return plain(res, 404, 'Not Found');
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) return plain(res, 404, 'Not Found');
    size = st.size;
  } catch {
    return plain(res, 404, 'Not Found');
  }
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Length': size,
    'Cache-Control': file.endsWith('index.html') ? 'no-store' : 'max-age=3600',
  });
  createReadStream(file).pipe(res);
}
