import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

/** The renderer bundle: served by the web host and loaded by the Electron window alike. */
export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: true,
    rolldownOptions: {
      output: {
        // Libraries in chunks of their own: they change less often than the app, and the entry stays small.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: 'redux', test: /node_modules[\\/](@reduxjs|redux|reselect|immer|react-redux|use-sync-external-store)[\\/]/ },
            // zod-jitless with zod: it must run before any chunk builds a schema (CSP forbids zod's eval probe).
            { name: 'zod', test: /node_modules[\\/]zod[\\/]|preload[\\/]zod-jitless/ },
            // The app's core every screen shares (contract, store, server cache): named for what it is,
            // not after whichever of its modules the bundler picked (it was «useWindowKeys-….js»).
            {
              name: 'app-core',
              test: /preload[\\/]contract[\\/]|renderer[\\/]app[\\/](api|notices|sale|server|session|status|store|ui|useWindowKeys|workflow)\.ts$|renderer[\\/]components[\\/]Button\.tsx$/,
            },
          ],
        },
      },
    },
  },
});
