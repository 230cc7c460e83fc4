/**
 * The browser shim of window.kassa for the web host: the same API as the Electron preload,
 * carried over HTTP (calls) and a WebSocket (events). Runs in the page, so no Node here.
 *
 * Protocol of the web host: the per-run token arrives once in the URL hash (#token=<hex>);
 * calls are POST /api/<method> with the token in X-Kassa-Token and answer HTTP 200 with the
 * {ok, value | error} envelope; events come over /api/events?token=<token> as
 * {"event": "<name>", "payload": ...}.
 */
import { eventNames, type ApiError, type EventName, type MethodName, type Result } from './contract/index.js';
import { makeKassaApi, type KassaApi } from './contract/kassa-api.js';

const TOKEN_KEY = 'kassa.token';
const TOKEN_HEADER = 'X-Kassa-Token';
const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 10_000;

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

function makeInvoke(token: string | null) {
  return async (method: MethodName, input: unknown): Promise<Result<unknown>> => {
    let response: Response;
    try {
      response = await fetch(`/api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', [TOKEN_HEADER]: token ?? '' },
        body: JSON.stringify(input ?? {}),
        credentials: 'same-origin',
        cache: 'no-store',
      });
    } catch (err) {
      return failure('INTERNAL', MESSAGES.network, { cause: String(err) });
    }
    if (response.status === 401) return failure('FORBIDDEN', MESSAGES.unauthorized);
    if (response.status === 403) return failure('FORBIDDEN', MESSAGES.foreignOrigin);
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      return failure('INTERNAL', MESSAGES.badAnswer, { status: response.status });
    }
    // Trust the envelope whatever the status, as long as it is one; otherwise it is a host fault.
    if (isEnvelope(body)) return body;
    return failure('INTERNAL', MESSAGES.badAnswer, { status: response.status });
  };
}

/** One WebSocket for all events, opened on the first subscription, reconnected with backoff. */
function makeSubscribe(token: string | null) {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let socket: WebSocket | null = null;
  let delay = RECONNECT_MIN_MS;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const url = (): string => {
    const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    return `${scheme}//${window.location.host}/api/events?token=${encodeURIComponent(token ?? '')}`;
  };

  const dispatch = (raw: unknown): void => {
    if (typeof raw !== 'string') return;
    let message: unknown;
    try {
      message = JSON.parse(raw);
    } catch {
      return;
    }
    if (typeof message !== 'object' || message === null) return;
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

  const connect = (): void => {
    if (socket || timer) return;
    const ws = new WebSocket(url());
    socket = ws;
    ws.onopen = () => {
      delay = RECONNECT_MIN_MS;
    };
    ws.onmessage = (e) => dispatch(e.data);
    ws.onclose = () => {
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

  return (event: EventName, listener: (payload: unknown) => void): (() => void) => {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener);
    connect();
    return () => {
      set.delete(listener);
    };
  };
}

/** Builds window.kassa for the browser and installs it. */
export function installWebTransport(): KassaApi {
  const token = takeToken();
  const api = makeKassaApi(makeInvoke(token), makeSubscribe(token));
  Object.defineProperty(window, 'kassa', { value: api, configurable: false, enumerable: true, writable: false });
  return api;
}
