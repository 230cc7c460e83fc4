/**
 * The browser shim of window.kassa for the web host: the same API as the Electron preload,
 * carried over HTTP (calls) and a WebSocket (events). Runs in the page, so no Node here.
 *
 * Protocol of the web host: the per-run token arrives once in the URL hash (#token=<hex>);
 * calls are POST /api/<method> with the token in X-Kassa-Token and answer HTTP 200 with the
 * {ok, value | error} envelope; events come over /api/events?token=<token> as
 * {"event": "<name>", "payload": ...}. Once that socket is open the calls go on it too, as
 * {"id": n, "method": "<name>", "input": ...} answered by {"id": n, "answer": <envelope>}: a POST
 * costs Chromium ~5 ms on loopback, a third of a display frame between a scan and its line.
 */
import { eventNames, type ApiError, type EventName, type MethodName, type Result } from './contract/index.js';
import { makeKassaApi, type KassaApi } from './contract/kassa-api.js';

const TOKEN_KEY = 'kassa.token';
const TOKEN_HEADER = 'X-Kassa-Token';
const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 10_000;
/** The host takes frames of 64 KiB; a UTF-16 unit is at most 3 bytes of UTF-8. Larger inputs go by POST. */
const SOCKET_CALL_MAX_CHARS = 20_000;

const MESSAGES = {
  unauthorized: 'Нет доступа к кассе: ключ сеанса неверен или устарел. Откройте кассу по ссылке из окна запуска.',
  foreignOrigin: 'Запрос отклонён: страница открыта не с адреса кассы.',
  network: 'Нет связи с программой кассы. Проверьте, что она запущена, и повторите.',
  badAnswer: 'Программа кассы ответила непонятно. Операция могла не выполниться — проверьте результат.',
} as const;

