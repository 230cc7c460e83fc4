/**
 * The web host's Content-Security-Policy (issue 10 #20): the page may connect to its own origin
 * only — its HTTP and its own events WebSocket, not any ws: port on loopback — and the meta policy
 * of renderer/index.html is no looser than the header. Served by the real host on loopback.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebHost, type WebHost } from '../../main/host/web-host.js';
import { makeTill, type TestTill } from '../fixtures/core.js';

type Policy = ReadonlyMap<string, readonly string[]>;

function parsePolicy(text: string): Policy {
  return new Map(
    text
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name!.toLowerCase(), sources]),
  );
}

/** Fetch directives fall back to default-src; the others (base-uri, form-action, …) allow anything when absent. */
const FETCH = new Set(['script-src', 'style-src', 'img-src', 'connect-src', 'font-src', 'object-src', 'media-src', 'frame-src', 'worker-src', 'manifest-src']);
const effective = (p: Policy, d: string): readonly string[] | null => p.get(d) ?? (FETCH.has(d) ? (p.get('default-src') ?? null) : null);

/** Directives where `meta` allows a source `header` does not (frame-ancestors aside: a meta tag cannot carry it). */
function looserIn(meta: Policy, header: Policy): string[] {
  const found: string[] = [];
  for (const d of new Set([...header.keys(), ...FETCH, 'default-src'])) {
    if (d === 'frame-ancestors') continue;
    const h = effective(header, d);
    if (h === null) continue; // the header itself allows anything here
    const m = effective(meta, d);
    if (m === null) found.push(`${d}: missing`);
    else for (const source of m) if (!h.includes(source)) found.push(`${d}: ${source}`);
  }
  return found;
}

describe('the web host’s content security policy', () => {
  let till: TestTill;
  let host: WebHost;
  let rendererDir: string;

  beforeAll(async () => {
    till = makeTill({ devices: false });
    rendererDir = mkdtempSync(join(tmpdir(), 'kassa-renderer-'));
    copyFileSync(fileURLToPath(new URL('../../renderer/index.html', import.meta.url)), join(rendererDir, 'index.html'));
    host = await startWebHost(till, { rendererDir });
  });
  afterAll(async () => {
    await host.close();
    till.dispose();
    rmSync(rendererDir, { recursive: true, force: true, maxRetries: 10 });
  });

  it('lets the page connect to its own origin and its own WebSocket only', async () => {
    const res = await fetch(`http://127.0.0.1:${host.port}/`);
    const header = parsePolicy(res.headers.get('content-security-policy') ?? '');
    expect(header.get('connect-src')).toEqual(["'self'", `ws://127.0.0.1:${host.port}`]);
    expect(header.get('default-src')).toEqual(["'self'"]);
    expect(header.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('names the Host the page was opened on, never another port or a wildcard', async () => {
    const { request } = await import('node:http');
    const csp = await new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: host.port, path: '/', headers: { Host: `localhost:${host.port}` } }, (res) => {
        res.resume();
        resolve(String(res.headers['content-security-policy']));
      });
      req.on('error', reject);
      req.end();
    });
    expect(parsePolicy(csp).get('connect-src')).toEqual(["'self'", `ws://localhost:${host.port}`]);
    expect(csp).not.toMatch(/\*|ws:(?!\/\/)/);
  });

  it('carries a meta policy in index.html no looser than the header', async () => {
    const res = await fetch(`http://127.0.0.1:${host.port}/`);
    const header = parsePolicy(res.headers.get('content-security-policy') ?? '');
    const html = await res.text();
    const content = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html)?.[1];
    expect(content).toBeDefined();
    expect(looserIn(parsePolicy(content!), header)).toEqual([]);
    // The comparison itself catches the policy index.html had before.
    expect(looserIn(parsePolicy("default-src 'self'; connect-src 'self' ws:; img-src 'self' data:; style-src 'self' 'unsafe-inline'"), header)).toEqual([
      'connect-src: ws:',
      "object-src: 'self'",
      'base-uri: missing',
      'form-action: missing',
    ]);
  });
});
