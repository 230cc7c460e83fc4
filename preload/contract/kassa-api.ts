/**
 * The shape of window.kassa and how it is built over any transport (Electron IPC in the preload,
 * HTTP + WebSocket in the browser). It needs the method names only, never a schema: the preload
 * bundles this file without zod.
 */
import type { EventName, EventPayload, MethodInput, MethodName, MethodOutput, Result } from './index.js';
import { methodNames } from './names.js';

type AreaOf<M> = M extends `${infer A}.${string}` ? A : never;
type NameIn<A extends string, M> = M extends `${A}.${infer N}` ? N : never;

export type KassaApi = {
  readonly [A in AreaOf<MethodName>]: {
    readonly [N in NameIn<A, MethodName>]: `${A}.${N}` extends infer M extends MethodName ? (input?: MethodInput<M>) => Promise<Result<MethodOutput<M>>> : never;
  };
} & {
  readonly on: <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) => () => void;
};

export type Invoke = (method: MethodName, input: unknown) => Promise<Result<unknown>>;
export type Subscribe = (event: EventName, listener: (payload: unknown) => void) => () => void;

/** Builds window.kassa: one function per method, grouped by area, and `on` for events. */
export function makeKassaApi(invoke: Invoke, subscribe: Subscribe): KassaApi {
  const api: Record<string, Record<string, (input?: unknown) => Promise<Result<unknown>>>> = {};
  for (const name of methodNames) {
    const [area, fn] = name.split('.') as [string, string];
    api[area] ??= {};
    api[area][fn] = (input?: unknown) => invoke(name, input ?? {});
  }
  return Object.freeze({ ...api, on: subscribe }) as unknown as KassaApi;
}

/** The IPC channel of a method in the Electron host. */
export const ipcChannel = (method: MethodName): string => `kassa:${method}`;
export const IPC_EVENT_CHANNEL = 'kassa:event';
