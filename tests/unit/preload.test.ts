/**
 * The preload builds window.kassa from the method names alone: the names cannot drift from the
 * contract, and the bundle stays small (no zod, no schema) and requires nothing but electron.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { events, methods } from '../../preload/contract/index.js';
import { eventNames, methodNames } from '../../preload/contract/names.js';
import { PRELOAD_BUILD } from '../../scripts/preload-build.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('the preload', () => {
  it('names every method and every event of the contract, and nothing else', () => {
    expect(methodNames).toEqual(Object.keys(methods));
    expect(eventNames).toEqual(Object.keys(events));
  });

  it('bundles under 20 kB and requires only electron', async () => {
    const outfile = join(mkdtempSync(join(tmpdir(), 'kassa-preload-')), 'index.cjs');
    await build({ ...PRELOAD_BUILD, absWorkingDir: ROOT, outfile, logLevel: 'silent' });
    const code = readFileSync(outfile, 'utf8');
    expect(Buffer.byteLength(code)).toBeLessThan(20_000);
    expect(new Set([...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]))).toEqual(new Set(['electron']));
  });
});
