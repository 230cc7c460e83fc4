import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Files at once, for both projects in one pool: vitest's default (cores − 1) ran every file one
 * after another on 2 cores, while most of a file's time is spent waiting (a child process, a
 * server, a timer, the browser). Each file has its own temp folders and ports (port 0), so any
 * two can run side by side, an E2E spec too.
 */
const WORKERS = Math.max(2, availableParallelism());

const E2E_TEST_TIMEOUT = 120_000;

export default defineConfig({
  test: {
    maxWorkers: WORKERS,
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
          testTimeout: E2E_TEST_TIMEOUT,
          hookTimeout: 60_000,
          // A poll waits for what must come, bounded only by the test's own timeout: vitest's 1 s
          // default lost to a load spike while the till had done nothing wrong (issue 17). Ending a
          // little before the test's timeout, a poll that never holds still fails naming the value.
          expect: { poll: { timeout: E2E_TEST_TIMEOUT - 10_000 } },
        },
      },
    ],
    reporters: ['default', './tests/summary-reporter.ts'],
  },
});
