/**
 * V8's code cache for the web host's bundle (cold start, bench `web-host-cold-start`). Node 20 has no
 * compile cache of its own (`module.enableCompileCache` came in Node 22), so the web host's entry
 * (main/web-start.ts → dist/main/web.js) compiles the bundle (main/web.ts → dist/main/web-host.cjs)
 * as a vm.Script with the bytecode an earlier run saved beside it: compiling the 1.4 MB bundle and
 * the functions of the start took some 30 ms of the ~290 ms to the first answer here.
 *
 * The cache is saved once, right after the first API answer (it then holds what the start compiled,
 * not what a day of selling did), when there was none or V8 refused it. V8 checks a cache against its
 * own version and flags, but the source only by its length: a header with the bundle's size and
 * modification time keeps a rebuilt bundle of the same length from running an older bytecode. The
 * cache lives next to the code and is as trusted as the code; never in a folder others may write.
 *
 * The bundle may hold no `import()`: Node 20 loses a script's loader for it when the script comes from
 * a code cache (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING), so packages are required, even ES-only ones
 * (Node ≥ 20.19 requires them); the build refuses a bundle with an `import(` (scripts/build-main.mjs).
 */
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import vm from 'node:vm';

const SAVE = Symbol.for('kassa.saveCodeCache');

/** The cache file of a bundle. */
export const codeCacheFile = (bundle: string): string => `${bundle}.cache`;

/**
 * Runs a CommonJS bundle as `require` would, from its code cache when the cache fits. When it does not
 * (first run, a rebuild, another Node), `codeCacheHook()` inside the bundle gives the function that saves it.
 */
export function runCached(bundle: string): void {
  // Plain ASCII (scripts/build-main.mjs escapes the rest): read as Latin-1, some 5 ms sooner than as UTF-8 here.
  const source = readFileSync(bundle, 'latin1');
  const { size, mtimeMs } = statSync(bundle);
  const header = Buffer.from(`kassa-code-cache ${process.version} ${process.arch} ${size} ${mtimeMs}\n`);
  const file = codeCacheFile(bundle);
  let cachedData: Buffer | undefined;
  try {
    const saved = readFileSync(file);
    if (saved.subarray(0, header.length).equals(header)) cachedData = saved.subarray(header.length);
  } catch {
    // none yet
  }
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: bundle,
    ...(cachedData && { cachedData }),
  });
  if (cachedData === undefined || script.cachedDataRejected) {
    (globalThis as Record<symbol, unknown>)[SAVE] = () => {
      const tmp = `${file}.${process.pid}.tmp`; // hosts starting together each write their own
      try {
        writeFileSync(tmp, Buffer.concat([header, script.createCachedData()]));
        renameSync(tmp, file);
      } catch {
        // A read-only install: every start compiles, as without a cache.
        rmSync(tmp, { force: true });
      }
    };
  }
  const module = { exports: {} };
  (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle));
}

/** Inside the bundle: what saves its code cache, when the loader asks for one to be saved. */
export function codeCacheHook(): (() => void) | undefined {
  return (globalThis as Record<symbol, unknown>)[SAVE] as (() => void) | undefined;
}
