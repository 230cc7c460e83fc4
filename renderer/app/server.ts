/**
 * Server data through RTK Query over the one transport (`invoke` → window.kassa). Every contract
 * method is an endpoint: a `query` is cached and refetched when something says its data changed,
 * a `command` is a mutation that says what it changed. Main's events say the same for changes made
 * elsewhere (another window on this till, the СКО outbox, a device), so no window shows stale data.
 */
import { createApi, defaultSerializeQueryArgs, type BaseQueryFn, type MutationDefinition, type QueryDefinition } from '@reduxjs/toolkit/query/react';
import {
  methods,
  type ApiError,
  type ErrorCode,
  type EventName,
  type MethodInput,
  type MethodName,
  type MethodOutput,
  type Methods,
} from '../../preload/contract/index.js';
import { ru } from '../i18n/ru.js';
import { invoke } from './api.js';
import { refreshStatus } from './status.js';

/** Areas of server data a query reads and a command or an event may change. */
export const TAGS = [
  'users',
  'shift',
  'sale',
  'parked',
  'catalogue',
  'sections',
  'documents',
  'cash',
  'settings',
  'requisites',
  'fiscal',
  'sko',
  'devices',
  'diagnostics',
  'printer',
  'scale',
  'terminal',
  'storage',
  'tasks',
  'stock',
  'discountCards',
  'goods',
  'priceList',
  'maintenance',
  'exports',
] as const;
export type Tag = (typeof TAGS)[number];

export type QueryName = { [M in MethodName]: Methods[M]['type'] extends 'query' ? M : never }[MethodName];
export type CommandName = Exclude<MethodName, QueryName>;

/** What a query reads, where its area's name is not the tag (or it reads more than one area). */
const READS: Partial<Record<QueryName, readonly Tag[]>> = {
  'app.status': [],
  // Fixed for the host's life: the Electron app makes PDFs, the web host does not.
  'reports.canPdf': [],
  'auth.users': ['users'],
  'shifts.list': ['shift', 'documents'],
  'sale.parked': ['parked'],
  'returns.findOriginal': ['documents'],
  'returns.preview': ['documents'],
  // A look at the СКО itself (a round trip to it): read again on a command or on request, not on each queue move.
  'fiscal.status': ['sko'],
  'fiscal.document': ['fiscal', 'documents'],
  'fiscal.compare': ['fiscal', 'documents'],
  'settings.requisites': ['requisites'],
  'devices.diagnostics': ['diagnostics'],
  'golive.status': ['settings', 'fiscal', 'shift', 'documents'],
  'golive.checklist': ['settings', 'requisites', 'printer', 'sko', 'storage', 'terminal'],
  'golive.updates': ['settings'],
  'golive.hardware': ['settings', 'devices'],
  'maintenance.journal': ['maintenance', 'users'],
  'reports.choices': ['users', 'sections', 'catalogue'],
  'reports.goods': ['documents', 'catalogue'],
  'reports.payments': ['documents'],
  'reports.cashiers': ['documents', 'users'],
  'reports.hours': ['documents'],
  'reports.sections': ['documents', 'sections'],
  'reports.currentShift': ['shift', 'documents'],
  'exports.settings': ['exports', 'settings', 'maintenance'],
};

const ALL: readonly Tag[] = TAGS;
const AFTER_DOCUMENT: readonly Tag[] = ['documents', 'cash', 'fiscal', 'printer', 'shift', 'stock'];

/**
 * What a command changes, where that is more than its own area. Commands that answer with the open
 * check change nothing cached but it: their answer and main's `sale.changed` carry it.
 */
