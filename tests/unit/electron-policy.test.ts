import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  APP_ORIGIN,
  CONTENT_SECURITY_POLICY,
  contentTypeFor,
  isAppUrl,
  isTrustedSender,
  refusedDebugSwitch,
  rendererFileFor,
  secureWebPreferences,
  withContentSecurityPolicy,
} from '../../main/host/electron-policy.js';

const RENDERER = resolve('/opt/kassa/dist/renderer');

describe('our origin', () => {
  it('is app://kassa, and the window loads its index.html', () => {
    expect(APP_ORIGIN).toBe('app://kassa');
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl('app://kassa/assets/index-abc.js?x=1#/sale')).toBe(true);
  });

  it('is not any other scheme, host, or a look-alike', () => {
    for (const url of [
      'https://kassa/',
      'file:///opt/kassa/dist/renderer/index.html',
      'app://evil/index.html',
      'app://kassa.evil.com/',
      'app://kassa@evil/',
      'app://user:pw@kassa/',
      'http://127.0.0.1:5173/',
      'javascript:alert(1)',
      'about:blank',
      'devtools://devtools/bundled/inspector.html',
      'not a url',
      '',
    ]) {
      expect(isAppUrl(url), url).toBe(false);
    }
  });
});

describe('files the app:// protocol serves', () => {
  it('maps the root and paths to files inside the renderer folder', () => {
    expect(rendererFileFor(RENDERER, 'app://kassa/')).toBe(join(RENDERER, 'index.html'));
    expect(rendererFileFor(RENDERER, 'app://kassa/index.html')).toBe(join(RENDERER, 'index.html'));
    expect(rendererFileFor(RENDERER, 'app://kassa/assets/index-abc.js')).toBe(join(RENDERER, 'assets', 'index-abc.js'));
    expect(rendererFileFor(RENDERER, 'app://kassa/assets/%D1%88%D1%80%D0%B8%D1%84%D1%82.woff2')).toBe(join(RENDERER, 'assets', 'шрифт.woff2'));
    expect(rendererFileFor(RENDERER, 'app://kassa/index.html?v=1#/sale')).toBe(join(RENDERER, 'index.html'));
  });

  it('refuses to leave the renderer folder, however the path is spelled', () => {
    for (const url of [
      'app://kassa/../main/index.js',
      'app://kassa/%2e%2e/main/index.js',
      'app://kassa/assets/..%2F..%2F..%2Fetc%2Fpasswd',
      'app://kassa/..%5C..%5Cwindows%5Cwin.ini',
      'app://kassa/%2Fetc%2Fpasswd/..%2F..%2F..%2F..%2Fetc%2Fpasswd',
      'app://kassa/index.html%00.png',
      'app://kassa/%E0%A4%A',
      'app://kassa/..',
    ]) {
      const file = rendererFileFor(RENDERER, url);
      if (file !== null) expect(file.startsWith(RENDERER + '/') || file.startsWith(RENDERER + '\\'), `${url} → ${file}`).toBe(true);
    }
    expect(rendererFileFor(RENDERER, 'app://kassa/assets/..%2F..%2F..%2Fetc%2Fpasswd')).toBeNull();
    expect(rendererFileFor(RENDERER, 'app://kassa/index.html%00.png')).toBeNull();
    expect(rendererFileFor(RENDERER, 'app://kassa/..%5C..%5Cwindows%5Cwin.ini')).toBeNull();
    expect(rendererFileFor(RENDERER, 'app://kassa/%E0%A4%A')).toBeNull();
  });

  it('serves nothing for other hosts or schemes', () => {
    expect(rendererFileFor(RENDERER, 'app://evil/index.html')).toBeNull();
    expect(rendererFileFor(RENDERER, 'file:///opt/kassa/dist/renderer/index.html')).toBeNull();
  });

  it('labels module scripts as JavaScript, or Chromium refuses to run them', () => {
    expect(contentTypeFor('/x/assets/index-abc.js')).toMatch(/^text\/javascript/);
    expect(contentTypeFor('/x/index.html')).toMatch(/^text\/html/);
    expect(contentTypeFor('/x/a.CSS')).toMatch(/^text\/css/);
    expect(contentTypeFor('/x/a.svg')).toBe('image/svg+xml');
    expect(contentTypeFor('/x/unknown.bin')).toBe('application/octet-stream');
  });
});

