// Bundles the main process (Electron shell and web host) and the preload with esbuild.
// npm packages stay external: native modules (better-sqlite3) load from node_modules.
// zod and fflate are bundled, not external (cold start): loaded from node_modules they cost ~300
// module files to resolve and compile at every start; zod's 40-odd error-message locales (we give
// our own Russian messages) are left out. Packages with native parts or worker files stay external.
import { readFileSync } from 'node:fs';
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
      web: 'main/web.ts',
      'sko-emulator': 'main/fiscal/emulator/cli.ts',
      'task-worker': 'main/tasks/worker.ts',
      admin: 'main/admin-entry.ts',
    },
    outdir: 'dist/main',
    format: 'esm',
    external,
    plugins: [zodEnglishOnly],
  }),
  build({ ...common, ...PRELOAD_BUILD }),
]);
