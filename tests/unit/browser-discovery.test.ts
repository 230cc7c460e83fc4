/**
 * The E2E tests find their browser through $KASSA_BROWSER, then PATH, then the install places of
 * macOS and Windows. Proven with a stand-in browser that records the arguments it was started with,
 * and launched the way the E2E helpers launch Chromium.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, win32 } from 'node:path';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { BROWSER_NAMES, browserInstallPlaces, findBrowser, findOnPath } from '../../scripts/prerequisites.mjs';
import { browserArgs, browserLaunchOptions } from '../fixtures/browser.js';
import { useTempDir } from '../fixtures/temp-dir.js';

const temp = useTempDir('kassa-browser-');
const onWindows = process.platform === 'win32';
if (onWindows) console.warn('browser-discovery: two tests skipped — their stand-in browsers are #! scripts with an executable bit');

/** A stand-in browser named `name` in `dir` that writes its arguments, one a line, to `<dir>/<name>.args`. */
function standIn(dir: string, name: string): string {
  mkdirSync(dir, { recursive: true });
  if (onWindows) {
    const file = join(dir, `${name}.cmd`);
    writeFileSync(file, `@echo off\r\n(for %%a in (%*) do @echo %%~a) > "${join(dir, `${name}.args`)}"\r\n`);
    return file;
  }
  const file = join(dir, name);
  writeFileSync(file, `#!/bin/sh\nprintf '%s\\n' "$@" > "${join(dir, `${name}.args`)}"\n`);
  chmodSync(file, 0o755);
  return file;
}

/** Only what the lookup is given: no PATH of this machine, no real browser. */
const envWith = (vars: Record<string, string>) => ({ PATHEXT: '.COM;.EXE;.BAT;.CMD', ...vars });

describe('browser discovery', () => {
  it('takes the first of chromium, chromium-browser, google-chrome, google-chrome-stable on PATH', () => {
    const first = join(temp.dir(), 'first');
    const second = join(temp.dir(), 'second');
    standIn(first, 'google-chrome-stable');
    const chromiumBrowser = standIn(second, 'chromium-browser');
    const env = envWith({ PATH: [first, second].join(onWindows ? ';' : ':') });
    expect(BROWSER_NAMES).toEqual(['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']);
    // The name order wins over the folder order, as the issue lists them.
    expect(findBrowser({ env })).toEqual({ path: chromiumBrowser, via: 'PATH' });
    expect(findBrowser({ env: envWith({ PATH: first }) })).toEqual({
      path: join(first, onWindows ? 'google-chrome-stable.cmd' : 'google-chrome-stable'),
      via: 'PATH',
    });
  });

  it('takes $KASSA_BROWSER before PATH, and a variable pointing at nothing finds nothing', () => {
    const onPath = join(temp.dir(), 'path');
    standIn(onPath, 'chromium');
    const named = standIn(join(temp.dir(), 'named'), 'my-browser');
    expect(findBrowser({ env: envWith({ PATH: onPath, KASSA_BROWSER: named }) })).toEqual({ path: named, via: 'KASSA_BROWSER' });
    // A typo in the variable must not quietly run another browser.
    expect(findBrowser({ env: envWith({ PATH: onPath, KASSA_BROWSER: join(temp.dir(), 'no-such-browser') }) })).toBeNull();
  });

  it.skipIf(onWindows)('passes over a file on PATH that is not executable', () => {
    const dir = join(temp.dir(), 'bin');
    mkdirSync(dir);
    writeFileSync(join(dir, 'chromium'), 'not a program');
    const chrome = standIn(dir, 'google-chrome');
    expect(findBrowser({ env: envWith({ PATH: dir }) })).toEqual({ path: chrome, via: 'PATH' });
  });

  it('finds nothing with nothing on PATH and no install place', () => {
    expect(findBrowser({ env: envWith({ PATH: join(temp.dir(), 'empty') }), platform: 'linux' })).toBeNull();
  });

  it("knows where Chromium, Chrome and Edge install on macOS and Windows, from Windows' own variables", () => {
    expect(browserInstallPlaces('linux', { HOME: 'h' })).toEqual([]);
    expect(browserInstallPlaces('darwin', { HOME: 'h' })).toEqual([
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
      'h/Applications/Chromium.app/Contents/MacOS/Chromium',
      'h/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      'h/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
    ]);
    const places = browserInstallPlaces('win32', { ProgramFiles: 'PF', LOCALAPPDATA: 'LAD' });
    expect(places).toEqual([
      win32.join('PF', 'Chromium', 'Application', 'chrome.exe'),
      win32.join('LAD', 'Chromium', 'Application', 'chrome.exe'),
      win32.join('PF', 'Google', 'Chrome', 'Application', 'chrome.exe'),
      win32.join('LAD', 'Google', 'Chrome', 'Application', 'chrome.exe'),
      win32.join('PF', 'Microsoft', 'Edge', 'Application', 'msedge.exe'),
      win32.join('LAD', 'Microsoft', 'Edge', 'Application', 'msedge.exe'),
    ]);
  });

  it.runIf(onWindows)('finds an install place of Windows when PATH has no browser, and tries PATHEXT on PATH', () => {
    const local = temp.dir();
    const edge = join(local, 'Microsoft', 'Edge', 'Application', 'msedge.exe');
    mkdirSync(join(local, 'Microsoft', 'Edge', 'Application'), { recursive: true });
    writeFileSync(edge, '');
    expect(findBrowser({ env: envWith({ PATH: join(local, 'empty'), LOCALAPPDATA: local }) })).toEqual({ path: edge, via: 'install place' });
    const bin = join(local, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'socat.exe'), '');
    expect(findOnPath(['socat'], { env: envWith({ PATH: bin }) })).toBe(join(bin, 'socat.exe'));
  });

  it('keeps the container flags (no sandbox, no GPU) to Linux', () => {
    expect(browserArgs('linux')).toEqual(expect.arrayContaining(['--headless', '--no-sandbox', '--disable-gpu']));
    for (const platform of ['darwin', 'win32'] as const) {
      expect(browserArgs(platform)).toContain('--headless');
      expect(browserArgs(platform)).not.toContain('--no-sandbox');
      expect(browserArgs(platform)).not.toContain('--disable-gpu');
    }
  });

  it.skipIf(onWindows)('is what the E2E launcher starts: Playwright runs the stand-in with our flags', async () => {
    const dir = join(temp.dir(), 'bin');
    const fake = standIn(dir, 'chromium');
    const options = browserLaunchOptions({ env: envWith({ PATH: dir }) });
    expect(options.executablePath).toBe(fake);
    // The stand-in is no browser: it records its arguments and exits, so the launch fails.
    await expect(chromium.launch({ ...options, timeout: 10_000 })).rejects.toThrow();
    expect(existsSync(join(dir, 'chromium.args'))).toBe(true);
    const args = readFileSync(join(dir, 'chromium.args'), 'utf8').trim().split('\n');
    expect(args).toEqual(expect.arrayContaining([...browserArgs(), '--remote-debugging-pipe']));
  });

  it('says what is missing and how to get it when no browser is found', () => {
    expect(() => browserLaunchOptions({ env: envWith({ PATH: join(temp.dir(), 'empty') }), platform: 'linux' })).toThrow(
      /^missing Chromium, Chrome or Edge .* — .*, or set KASSA_BROWSER to its executable$/,
    );
  });
});
