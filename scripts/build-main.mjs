// Bundles the main process (Electron shell and web host) and the preload with esbuild.
// npm packages stay external: native modules (better-sqlite3) load from node_modules.
// zod and fflate are bundled, not external (cold start): loaded from node_modules they cost ~300
// module files to resolve and compile at every start; zod's 40-odd error-message locales (we give
// our own Russian messages) are left out. Packages with native parts or worker files stay external.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { PRELOAD_BUILD } from './preload-build.mjs';

const BUNDLED = new Set(['zod', 'fflate']);
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const external = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies), 'electron']
  .filter((name) => !BUNDLED.has(name))
  .flatMap((name) => [name, `${name}/*`]);

/** zod's `locales` namespace with English only (the default it configures itself with). */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => ({
      contents: 'export { default as en } from "./en.js";',
      loader: 'js',
      resolveDir: args.path.replace(/[\\/]index\.js$/, ''),
    }));
  },
};

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };

await Promise.all([
  build({
    ...common,
    entryPoints: {
      index: 'main/index.ts',
      web: 'main/web-start.ts',
      'sko-emulator': 'main/fiscal/emulator/cli.ts',
      'task-worker': 'main/tasks/worker.ts',
      'price-list-reader': 'main/services/price-list/reader-worker.ts',
      admin: 'main/admin-entry.ts',
    },
    outdir: 'dist/main',
    format: 'esm',
    external,
    plugins: [zodEnglishOnly],
  }),
  // The web host itself as CommonJS: its entry (web.js) runs it from V8's code cache (main/host/code-cache.ts).
  // import.meta.url becomes the bundle's own file URL, as it is in the ESM bundles.
  build({
    ...common,
    entryPoints: { 'web-host': 'main/web.ts' },
    outdir: 'dist/main',
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    external,
    plugins: [zodEnglishOnly],
    define: { 'import.meta.url': '__bundleUrl' },
    banner: { js: 'var __bundleUrl = require("node:url").pathToFileURL(__filename).href;' },
  }),
  build({ ...common, ...PRELOAD_BUILD }),
]);
// A cache of the bundle before: its header would refuse it, but it need not be read at all.
rmSync(new URL('../dist/main/web-host.cjs.cache', import.meta.url), { force: true });
// Run from V8's code cache, the bundle has no loader for import() on Node 20 (main/host/code-cache.ts).
const dynamicImport = /\bimport\(\s*["'`]/.exec(readFileSync(new URL('../dist/main/web-host.cjs', import.meta.url), 'utf8'));
if (dynamicImport) {
  console.error(`build-main: dist/main/web-host.cjs has an import() (${dynamicImport[0]}…): require the package instead (main/host/code-cache.ts)`);
  process.exit(1);
}

// esbuild writes strings as ASCII but keeps comments and regular expressions as written, so a
// bundle held some Cyrillic: Node then decoded all of it by the slow path and V8 kept and parsed it
// as two-byte text, at every start (bench `web-host-cold-start`). Each such character becomes its
// \uXXXX escape, which means the same wherever one can stand (a comment, a regular expression, a
// string, a name); a source map's columns after one on the same line move (comments, mostly).
for (const name of ['index.js', 'web.js', 'web-host.cjs', 'sko-emulator.js', 'task-worker.js', 'price-list-reader.js', 'admin.js']) {
  const file = new URL(`../dist/main/${name}`, import.meta.url);
  const code = readFileSync(file, 'utf8');
  const ascii = code.replace(/[^\0-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (ascii !== code) writeFileSync(file, ascii);
}
