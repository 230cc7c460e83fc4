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
  },
});
