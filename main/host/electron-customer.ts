/**
 * The customer-facing second window in the Electron shell: opened when the `display.customerWindow`
 * setting is on (at start, and whenever the display settings are saved), or when the till page
 * asks for it with window.open of the customer route. Same security rules and preload as the till
 * window; it only listens — its IPC calls are refused (not our main window) and it receives only
 * the `customer.check` event.
 */
import { BrowserWindow, screen, type WebContents } from 'electron';
import type { EventName, EventPayload } from '../../preload/contract/index.js';
import { IPC_EVENT_CHANNEL } from '../../preload/contract/kassa-api.js';
import type { Core } from '../core.js';
import { getSetting } from '../services/settings.js';
import { CUSTOMER_WINDOW_URL, customerWindowPlace, isCustomerWindowUrl } from './electron-customer-policy.js';
import { windowWebPreferences } from './electron-security.js';

const TITLE = 'Kassa Desk — покупатель';

export type CustomerWindowOptions = {
  readonly core: Pick<Core, 'ctx' | 'onEvent'>;
  readonly till: BrowserWindow;
  readonly preload: string;
};

/** Starts following the setting; returns a function that stops and closes the window. */
export function manageCustomerWindow({ core, till, preload }: CustomerWindowOptions): () => void {
  let window: BrowserWindow | null = null;
  let last: EventPayload<'customer.check'> | null = null;

  const send = (contents: WebContents) => {
    if (last !== null && !contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, 'customer.check', last);
  };

  const open = (): void => {
    if (window !== null && !window.isDestroyed()) return;
    const place = customerWindowPlace(
      screen.getAllDisplays().map((d) => ({ id: d.id, bounds: d.bounds })),
      screen.getDisplayMatching(till.getBounds()).id,
    );
    const w = new BrowserWindow({
      ...(place.bounds ?? { width: 1024, height: 600 }),
      fullscreen: place.fullscreen,
      title: TITLE,
      show: false,
      backgroundColor: '#ffffff',
      webPreferences: windowWebPreferences(preload),
    });
    w.on('page-title-updated', (event) => event.preventDefault());
    w.once('ready-to-show', () => w.showInactive()); // the cashier keeps the focus
    w.webContents.on('did-finish-load', () => send(w.webContents)); // what the check is now
    w.on('closed', () => {
      if (window === w) window = null;
    });
    window = w;
    void w.loadURL(CUSTOMER_WINDOW_URL);
  };

  const close = (): void => {
    if (window !== null && !window.isDestroyed()) window.close();
    window = null;
  };

  /** The setting decides; read again on every check change (saving the display settings sends one). */
  const follow = (): void => {
    if (getSetting(core.ctx, 'display').customerWindow) open();
    else close();
  };

  // The till page's «Открыть окно покупателя» (window.open): our own window instead, never Chromium's.
  till.webContents.setWindowOpenHandler(({ url }) => {
    if (isCustomerWindowUrl(url)) open();
    return { action: 'deny' };
  });

  const stopEvents = core.onEvent(<E extends EventName>(event: E, payload: EventPayload<E>) => {
    if (event !== 'customer.check') return;
    last = payload as EventPayload<'customer.check'>;
    follow();
    if (window !== null && !window.webContents.isLoading()) send(window.webContents);
  });
  follow();
  till.once('closed', close);

  return () => {
    stopEvents();
    close();
  };
}
