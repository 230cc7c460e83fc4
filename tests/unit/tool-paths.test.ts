/**
 * No test or script names a tool by an absolute path (`/usr/bin/chromium`, a drive letter): such a
 * path holds on one distribution only. Tools are found by scripts/prerequisites.mjs — a variable,
 * then PATH — whose list of the places macOS installs browsers in is the one exception allowed.
 * Shebang lines (`#!/bin/sh` of a stand-in script) are the kernel's syntax, not a lookup.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;

const TOOL_PATHS: readonly RegExp[] = [
  /(?<![\w.~$-])\/(?:usr\/(?:local\/)?)?s?bin\//, // /bin/ /sbin/ /usr/bin/ /usr/local/bin/
  /(?<![\w.~$-])\/(?:snap|opt\/(?:google|homebrew|microsoft))\//,
  /(?<![\w.~$-])\/Applications\b/,
  // A drive letter, `C:\` or `C:\\` in source; not `s:\n`, an escape after a colon.
  /(?<![\w$])[A-Za-z]:\\(?![\\nrtbfv0u'"`])|(?<![\w$])[A-Za-z]:\\\\(?![nrtbfv0u'"`])/,
  /Program\sFiles/,
];

/** Per file, what it may name: the well-known install places of the discovery module and its test. */
const ALLOWED: Readonly<Record<string, RegExp>> = {
  'scripts/prerequisites.mjs': /(?<![\w.~$-])\/Applications\b/,
  'tests/unit/browser-discovery.test.ts': /(?<![\w.~$-])\/Applications\b/,
  // The installed app's own path and a USB stick's drive as the admin command line gets them (data, not a tool).
  'tests/unit/admin-launchers.test.ts': /'(?:C:\\\\Program Files\\\\Kassa Desk\\\\Kassa Desk\.exe|E:\\\\)'/,
};

/** `line: text` for each line of `text` that names a tool by an absolute path (`allowed` aside). */
function toolPathLines(text: string, allowed?: RegExp): string[] {
  const hits: string[] = [];
  text.split('\n').forEach((line, i) => {
    let code = line.replace(/#!\/[^\s'"`\\]*/g, '');
    if (allowed) code = code.replace(new RegExp(allowed.source, 'g'), '');
    if (TOOL_PATHS.some((p) => p.test(code))) hits.push(`${i + 1}: ${line.trim()}`);
  });
  return hits;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'artifacts' || e.name === 'node_modules' ? [] : sources(full);
    return SOURCE.test(e.name) ? [full] : [];
  });
}

describe('absolute tool paths', () => {
  it('are caught: a fixed browser or socat path, a drive letter, Program Files', () => {
    expect(toolPathLines("const SOCAT = '/usr/bin/socat';")).toHaveLength(1);
    expect(toolPathLines("executablePath: '/usr/local/bin/chromium',")).toHaveLength(1);
    expect(toolPathLines("spawn('/bin/sh', ['-c', 'x'])")).toHaveLength(1);
    expect(toolPathLines("'/opt/google/chrome/chrome'")).toHaveLength(1);
    expect(toolPathLines("const chrome = 'C:\\\\Program Files\\\\Google\\\\Chrome\\\\Application\\\\chrome.exe';")).toHaveLength(1);
    expect(toolPathLines("'/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'")).toHaveLength(1);
    // Only the allowed kind passes in an allowed file, not another path on the same line.
    expect(toolPathLines("'/Applications/Chromium.app'", ALLOWED['scripts/prerequisites.mjs'])).toEqual([]);
    expect(toolPathLines("'/Applications/Chromium.app', '/usr/bin/chromium'", ALLOWED['scripts/prerequisites.mjs'])).toHaveLength(1);
  });

  it('leave relative paths, device paths and shebangs alone', () => {
    expect(toolPathLines("join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs')")).toEqual([]);
    expect(toolPathLines("new SerialTransport({ path: '/dev/ttyUSB0' })")).toEqual([]);
    expect(toolPathLines("writeFileSync(file, '#!/bin/sh\\nprintf x\\n');")).toEqual([]);
    expect(toolPathLines('#!/usr/bin/env bash')).toEqual([]);
    expect(toolPathLines('throw new Error(`web host did not start in 30 s:\\n${out}`);')).toEqual([]);
    expect(toolPathLines("execFileSync('sh', ['-c', `printf 'a:\\\\n' > f`])")).toEqual([]);
    expect(toolPathLines("resolve('/opt/kassa/dist/renderer')")).toEqual([]);
  });

  it('are in no test, no script and no package.json script', () => {
    // This file holds the patterns themselves; the first test shows they catch what they should.
    const files = [
      ...sources(join(ROOT, 'tests')),
      ...sources(join(ROOT, 'scripts')),
      join(ROOT, 'package.json'),
      join(ROOT, '.ci', 'run'),
      join(ROOT, 'vitest.config.ts'),
    ];
    const found: string[] = [];
    for (const file of files.filter((f) => !f.endsWith('tool-paths.test.ts'))) {
      const name = relative(ROOT, file).split(sep).join('/');
      for (const hit of toolPathLines(readFileSync(file, 'utf8'), ALLOWED[name])) found.push(`${name}:${hit}`);
    }
    expect(found).toEqual([]);
  });
});
