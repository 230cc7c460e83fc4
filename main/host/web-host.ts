/**
 * The web host: the same router over HTTP + WebSocket on 127.0.0.1 only, for the browser,
 * end-to-end tests and a training PC. Every API call needs the per-run token; a request from
 * a foreign Origin or Host is refused before anything runs. The page's events socket carries its
 * calls too (a POST costs the page a few milliseconds a scan); POST /api/<method> stays for the
 * page before its socket is open, for large inputs, and for other clients.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { createRequire } from 'node:module';
import type { RawData, WebSocket, WebSocketServer } from 'ws';
import type { Core } from '../core.js';
import { BodyTooLarge, readBody } from '../http/read-body.js';
import { phase, traceEnd, traceStart } from '../log/trace.js';

export type WebHost = { readonly url: string; readonly port: number; readonly token: string; close(): Promise<void> };

export type WebHostOptions = {
  readonly port?: number;
  /** The built renderer (dist/renderer). */
  readonly rendererDir: string;
  readonly token?: string;
  /** Limits against a client that holds sockets or sends too much (defaults: WEB_HOST_LIMITS). */
  readonly limits?: Partial<WebHostLimits>;
  /** Once, after the first API answer has gone out (the loader saves V8's code cache then: main/host/code-cache.ts). */
  readonly onFirstAnswer?: () => void;
};

export type WebHostLimits = {
  readonly maxBodyBytes: number;
  /** Sockets open at once (API, page, events); beyond it a new one is closed at once. */
  readonly maxConnections: number;
  /** A socket that has not sent its request headers by then is closed. */
  readonly headersTimeoutMs: number;
  /** The whole request, body included. Handling it (a Z-report waiting on the СКО) is not limited. */
  readonly requestTimeoutMs: number;
  /** A kept-alive socket with no request. */
  readonly idleTimeoutMs: number;
  /** On close: how long requests in flight may still take before their sockets are cut. */
  readonly drainMs: number;
};

