/**
 * The Electron transport over the one router: one `ipcMain.handle` per contract method, each
 * call stamped with the host's verdict on the sender, and core events pushed to the window.
 * The only file that imports `ipcMain`; it registers nothing the contract does not list.
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { methodNames } from '../../preload/contract/index.js';
import { IPC_EVENT_CHANNEL, ipcChannel } from '../../preload/contract/kassa-api.js';
import type { Router } from '../api/router.js';
import type { Core } from '../core.js';
import { isTrustedSender } from './electron-policy.js';

/**
 * Binds every contract method to `router.call` for `window`, and forwards core events to it.
 * Everything is unbound when the window closes; the returned function unbinds earlier.
 */
export function bindIpc(router: Router, core: Pick<Core, 'onEvent'>, window: BrowserWindow): () => void {
  const contents = window.webContents;
  for (const method of methodNames) {
    ipcMain.handle(ipcChannel(method), (event, input: unknown) => router.call(method, input, isTrustedFrame(event, contents)));
  }
  const stopEvents = core.onEvent((event, payload) => {
    if (!contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, event, payload);
  });

  let bound = true;
  const unbind = (): void => {
    if (!bound) return;
    bound = false;
    stopEvents();
    for (const method of methodNames) ipcMain.removeHandler(ipcChannel(method));
  };
  window.once('closed', unbind);
  return unbind;
}

/**
 * The sender is our window's main frame, attached, showing app://kassa.
 * https://www.electronjs.org/docs/latest/tutorial/security#17-validate-the-sender-of-all-ipc-messages
 */
function isTrustedFrame(event: IpcMainInvokeEvent, contents: WebContents): boolean {
  const frame = event.senderFrame; // null once the frame has navigated away or been destroyed
  if (frame === null || contents.isDestroyed()) return false;
  const mainFrame = contents.mainFrame;
  return isTrustedSender({
    fromOurWindow: event.sender.id === contents.id,
    fromMainFrame: !frame.detached && frame.parent === null && frame.frameTreeNodeId === mainFrame.frameTreeNodeId && frame.processId === mainFrame.processId,
    frameUrl: frame.url,
  });
}