describe('Content-Security-Policy', () => {
  it('allows only our own origin, no eval, no remote content', () => {
    const directives = new Map(
      CONTENT_SECURITY_POLICY.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name, values.join(' ')] as const;
      }),
    );
    expect(directives.get('default-src')).toBe("'self'");
    expect(directives.get('script-src')).toBe("'self'");
    expect(directives.get('style-src')).toBe("'self' 'unsafe-inline'");
    expect(directives.get('img-src')).toBe("'self' data:");
    expect(directives.get('connect-src')).toBe("'self'");
    expect(directives.get('object-src')).toBe("'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|\*/);
  });

  it('replaces whatever CSP a response carried, in any spelling, and keeps the other headers', () => {
    const headers = withContentSecurityPolicy({
      'content-security-policy': ['default-src *'],
      'Content-Security-Policy-Report-Only': ['x'],
      'CONTENT-SECURITY-POLICY': 'script-src *',
      'Content-Type': ['text/html'],
      'X-Single': 'one',
    });
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(Object.keys(headers).filter((k) => k.toLowerCase() === 'content-security-policy')).toEqual(['Content-Security-Policy']);
    expect(headers['Content-Type']).toEqual(['text/html']);
    expect(headers['X-Single']).toEqual(['one']);
    expect(headers['Content-Security-Policy-Report-Only']).toEqual(['x']);
  });

  it('adds the CSP when the response had no headers at all', () => {
    expect(withContentSecurityPolicy(undefined)).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });
});

describe('webPreferences of the till window', () => {
  it('isolates and sandboxes the page and gives it no Node', () => {
    const prefs = secureWebPreferences('/app/dist/preload/index.cjs', { devTools: false });
    expect(prefs).toMatchObject({
      preload: '/app/dist/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      devTools: false,
    });
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
  });

  it('opens DevTools only when asked (development builds)', () => {
    expect(secureWebPreferences('/p', { devTools: true }).devTools).toBe(true);
  });
});

describe('who may call the router over IPC', () => {
  const ours = { fromOurWindow: true, fromMainFrame: true, frameUrl: 'app://kassa/index.html#/sale' };

  it('trusts the main frame of our window on our origin', () => {
    expect(isTrustedSender(ours)).toBe(true);
  });

  it('refuses another window, a subframe, or a foreign page', () => {
    expect(isTrustedSender({ ...ours, fromOurWindow: false })).toBe(false);
    expect(isTrustedSender({ ...ours, fromMainFrame: false })).toBe(false);
    expect(isTrustedSender({ ...ours, frameUrl: 'https://evil.example/' })).toBe(false);
    expect(isTrustedSender({ ...ours, frameUrl: 'file:///opt/kassa/dist/renderer/index.html' })).toBe(false);
    expect(isTrustedSender({ ...ours, frameUrl: 'about:blank' })).toBe(false);
  });
});

describe('debugging switches', () => {
  it('refuses the remote debugging port and the Node inspector in a packaged till, however spelled', () => {
    const exe = 'kassa-desk';
    expect(refusedDebugSwitch([exe, '--remote-debugging-port=9222'], true)).toBe('--remote-debugging-port');
    expect(refusedDebugSwitch([exe, '--remote-debugging-port', '9222'], true)).toBe('--remote-debugging-port');
    expect(refusedDebugSwitch([exe, '--remote-debugging-pipe'], true)).toBe('--remote-debugging-pipe');
    expect(refusedDebugSwitch([exe, '--inspect'], true)).toBe('--inspect');
    expect(refusedDebugSwitch([exe, '--inspect-brk=0.0.0.0:9229'], true)).toBe('--inspect-brk');
    expect(refusedDebugSwitch([exe, '-inspect=9229'], true)).toBe('--inspect');
    expect(refusedDebugSwitch([exe, '/Remote-Debugging-Port=9222'], true)).toBe('--remote-debugging-port');
    expect(refusedDebugSwitch([exe, '--no-sandbox', '--debug'], true)).toBe('--debug');
  });

  it('lets a packaged till start with other arguments, and a development run with any', () => {
    expect(refusedDebugSwitch(['kassa-desk'], true)).toBeNull();
    expect(refusedDebugSwitch(['kassa-desk', '--inspector-colours', 'inspect', '--lang=ru'], true)).toBeNull();
    // argv[0] is the program itself, whatever its name.
    expect(refusedDebugSwitch(['--inspect'], true)).toBeNull();
    expect(refusedDebugSwitch(['electron', '.', '--inspect=9229', '--remote-debugging-port=9222'], false)).toBeNull();
  });
});
