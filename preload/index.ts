/**
 * The sandboxed preload: exposes `window.kassa` — one function per contract method and `on`
 * for events — and nothing else. `ipcRenderer` and its events never reach the page.
 * Bundled to dist/preload/index.cjs (CommonJS, requires only 'electron'); it takes the method names
 * only (contract/names.ts), never zod or a schema, so it stays small.
 * https://www.electronjs.org/docs/latest/tutorial/security#20-do-not-expose-electron-apis-to-untrusted-web-content
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { Result } from './contract/index.js';
import { IPC_EVENT_CHANNEL, ipcChannel, makeKassaApi, type Invoke, type KassaApi, type Subscribe } from './contract/kassa-api.js';
import { eventNames } from './contract/names.js';

const invoke: Invoke = (method, input) => ipcRenderer.invoke(ipcChannel(method), input) as Promise<Result<unknown>>;

const subscribe: Subscribe = (event, listener) => {
  if (!eventNames.includes(event)) throw new TypeError(`Unknown kassa event: ${String(event)}`);
  // Only the payload is passed on: the IpcRendererEvent carries `sender` (ipcRenderer itself).
  const onMessage = (_ipcEvent: IpcRendererEvent, name: unknown, payload: unknown): void => {
    if (name === event) listener(payload);
  };
  ipcRenderer.on(IPC_EVENT_CHANNEL, onMessage);
  return () => {
    ipcRenderer.removeListener(IPC_EVENT_CHANNEL, onMessage);
  };
};

const kassa = makeKassaApi(invoke, subscribe) satisfies KassaApi;

contextBridge.exposeInMainWorld('kassa', kassa);
