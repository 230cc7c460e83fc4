/**
 * Each Electron security rule the shell applies, one small function per rule, with the
 * checklist item it implements. The decisions themselves (origin, CSP, webPreferences) are in
 * electron-policy.ts, which does not import electron and is unit-tested.
 * Checklist: https://www.electronjs.org/docs/latest/tutorial/security
 */
import { app, type Session, type WebContents, type WebPreferences } from 'electron';
import { isAppUrl, secureWebPreferences, withContentSecurityPolicy } from './electron-policy.js';

/**
 * The main window's webPreferences: context isolation, sandbox, no Node, webSecurity, no webview.
 * https://www.electronjs.org/docs/latest/tutorial/security#3-enable-context-isolation
 */
export function windowWebPreferences(preload: string): WebPreferences {
  return secureWebPreferences(preload, { devTools: !app.isPackaged }) satisfies WebPreferences;
}

/**
 * Sandbox every renderer, including any created without our webPreferences. Call before ready.
 * https://www.electronjs.org/docs/latest/tutorial/security#4-enable-process-sandboxing
 */
export function enableSandboxEverywhere(): void {
  app.enableSandbox();
}

/**
 * Sends our CSP header with every response the session receives, replacing any other.
 * https://www.electronjs.org/docs/latest/tutorial/security#7-define-a-content-security-policy
 */
export function setContentSecurityPolicy(session: Session): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders) });
  });
}

/**
 * Refuses every permission (camera, geolocation, notifications, serial, …): devices are main's job.
 * https://www.electronjs.org/docs/latest/tutorial/security#5-handle-session-permission-requests-from-remote-content
 */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/**
 * Navigation only within app://kassa; anything else (a link, a redirect, a dropped URL) is stopped.
 * https://www.electronjs.org/docs/latest/tutorial/security#13-disable-or-limit-navigation
 */
export function limitNavigation(contents: WebContents): void {
  contents.on('will-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
}

/**
 * No new windows: window.open and target=_blank are denied.
 * https://www.electronjs.org/docs/latest/tutorial/security#14-disable-or-limit-creation-of-new-windows
 */
export function denyNewWindows(contents: WebContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/**
 * No <webview> may be attached, whatever its options.
 * https://www.electronjs.org/docs/latest/tutorial/security#12-verify-webview-options-before-creation
 */
export function denyWebviews(contents: WebContents): void {
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/**
 * Applies the per-page rules to every webContents the app ever creates, not only our window.
 * https://www.electronjs.org/docs/latest/tutorial/security#13-disable-or-limit-navigation
 */
export function guardAllWebContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    limitNavigation(contents);
    denyNewWindows(contents);
    denyWebviews(contents);
  });
}

/**
 * The session-wide rules (CSP and permissions) for the session our window uses.
 * https://www.electronjs.org/docs/latest/tutorial/security#5-handle-session-permission-requests-from-remote-content
 */
export function secureSession(session: Session): void {
  setContentSecurityPolicy(session);
  denyAllPermissions(session);
}