const CHANGES: Partial<Record<CommandName, readonly Tag[]>> = {
  'setup.enterPin': ALL,
  'auth.login': [],
  'auth.logout': [],
  'auth.changePassword': ['users'],
  'shift.open': ['shift', 'sale', 'cash', 'documents', 'fiscal', 'printer'],
  'shift.xReport': AFTER_DOCUMENT,
  'shift.zReport': ['sale', 'parked', ...AFTER_DOCUMENT],
  // Not 'sale': reading the check again would clear the change on the customer's display while the
  // paid check is shown; sale.changed brings the empty check, and «Новый чек» reads it.
  'sale.pay': AFTER_DOCUMENT,
  'sale.park': ['parked'],
  'sale.resume': ['parked'],
  'returns.byCheck': AFTER_DOCUMENT,
  'returns.free': AFTER_DOCUMENT,
  'documents.annul': AFTER_DOCUMENT,
  'cash.in': AFTER_DOCUMENT,
  'cash.out': AFTER_DOCUMENT,
  'documents.copy': ['documents', 'printer'],
  'documents.print': ['documents', 'printer'],
  'settings.saveWorkflow': ['settings', 'sections', 'terminal', 'printer', 'sale'],
  'settings.fillRequisitesFromSko': ['requisites', 'fiscal'],
  'settings.saveRequisites': ['requisites', 'fiscal'],
  'fiscal.unlock': ['fiscal', 'sko', 'documents'],
  'fiscal.resend': ['fiscal', 'sko', 'documents'],
  'fiscal.saveSettings': ['fiscal', 'sko', 'settings'],
  'devices.saveSettings': ['devices', 'diagnostics', 'printer', 'scale'],
  'display.test': ['diagnostics'],
  'terminal.simulate': ['terminal'],
  // A printout changes no data (a statement over 200,000 items is not read again for it); a file lands on a storage target.
  'stock.printStatement': ['printer'],
  'stock.exportStatement': ['storage'],
  // The sale screen's search and tiles show goods too.
  'goods.create': ['goods', 'catalogue'],
  'goods.update': ['goods', 'catalogue'],
  'goods.setHidden': ['goods', 'catalogue'],
  'goods.delete': ['goods', 'catalogue'],
  // A price list changes the goods the sale screen finds.
  'priceList.apply': ['priceList', 'catalogue'],
  'golive.toWorking': ALL,
  'golive.toTraining': ALL,
  'golive.saveUpdates': ['settings'],
  'golive.wizardDone': ['settings'],
  'maintenance.export': ['maintenance'],
  'maintenance.import': ALL,
  'maintenance.cleanup': ['maintenance', 'documents', 'shift'],
  'maintenance.saveSchedule': ['maintenance', 'settings'],
  'maintenance.deleteGoods': ['catalogue'],
  'exports.saveSettings': ['exports', 'settings'],
  // A printout changes no data; a report file or PDF goes to the browser's download and changes nothing.
  'reports.print': ['printer'],
  'reports.export': [],
  'reports.pdf': [],
};

/** What main's events say has changed. `sale.changed` carries the check itself (see below). */
export const EVENT_CHANGES: Readonly<Record<EventName, readonly Tag[]>> = {
  'session.changed': ['settings', 'requisites', 'fiscal', 'terminal'],
  'shift.changed': ['shift', 'sale', 'parked', 'cash', 'documents'],
  'fiscal.queue': ['fiscal', 'documents'],
  'device.status': ['diagnostics', 'printer'],
  'sale.changed': ['parked'],
  'scale.weight': [],
  'scanner.code': [],
  'customer.check': [],
  'payment.qr': [],
  'task.progress': ['tasks'],
  'exports.changed': ['exports'],
};

const areaTag = (method: MethodName): readonly Tag[] => {
  const area = method.split('.')[0] as Tag;
  return (TAGS as readonly string[]).includes(area) ? [area] : [];
};
const answersWithCheck = (method: MethodName): boolean => methods[method].output === methods['sale.current'].output;

export const readsOf = (method: QueryName): readonly Tag[] => READS[method] ?? areaTag(method);
export const changesOf = (method: CommandName): readonly Tag[] => CHANGES[method] ?? (answersWithCheck(method) ? [] : areaTag(method));

/** Errors that mean our picture of the session is stale: reload it so the right screen shows. */
const STALE_STATUS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'SETUP_REQUIRED',
  'UNAUTHENTICATED',
  'PASSWORD_CHANGE_REQUIRED',
  'SHIFT_CLOSED',
  'SHIFT_OPEN',
  'SHIFT_TOO_LONG',
]);

type Request = { readonly method: MethodName; readonly input: unknown };

/** Main's envelope as RTK Query's data or error: the error is main's, in Russian, with its code. */
const kassaBaseQuery: BaseQueryFn<Request, unknown, ApiError> = async ({ method, input }, api) => {
  const result = await invoke(method, input as never);
  if (result.ok) return { data: result.value };
  if (STALE_STATUS.has(result.error.code)) void api.dispatch(refreshStatus());
  return { error: result.error };
};

/**
 * What a screen makes of a failed request: main's error as it came; a request dropped because
 * another user logged in meanwhile is no error at all (undefined); anything else is ours.
 */
