// @ts-check
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** Type-aware lint plus the one rule dependency-cruiser cannot express: ipcMain in one file. */
export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'tests/e2e/artifacts/**', 'coverage/**'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', importNames: ['ipcMain'], message: 'ipcMain is registered only in main/host/electron-ipc.ts (through the router).' }],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.tsx', 'renderer/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: ['tests/**/*.ts'],
    rules: {
      // expect.any / expect.stringMatching are typed `any` by vitest: matchers inside expected objects.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      // Fakes of async devices (terminal, printer) answer at once: async without await is their point.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['main/host/electron-ipc.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  // Build scripts and configs in plain JS are outside tsconfig: syntax rules only.
  { files: ['**/*.js', '**/*.mjs', '**/*.cjs'], ...tseslint.configs.disableTypeChecked },
);
