// Bundles the main process (Electron shell and web host) and the preload with esbuild.
// npm packages stay external: native modules (better-sqlite3) load from node_modules.
import { build } from 'esbuild';
import { PRELOAD_BUILD } from './preload-build.mjs';

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
    packages: 'external',
  }),
  build({ ...common, ...PRELOAD_BUILD }),
]);
