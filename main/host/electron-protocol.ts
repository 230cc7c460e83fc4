/**
 * Serves the renderer bundle (dist/renderer) on app://kassa instead of file://, so the page has
 * a real origin of its own, our CSP travels as a header, and only files inside the bundle
 * folder can be read.
 * https://www.electronjs.org/docs/latest/tutorial/security#18-avoid-usage-of-the-file-protocol-and-prefer-usage-of-custom-protocols
 */
import { readFile } from 'node:fs/promises';
import { protocol, type Session } from 'electron';
import { APP_SCHEME, CONTENT_SECURITY_POLICY, contentTypeFor, rendererFileFor } from './electron-policy.js';

/**
 * Registers app:// as standard (real origin, relative URLs) and secure (a secure context, like
 * https). Must run before the app is ready.
 * https://www.electronjs.org/docs/latest/tutorial/security#18-avoid-usage-of-the-file-protocol-and-prefer-usage-of-custom-protocols
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    // No bypassCSP, no serviceWorkers, no corsEnabled: the page needs none of them.
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/**
 * Answers app://kassa/<path> with the file from `rendererDir`; anything outside it, or any
 * other host, is a 404. Read-only: GET and HEAD only.
 * https://www.electronjs.org/docs/latest/tutorial/security#18-avoid-usage-of-the-file-protocol-and-prefer-usage-of-custom-protocols
 */
export function serveRenderer(session: Session, rendererDir: string): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method Not Allowed');
    const file = rendererFileFor(rendererDir, request.url);
    if (file === null) return plain(404, 'Not Found');
    let body: Uint8Array<ArrayBuffer>; // a copy: Response wants an ArrayBuffer-backed view, not a pooled Buffer
    try {
      body = new Uint8Array(await readFile(file));
    } catch {
      return plain(404, 'Not Found');
    }
    return new Response(request.method === 'HEAD' ? null : body, {
      status: 200,
      headers: {
        'Content-Type': contentTypeFor(file),
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-cache',
      },
    });
  });
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}
