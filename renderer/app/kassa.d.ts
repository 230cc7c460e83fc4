import type { KassaApi } from '../../preload/contract/kassa-api.js';

declare global {
  interface Window {
    /** The one API to main: exposed by the Electron preload, or installed by the web transport. */
    readonly kassa: KassaApi;
  }
}

export {};