/** Two windows, a customer display and a browser tab need a handful of sockets; 2,000 idle ones must not stay. */
export const WEB_HOST_LIMITS: WebHostLimits = {
  maxBodyBytes: 1024 * 1024,
  maxConnections: 64,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  idleTimeoutMs: 5_000,
  drainMs: 60_000,
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

/**
 * The page talks to its own origin only: its HTTP calls ('self') and its own events WebSocket,
 * `ws://` + the Host it was served from (one of ours: sameSite checked it). No other port.
 * renderer/index.html carries the same policy in a meta tag, never a looser one.
 */
export function contentSecurityPolicy(host: string | null): string {
  const ws = host === null ? '' : ` ws://${host}`;
  return `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'${ws}; object-src 'none'; base-uri 'self'; form-action 'none'; frame-ancestors 'none'`;
}

const SECURITY_HEADERS = {
  'Content-Security-Policy': contentSecurityPolicy(null),
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

  const limits = { ...WEB_HOST_LIMITS, ...options.limits };
  let closing = false;
  let firstAnswer = options.onFirstAnswer;
  /** After an answer is sent: the first one runs `onFirstAnswer`, on the next turn, past the answer. */
  const answered = () => {
    if (!firstAnswer) return;
    setImmediate(firstAnswer);
    firstAnswer = undefined;
  };
  /** API requests taken and not yet answered: a close waits for them. */
  let inFlight = 0;
  let drained: (() => void) | null = null;

  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.idleTimeoutMs,
      connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs),
    },
    (req, res) => {
      if (!sameSite(req)) return plain(res, 403, 'Forbidden');
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname.startsWith('/api/')) return void api(req, res, url.pathname.slice('/api/'.length));
      if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'Method Not Allowed');
      serveStatic(res, options.rendererDir, url.pathname, req.headers.host!);
    },
  );
  server.maxConnections = limits.maxConnections;
  // A malformed request or a timeout: answer it if the socket still can, never throw.
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || err.code === 'ECONNRESET') return void socket.destroy();
    const status =
      err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? '408 Request Timeout'
        : err.code === 'HPE_HEADER_OVERFLOW'
          ? '431 Request Header Fields Too Large'
          : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });

  async function api(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    if (req.method !== 'POST') return plain(res, 405, 'Method Not Allowed');
    traceStart();
    if (!tokensEqual(req.headers['x-kassa-token'] as string | undefined, token)) return plain(res, 401, 'Unauthorized');
    // Stopping: what came on a socket already open is answered, not run, and not cut.
    if (closing) {
      res.shouldKeepAlive = false;
      return json(res, 503, refusal('CONFLICT', STOPPING));
    }
    if (!isJson(req.headers['content-type'])) return json(res, 415, refusal('VALIDATION', 'Неверный формат запроса: ожидается JSON'));
    await inFlightWhile(async () => {
      try {
        let raw: string;
        try {
          raw = await readBody(req, limits.maxBodyBytes);
        } catch (err) {
          if (err instanceof BodyTooLarge) return json(res, 413, refusal('VALIDATION', `Слишком большой запрос: больше ${Math.round(err.maxBytes / 1024)} КБ`));
          return; // the client went away
        }
        let input: unknown;
        try {
          input = JSON.parse(raw || '{}');
        } catch {
          return json(res, 400, refusal('VALIDATION', 'Неверный формат запроса'));
        }
        await route(method, input, (answer) => {
          if (closing) res.shouldKeepAlive = false;
          json(res, 200, answer);
        });
      } catch (err) {
        // The router answers everything itself; this is a fault of the host (an answer that does not serialize).
        core.logger.error({ err, method }, 'web host: the answer was not sent');
        if (!res.headersSent) json(res, 500, refusal('INTERNAL', HOST_FAULT));
      }
    });
  }

  /** Counts a call as in flight while `run` runs: a close waits for its answer. */
  async function inFlightWhile(run: () => Promise<void>): Promise<void> {
    inFlight++;
    try {
      await run();
    } finally {
      if (--inFlight === 0) drained?.();
    }
  }

  /** One call through the router, however it came (a POST, a frame on the events socket): answered, traced, and the first answer marked. */
  async function route(method: string, input: unknown, send: (answer: unknown) => void): Promise<void> {
    phase('request');
    send(await core.router.call(method, input, true));
    traceEnd(method);
    answered();
  }

  /**
   * A call over the events socket: `{"id": n, "method": "<area.name>", "input": …}` answered with
   * `{"id": n, "answer": <envelope>}`, after any events the call raised. The socket passed the token,
   * Host and Origin checks on its upgrade — the same ones a POST passes — and a stopping host refuses
   * a call unrun as it does over HTTP. A frame that is no call is a client we did not write: closed.
   */
  async function socketCall(ws: WebSocket, data: RawData, isBinary: boolean): Promise<void> {
    traceStart();
    const call = isBinary ? null : socketCallOf(data);
    if (call === null) return void ws.close(1003, 'calls only');
    const send = (answer: unknown) => {
      if (ws.readyState !== ws.OPEN) return; // the page went away; its call ran all the same, as over HTTP
      let text: string;
      try {
        text = JSON.stringify({ id: call.id, answer });
      } catch (err) {
        core.logger.error({ err, method: call.method }, 'web host: the answer was not sent');
        text = JSON.stringify({ id: call.id, answer: refusal('INTERNAL', HOST_FAULT) });
      }
      ws.send(text);
    };
    if (closing) return send(refusal('CONFLICT', STOPPING));
    await inFlightWhile(async () => {
      try {
        await route(call.method, call.input, send);
      } catch (err) {
        // The router answers everything itself; this is a fault of the host.
        core.logger.error({ err, method: call.method }, 'web host: the call over the socket failed');
        send(refusal('INTERNAL', HOST_FAULT));
      }
    });
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
      // The page's calls come on this socket too once it is open: no new HTTP exchange per scan.
      ws.on('message', (data, isBinary) => void socketCall(ws, data, isBinary));
      // A bad frame (too large, not UTF-8) is an 'error' event: without a listener it would end the process.
      ws.on('error', () => ws.terminate());
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
    /**
     * Stops taking connections, answers every request already taken (those still to come on an
     * open socket get 503), then closes the sockets — the core closes after this.
     */
    close: async () => {
      if (closing) return;
      closing = true;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      if (inFlight > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, limits.drainMs);
          drained = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      // The events sockets after the calls on them have their answers.
      for (const client of events?.clients ?? []) client.terminate();
      events?.close();
      // Answered sockets close after their answer; one that is still silent is cut a moment later.
      server.closeIdleConnections();
      const cut = setTimeout(() => server.closeAllConnections(), 1000);
      await stopped;
      clearTimeout(cut);
    },
  };
}

/** `application/json`, with or without parameters (`; charset=utf-8`). */
function isJson(contentType: string | undefined): boolean {
  return /^application\/json\s*(;|$)/i.test(contentType ?? '');
}

const STOPPING = 'Касса закрывается: операция не выполнена. Повторите её после запуска.';
const HOST_FAULT = 'Внутренняя ошибка программы: операция прервана. Проверьте список документов, прежде чем повторять.';

/** A call frame as the page sends it; null for anything else. */
function socketCallOf(data: RawData): { id: number; method: string; input: unknown } | null {
  let message: unknown;
  try {
    const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    message = JSON.parse(bytes.toString('utf8'));
  } catch {
    return null;
  }
  if (typeof message !== 'object' || message === null) return null;
  const { id, method, input } = message as { id?: unknown; method?: unknown; input?: unknown };
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || typeof method !== 'string') return null;
  return { id, method, input: input ?? {} };
}

function refusal(code: 'VALIDATION' | 'CONFLICT' | 'INTERNAL', message: string) {
  return { ok: false, error: { code, message } };
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
function serveStatic(res: ServerResponse, root: string, pathname: string, host: string): void {
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
    'Content-Security-Policy': contentSecurityPolicy(host),
    'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Length': size,
    'Cache-Control': file.endsWith('index.html') ? 'no-store' : 'max-age=3600',
  });
  // A file gone between the stat and the read must cost this answer only, not the process.
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}