/** Takes the token from the address bar (once) into sessionStorage and hides it from the URL. */
export function takeToken(): string | null {
  const match = /(?:^#|&)token=([0-9a-fA-F]+)/.exec(window.location.hash);
  if (match?.[1]) {
    try {
      window.sessionStorage.setItem(TOKEN_KEY, match[1]);
    } catch {
      // Storage may be disabled; the token still works for this page load.
    }
    window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
    return match[1];
  }
  try {
    return window.sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

function failure(code: ApiError['code'], message: string, details?: unknown): Result<never> {
  return { ok: false, error: details === undefined ? { code, message } : { code, message, details } };
}

function isEnvelope(x: unknown): x is Result<unknown> {
  if (typeof x !== 'object' || x === null || !('ok' in x)) return false;
  const r = x as { ok: unknown; error?: unknown };
  if (r.ok === true) return 'value' in x;
  if (r.ok !== false || typeof r.error !== 'object' || r.error === null) return false;
  const e = r.error as { code?: unknown; message?: unknown };
  return typeof e.code === 'string' && typeof e.message === 'string';
}

/**
 * Calls over HTTP: POST /api/<method>. `viaSocket` takes the call instead when the events socket
 * is open (it answers null when it cannot: not open yet, or an input too large for one frame).
 */
function makeInvoke(token: string | null, viaSocket: (method: MethodName, body: string) => Promise<Result<unknown>> | null) {
  return async (method: MethodName, input: unknown): Promise<Result<unknown>> => {
    const body = JSON.stringify(input ?? {});
    const answered = viaSocket(method, body);
    if (answered) return answered;
    let response: Response;
    try {
      response = await fetch(`/api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', [TOKEN_HEADER]: token ?? '' },
        body,
        credentials: 'same-origin',
        cache: 'no-store',
      });
    } catch (err) {
      return failure('INTERNAL', MESSAGES.network, { cause: String(err) });
    }
    if (response.status === 401) return failure('FORBIDDEN', MESSAGES.unauthorized);
    if (response.status === 403) return failure('FORBIDDEN', MESSAGES.foreignOrigin);
    let answer: unknown;
    try {
      answer = await response.json();
    } catch {
      return failure('INTERNAL', MESSAGES.badAnswer, { status: response.status });
    }
    // Trust the envelope whatever the status, as long as it is one; otherwise it is a host fault.
    if (isEnvelope(answer)) return answer;
    return failure('INTERNAL', MESSAGES.badAnswer, { status: response.status });
  };
}

/**
 * One WebSocket for events and calls, opened on the first subscription, reconnected with backoff.
 * A call waits for its answer on the socket it was sent on: if that socket closes first, the call
 * ends as a fetch that lost its connection does (it may have run: the cashier is told to check).
 */
function makeSocket(token: string | null) {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let socket: WebSocket | null = null;
  /** The calls sent on `socket` still waiting for their answers, by id. */
  let waiting = new Map<number, (answer: Result<unknown>) => void>();
  let lastId = 0;
  let delay = RECONNECT_MIN_MS;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const url = (): string => {
    const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    return `${scheme}//${window.location.host}/api/events?token=${encodeURIComponent(token ?? '')}`;
  };

  const receive = (raw: unknown): void => {
    if (typeof raw !== 'string') return;
    let message: unknown;
    try {
      message = JSON.parse(raw);
    } catch {
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    if ('id' in message) return answered(message);
    const { event, payload } = message as { event?: unknown; payload?: unknown };
    if (typeof event !== 'string' || !(eventNames as readonly string[]).includes(event)) return;
    for (const listener of listeners.get(event as EventName) ?? []) {
      try {
        listener(payload);
      } catch (err) {
        console.error('kassa: event listener failed', err);
      }
    }
  };

  const answered = ({ id, answer }: { id?: unknown; answer?: unknown }): void => {
    const resolve = typeof id === 'number' ? waiting.get(id) : undefined;
    if (!resolve) return;
    waiting.delete(id as number);
    resolve(isEnvelope(answer) ? answer : failure('INTERNAL', MESSAGES.badAnswer));
  };

  const connect = (): void => {
    if (socket || timer) return;
    const ws = new WebSocket(url());
    const calls = (waiting = new Map<number, (answer: Result<unknown>) => void>());
    socket = ws;
    ws.onopen = () => {
      delay = RECONNECT_MIN_MS;
    };
    ws.onmessage = (e) => receive(e.data);
    ws.onclose = () => {
      for (const resolve of calls.values()) resolve(failure('INTERNAL', MESSAGES.network, { cause: 'the connection closed before the answer' }));
      calls.clear();
      if (socket !== ws) return;
      socket = null;
      if (![...listeners.values()].some((s) => s.size > 0)) return;
      timer = setTimeout(() => {
        timer = null;
        connect();
      }, delay);
      delay = Math.min(delay * 2, RECONNECT_MAX_MS);
    };
    // onerror is always followed by onclose, which schedules the reconnect.
  };

  const subscribe = (event: EventName, listener: (payload: unknown) => void): (() => void) => {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener);
    connect();
    return () => {
      set.delete(listener);
    };
  };

  const call = (method: MethodName, body: string): Promise<Result<unknown>> | null => {
    if (socket?.readyState !== WebSocket.OPEN || body.length > SOCKET_CALL_MAX_CHARS) return null;
    const id = ++lastId;
    const answer = new Promise<Result<unknown>>((resolve) => waiting.set(id, resolve));
    socket.send(`{"id":${id},"method":${JSON.stringify(method)},"input":${body}}`);
    return answer;
  };

  return { subscribe, call };
}

/** Builds window.kassa for the browser and installs it. */
export function installWebTransport(): KassaApi {
  const token = takeToken();
  const socket = makeSocket(token);
  const api = makeKassaApi(makeInvoke(token, socket.call), socket.subscribe);
  Object.defineProperty(window, 'kassa', { value: api, configurable: false, enumerable: true, writable: false });
  return api;
}
