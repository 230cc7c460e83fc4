/**
 * The web host's loader (main/host/code-cache.ts) on a small CommonJS bundle of the test's own, each
 * start in a process of its own as the host's are (within one process V8 reuses what it compiled and
 * would not even read a cache): it runs the bundle as `require` would, saves V8's code cache when
 * asked, uses it on the next start, and never runs a cache that does not belong to the bundle as it is now.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { codeCacheFile } from '../../main/host/code-cache.js';

/** A bundle that says it ran (with its tag), and uses require, __dirname and module as esbuild's output does. */
const bundleSource = (tag: string) => `'use strict';
const path = require('node:path');
console.log(JSON.stringify({ tag: ${JSON.stringify(tag)}, dirname: __dirname, file: path.basename(__filename), exports: typeof module.exports }));
`;

/** One start: the loader runs the bundle; the bundle's part (the host's first answer) saves the cache when asked. */
const RUNNER = `import { codeCacheHook, runCached } from './loader.mjs';
runCached(process.argv[2]);
const save = codeCacheHook();
save?.();
setImmediate(() => console.log(JSON.stringify({ asked: save !== undefined })));
`;

type Start = { tag: string; dirname: string; file: string; exports: string; asked: boolean };

describe('the web host runs its bundle from V8 code cache', () => {
  const tools = mkdtempSync(join(tmpdir(), 'kassa-code-cache-loader-'));
  let dir: string;
  let bundle: string;
  beforeAll(() => {
    buildSync({
      entryPoints: [fileURLToPath(new URL('../../main/host/code-cache.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: join(tools, 'loader.mjs'),
      logLevel: 'warning',
    });
    writeFileSync(join(tools, 'runner.mjs'), RUNNER);
  });
  afterAll(() => rmSync(tools, { recursive: true, force: true }));
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kassa-code-cache-'));
    bundle = join(dir, 'web-host.cjs');
    return () => rmSync(dir, { recursive: true, force: true });
  });

  const start = (): Start => {
    const lines = execFileSync(process.execPath, [join(tools, 'runner.mjs'), bundle], { encoding: 'utf8' })
      .trim()
      .split('\n');
    return Object.assign({}, ...lines.map((l) => JSON.parse(l) as object)) as Start;
  };

  it('first start: runs the bundle as CommonJS and saves the cache; next start: V8 takes it and nothing is saved', () => {
    writeFileSync(bundle, bundleSource('a'));
    expect(start()).toEqual({ tag: 'a', dirname: dir, file: 'web-host.cjs', exports: 'object', asked: true });
    const saved = readFileSync(codeCacheFile(bundle));
    expect(saved.toString('latin1', 0, 100)).toContain(`kassa-code-cache ${process.version} ${process.arch} ${statSync(bundle).size} `);
    const savedAt = statSync(codeCacheFile(bundle)).mtimeMs;

    expect(start()).toMatchObject({ tag: 'a', asked: false });
    expect(statSync(codeCacheFile(bundle)).mtimeMs).toBe(savedAt);
  });

  it('a rebuilt bundle of the same length never runs the old bytecode: its own code runs and a new cache is saved', () => {
    writeFileSync(bundle, bundleSource('a'));
    start();
    const before = statSync(bundle);
    writeFileSync(bundle, bundleSource('b')); // same length: V8 alone would take the old cache
    utimesSync(bundle, before.atime, new Date(before.mtimeMs + 5_000));
    expect(statSync(bundle).size).toBe(before.size);

    expect(start()).toMatchObject({ tag: 'b', asked: true });
    expect(start()).toMatchObject({ tag: 'b', asked: false });
  });

  it('a damaged cache is refused by V8: the bundle runs compiled from source and the cache is saved again', () => {
    writeFileSync(bundle, bundleSource('a'));
    start();
    const file = codeCacheFile(bundle);
    const saved = readFileSync(file);
    const header = saved.subarray(0, saved.indexOf(0x0a) + 1);
    const damaged = Buffer.concat([header, Buffer.alloc(saved.length - header.length, 0x5a)]);
    writeFileSync(file, damaged);

    expect(start()).toMatchObject({ tag: 'a', asked: true });
    expect(readFileSync(file).equals(damaged)).toBe(false);
    expect(start()).toMatchObject({ tag: 'a', asked: false });
  });

  it('no place for the cache (a read-only install): the bundle runs all the same, compiled at each start', () => {
    writeFileSync(bundle, bundleSource('a'));
    mkdirSync(codeCacheFile(bundle)); // a directory where the file would go: the save fails
    expect(start()).toMatchObject({ tag: 'a', asked: true });
    expect(start()).toMatchObject({ tag: 'a', asked: true });
    expect(readdirSync(dir).sort()).toEqual(['web-host.cjs', 'web-host.cjs.cache']); // no temporary file left
  });
});
