/**
 * The pure half of the Electron shell's security: what counts as our origin, which files the
 * app:// protocol may serve, the CSP, the window's webPreferences. No `electron` import here,
 * so all of it is tested under plain vitest; `electron-security.ts` applies it.
 * Checklist: https://www.electronjs.org/docs/latest/tutorial/security
 */
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';

/** Our custom scheme; registered as standard + secure so the page gets a real origin. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'kassa';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** What the window loads. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * True when `url` is on our app origin (app://kassa). Anything unparsable is not ours.
 * https://www.electronjs.org/docs/latest/tutorial/security#13-disable-or-limit-navigation
 */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
}

/**
 * Maps an app:// request to a file inside `rendererDir`, or null when it is not ours, is
 * malformed, or would leave the folder (`..`, encoded slashes or backslashes, NUL).
 * https://www.electronjs.org/docs/latest/tutorial/security#18-avoid-usage-of-the-file-protocol-and-prefer-usage-of-custom-protocols
 */
export function rendererFileFor(rendererDir: string, requestUrl: string): string | null {
  if (!isAppUrl(requestUrl)) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(requestUrl).pathname);
  } catch {
    return null; // malformed %-escape
  }
  // NUL and backslashes never occur in the bundle's file names; on Windows `\` is a separator.
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  const wanted = pathname === '/' || pathname === '' ? 'index.html' : pathname.replace(/^\/+/, '');
  const root = resolve(rendererDir);
  const file = resolve(root, wanted);
  const rel = relative(root, file);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return null;
  return file;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** Content-Type for a renderer file; module scripts are refused by Chromium without a JS type. */
export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The page's Content-Security-Policy: only our own origin; inline styles allowed for React
 * style props; data: images for generated QR codes. No eval, no remote anything.
 * https://www.electronjs.org/docs/latest/tutorial/security#7-define-a-content-security-policy
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Response headers with our CSP in place of any the response carried (header names are
 * case-insensitive, so every spelling of Content-Security-Policy is dropped first).
 * https://www.electronjs.org/docs/latest/tutorial/security#7-define-a-content-security-policy
 */
export function withContentSecurityPolicy(headers: Readonly<Record<string, string | string[]>> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === 'content-security-policy') continue;
    out[name] = Array.isArray(value) ? [...value] : [value];
  }
  out['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
  return out;
}

/**
 * The window's webPreferences, every security switch spelled out even where it is Electron's
 * default, so a reader (and a reviewer diffing Electron upgrades) sees them. Applied, and
 * checked against Electron's own `WebPreferences` type, in electron-security.ts.
 */
export function secureWebPreferences(preload: string, options: { readonly devTools: boolean }) {
  return {
    preload,
    /** https://www.electronjs.org/docs/latest/tutorial/security#3-enable-context-isolation */
    contextIsolation: true,
    /** https://www.electronjs.org/docs/latest/tutorial/security#4-enable-process-sandboxing */
    sandbox: true,
    /** https://www.electronjs.org/docs/latest/tutorial/security#2-do-not-enable-nodejs-integration-for-remote-content */
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    /** https://www.electronjs.org/docs/latest/tutorial/security#6-do-not-disable-websecurity */
    webSecurity: true,
    /** https://www.electronjs.org/docs/latest/tutorial/security#8-do-not-enable-allowrunninginsecurecontent */
    allowRunningInsecureContent: false,
    /** https://www.electronjs.org/docs/latest/tutorial/security#9-do-not-enable-experimental-features */
    experimentalFeatures: false,
    /** https://www.electronjs.org/docs/latest/tutorial/security#12-verify-webview-options-before-creation */
    webviewTag: false,
    /** A file dropped on the till must not replace the app page. */
    navigateOnDragDrop: false,
    /** On Linux Chromium fetches spellcheck dictionaries from Google; a till has no use for it. */
    spellcheck: false,
    /** DevTools only in development: in the shop they would let anyone script the UI. */
    devTools: options.devTools,
  } as const;
}

/** What the IPC layer knows about who sent a call. */
export type SenderFacts = {
  /** The event came from our window's webContents. */
  readonly fromOurWindow: boolean;
  /** The sending frame is that webContents' main (top-level, attached) frame. */
  readonly fromMainFrame: boolean;
  /** The sending frame's current URL. */
  readonly frameUrl: string;
};

/**
 * The Electron host's verdict for `router.call(..., trustedSender)`: the main frame of our own
 * window, showing our own origin. Subframes, other windows and foreign pages are refused.
 * https://www.electronjs.org/docs/latest/tutorial/security#17-validate-the-sender-of-all-ipc-messages
 */
export function isTrustedSender(facts: SenderFacts): boolean {
  return facts.fromOurWindow && facts.fromMainFrame && isAppUrl(facts.frameUrl);
}

/**
 * Command-line switches that open the till to a debugger: Chromium's remote debugging port (any
 * process on the PC could then drive the window and its API) and Node's inspector. Chromium reads
 * switches with `--`, `-` or (Windows) `/`, any case on Windows, with `=value` or alone.
 */
const DEBUG_SWITCH =
  /^(?:--?|\/)(remote-debugging-port|remote-debugging-pipe|remote-debugging-address|inspect|inspect-brk|inspect-port|inspect-publish-uid|debug|debug-brk)(?:=|$)/i;

/**
 * The debugging switch a packaged till must refuse to start with, or null. A development run
 * (`npm start`, not packaged) may use them.
 * https://www.electronjs.org/docs/latest/tutorial/fuses#nodecliinspect
 */
export function refusedDebugSwitch(argv: readonly string[], packaged: boolean): string | null {
  if (!packaged) return null;
  for (const arg of argv.slice(1)) {
    const m = DEBUG_SWITCH.exec(arg);
    if (m) return `--${m[1]!.toLowerCase()}`;
  }
  return null;
}
