import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.spec.ts'],
          testTimeout: 120_000,
          hookTimeout: 60_000,
          fileParallelism: false,
          // A bare expect.poll waits as long as the helpers' waits (tests/e2e/helpers.ts: 10 s), not
          // vitest's 1 s: a poll waits for a new state (a print from a worker thread, a list's answer),
          // and 1 s is a window a loaded machine's hiccup outlasts (stock.spec lost a print that way).
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
    reporters: ['default', './tests/summary-reporter.ts'],
  },
});
