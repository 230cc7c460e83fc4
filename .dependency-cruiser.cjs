/**
 * The layering of ARCHITECTURE.md, checked in `npm test` (npm run lint):
 * arrows point down only; electron and ipcMain stay in the Electron shell.
 */
const ELECTRON_SHELL = '^(main/index\\.ts|main/host/electron-[^/]+\\.ts|preload/index\\.ts)$';

module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'main/domain holds pure rules: it imports only itself, common, the contract and zod.',
      severity: 'error',
      from: { path: '^main/domain/' },
      to: { pathNot: ['^main/domain/', '^common/', '^preload/contract/', '(^|/)node_modules/zod/'] },
    },
    {
      name: 'common-is-pure',
      comment:
        'common/ holds the rules both sides need; main, preload and the renderer import it, it imports only itself and zod (and, as types erased at build, the contract: common-contract-types-only).',
      severity: 'error',
      from: { path: '^common/' },
      to: { pathNot: ['^common/', '(^|/)node_modules/zod/', '^preload/contract/'] },
    },
    {
      name: 'common-contract-types-only',
      comment: 'common/ may name the contract’s types (the report tables are shaped by its answers), never load it: nothing of it is left at run time.',
      severity: 'error',
      from: { path: '^common/' },
      to: { path: '^preload/contract/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'electron-only-in-shell',
      comment: 'Only the Electron shell may import electron; everything else must run in plain Node.',
      severity: 'error',
      from: { pathNot: ELECTRON_SHELL },
      to: { path: '^(node_modules/)?electron(/|$)' },
    },
    {
      name: 'renderer-never-reaches-main',
      comment: 'The renderer talks to main only through window.kassa (preload/contract/ types).',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '^main/' },
    },
    {
      name: 'renderer-no-node',
      comment: 'No Node built-ins in the renderer: it runs sandboxed in Electron and in a browser.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'contract-imports-only-zod',
      comment: 'The contract is shared by main, preload and renderer: it imports only itself, zod and common/.',
      severity: 'error',
      from: { path: '^preload/contract/' },
      to: { pathNot: ['^preload/contract/', '(^|/)node_modules/zod/', '^common/'] },
    },
    {
      name: 'layers-point-down',
      comment: 'services and adapters never call up into the router or the hosts.',
      severity: 'error',
      from: { path: '^main/(services|db|fiscal|devices|domain|storage)/' },
      to: { path: '^main/(api|host)/|^main/(core|index|web)\\.ts$' },
    },
    {
      name: 'api-not-into-hosts',
      severity: 'error',
      from: { path: '^main/api/' },
      to: { path: '^main/host/|^main/(index|web)\\.ts$' },
    },
    {
      name: 'preload-not-into-main',
      severity: 'error',
      from: { path: '^preload/' },
      to: { path: '^main/|^renderer/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      // A cycle that runs at load time. Type-only imports (`import type`) vanish when compiled: the
      // task runner's job names (main/tasks/jobs.ts) are typed from the services that Ctx types too.
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