export function apiErrorOf(error: unknown): ApiError | undefined {
  const e = error as { code?: unknown; message?: unknown; name?: unknown } | undefined;
  if (e && typeof e.code === 'string' && typeof e.message === 'string') return e as ApiError;
  if (e?.name === 'AbortError') return undefined;
  return { code: 'INTERNAL', message: ru.errors.unexpected };
}

/** No input and an empty input are one read. */
type Arg<M extends MethodName> = MethodInput<M> | void;

type Definitions = {
  [M in QueryName]: QueryDefinition<Arg<M>, typeof kassaBaseQuery, Tag, MethodOutput<M>, 'server'>;
} & {
  [M in CommandName]: MutationDefinition<Arg<M>, typeof kassaBaseQuery, Tag, MethodOutput<M>, 'server'>;
};

const methodNames = Object.keys(methods) as MethodName[];
const isQuery = (method: MethodName): method is QueryName => methods[method].type === 'query';

export const server = createApi({
  reducerPath: 'server',
  baseQuery: kassaBaseQuery,
  tagTypes: TAGS,
  // A screen opened again shows what it had and reads afresh: a missed event costs one look.
  refetchOnMountOrArgChange: true,
  serializeQueryArgs: ({ endpointName, queryArgs, endpointDefinition }) =>
    defaultSerializeQueryArgs({ endpointName, queryArgs: queryArgs ?? {}, endpointDefinition }),
  endpoints: (build) => {
    const all: Record<string, unknown> = {};
    for (const method of methodNames) {
      const request = (input: unknown): Request => ({ method, input: input ?? {} });
      all[method] = isQuery(method)
        ? build.query<unknown, unknown>({ query: request, providesTags: [...readsOf(method)] })
        : build.mutation<unknown, unknown>({ query: request, invalidatesTags: (_r, error) => (error ? [] : [...changesOf(method)]) });
    }
    return all as Definitions;
  },
});

export type ServerState = ReturnType<typeof server.reducer>;

/**
 * A query as a screen sees it: the data for this very input (kept while it is read again, never
 * the data of another input, e.g. of the last filter), main's error, and a retry.
 */
export type Read<T> = {
  readonly data: T | undefined;
  readonly error: ApiError | undefined;
  readonly isLoading: boolean;
  readonly isFetching: boolean;
  readonly refetch: () => void;
};

type UntypedQueryHook = (
  arg: unknown,
  options?: { skip?: boolean; pollingInterval?: number },
) => { currentData?: unknown; error?: unknown; isLoading: boolean; isFetching: boolean; refetch: () => unknown };

/** Reads server data for a screen; `skip` while the input is not known yet. */
export function useRead<M extends QueryName>(
  method: M,
  input?: MethodInput<M>,
  options: { readonly skip?: boolean; readonly pollingInterval?: number } = {},
): Read<MethodOutput<M>> {
  const endpoint = server.endpoints[method] as unknown as { useQuery: UntypedQueryHook };
  const r = endpoint.useQuery(input, options);
  return {
    data: r.currentData as MethodOutput<M> | undefined,
    error: r.error === undefined ? undefined : apiErrorOf(r.error),
    isLoading: r.isLoading,
    isFetching: r.isFetching,
    refetch: () => void r.refetch(),
  };
}

type Settled = { data: unknown } | { error: unknown };
type Started = PromiseLike<Settled> & { unsubscribe?: () => void };
type UntypedInitiate = (arg: unknown, options: object) => (dispatch: never, getState: never) => Started;

/**
 * The action that runs one method through the cache: a command as a mutation (not kept in the
 * store), a query read afresh. Dispatching it gives the `{ data } | { error }` RTK Query settles with.
 * A query holds a subscription until its answer is read: unsubscribed, a tag it provides marked
 * changed meanwhile would drop it from the cache, and its answer with it.
 */
export function initiate(method: MethodName, input: unknown): (dispatch: never, getState: never) => PromiseLike<Settled> {
  const start = (server.endpoints[method] as unknown as { initiate: UntypedInitiate }).initiate;
  if (!isQuery(method)) return start(input, { track: false });
  return async (dispatch: never, getState: never) => {
    const running = start(input, { subscribe: true, forceRefetch: true })(dispatch, getState);
    try {
      return await running;
    } finally {
      running.unsubscribe?.();
    }
  };
}
