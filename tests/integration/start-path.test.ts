/**
 * What the built till loads before its first answer (dist/main; `npm run test:integration` builds it
 * first): the packages a bundle imports at its top, and zod's foreign-language messages left out.
 * Each package from node_modules at start is its module files resolved and compiled (cold start).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bundle = (name: string) => readFileSync(fileURLToPath(new URL(`../../dist/main/${name}`, import.meta.url)), 'utf8');

/**
 * The packages (not node: built-ins) a bundle loads at start: imported statically (ESM) or required
 * at a module's top (CommonJS: the web host's bundle), or required through `createRequire` at a
 * module's top (`var x = createRequire(import.meta.url)("…")`; one required inside a function loads on first use).
 */
function packagesAtStart(code: string): string[] {
  const imported = [...code.matchAll(/^import .* from "([^".][^"]*)";?$/gm)].map((m) => m[1]!);
  const requiredCjs = [...code.matchAll(/^var \w+ = (?:__toESM\()?require\("([^".][^"]*)"\)/gm)].map((m) => m[1]!);
  const required = [...code.matchAll(/^var \w+ = (?:createRequire\d*|\(0, \w+\.createRequire\))\((?:import\.meta\.url|__bundleUrl)\)\("([^".][^"]*)"\);$/gm)].map(
    (m) => m[1]!,
  );
  const names = [...imported, ...requiredCjs, ...required];
  return [...new Set(names.filter((n) => !n.startsWith('node:') && n !== 'module'))].sort();
}

describe('the start path of the built till', () => {
  it('the web host loads only better-sqlite3 and pino at start; zod and fflate are inside the bundle', () => {
    expect(packagesAtStart(bundle('web-host.cjs'))).toEqual(['better-sqlite3', 'pino']);
    // Its entry is only the loader that runs it from V8's code cache (main/host/code-cache.ts).
    expect(packagesAtStart(bundle('web.js'))).toEqual([]);
    expect(bundle('web.js').length).toBeLessThan(4_000);
  });

  it('the web host bundle is plain ASCII: its loader reads it as Latin-1 (main/host/code-cache.ts)', () => {
    expect(bundle('web-host.cjs')).not.toMatch(/[^\0-\x7f]/);
  });

  it('the Electron shell loads no more than the web host, plus electron', () => {
    expect(packagesAtStart(bundle('index.js'))).toEqual(['better-sqlite3', 'electron', 'pino']);
  });

  it('zod is bundled with its English messages only', () => {
    const web = bundle('web-host.cjs');
    expect(web).toContain('node_modules/zod/v4/locales/en.js');
    expect(web).not.toContain('node_modules/zod/v4/locales/ru.js');
  });
});
