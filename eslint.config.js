// @ts-check
import tseslint from 'typescript-eslint';

/** Type-aware lint plus the one rule dependency-cruiser cannot express: ipcMain in one file. */
export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'tests/e2e/artifacts/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', importNames: ['ipcMain'], message: 'ipcMain is registered only in main/host/electron-ipc.ts (through the router).' },
          ],
        },
      ],
    },
  },
  {
    files: ['main/host/electron-ipc.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
