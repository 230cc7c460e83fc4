// The preload's esbuild options: the build uses them, and so does the test that keeps it small.
// A sandboxed preload must be one CommonJS file that requires nothing but 'electron'.
export const PRELOAD_BUILD = {
  entryPoints: ['preload/index.ts'],
  outfile: 'dist/preload/index.cjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['electron'],
  minify: true,
};
