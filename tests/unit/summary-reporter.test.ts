/**
 * tests/summary-reporter.ts: the closing count CI reads, then the skips — which files, which tests,
 * the reasons the tests printed — on the terminal and in GitHub's job summary (issue 16: the Windows
 * run lists its skips). The last test runs vitest for real on a file that skips.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { failedOutputLines, isSkipReason, skipLines, skipMarkdown } from '../summary-reporter.js';
import { useTempDir } from '../fixtures/temp-dir.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const temp = useTempDir('kassa-reporter-');

/** Runs vitest for real on the `*.test.mjs` files of `dir`, with this reporter only. */
function vitestWithReporter(dir: string, env: Record<string, string> = {}) {
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'junction');
  const reporter = join(ROOT, 'tests', 'summary-reporter.ts');
  writeFileSync(join(dir, 'vitest.config.mjs'), `export default { test: { include: ['*.test.mjs'], reporters: [${JSON.stringify(reporter)}] } };\n`);
  return spawnSync(process.execPath, [join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--root', dir], {
    cwd: dir,
    env: { ...process.env, ...env, VITEST: undefined, NODE_ENV: undefined },
    encoding: 'utf8',
    timeout: 50_000,
  });
}

describe('the skip list', () => {
  it('knows the lines the tests print when they skip', () => {
    expect(isSkipReason('serial-scale: pty tests skipped — Windows has no pseudo-terminals')).toBe(true);
    expect(isSkipReason('HTTPS test skipped: the openssl command is not installed')).toBe(true);
    expect(isSkipReason('disk full: skipped — a small file system cannot be mounted here')).toBe(true);
    expect(isSkipReason('preflight: ok — Node v22.1.0')).toBe(false);
    expect(isSkipReason('3 rows skipped')).toBe(false);
  });

  it('names each file with its skipped tests and notes, and the reasons once each', () => {
    const lines = skipLines(
      [
        { file: 'tests/integration/serial-scale.test.ts', tests: ['a', 'b', 'c'], notes: [] },
        { file: 'tests/e2e/loading-errors.spec.ts', tests: ['hangs'], notes: ['no SIGSTOP on Windows', 'no SIGSTOP on Windows'] },
      ],
      ['serial-scale: pty tests skipped — no ptys', 'serial-scale: pty tests skipped — no ptys '],
      2,
    );
    expect(lines).toEqual([
      'Skipped: 4 in 2 file(s)',
      '  tests/e2e/loading-errors.spec.ts (1): hangs — no SIGSTOP on Windows',
      '  tests/integration/serial-scale.test.ts (3): a; b; … 1 more',
      'Reasons printed:',
      '  serial-scale: pty tests skipped — no ptys',
    ]);
    expect(skipLines([], ['x: skipped — y'])).toEqual([]);
  });

  it('writes the counts and the list as Markdown for the job summary', () => {
    const md = skipMarkdown({ passed: 5, failed: 0, skipped: 1 }, [{ file: 'f.test.ts', tests: ['t'], notes: [] }], [], 'npm test on win32');
    expect(md).toBe('### npm test on win32\n\n5 passed, 0 failed, 1 skipped\n\n```\nSkipped: 1 in 1 file(s)\n  f.test.ts (1): t\n```\n');
  });

  it('shows each failed test with the last lines it printed, the budget shared between them', () => {
    const trace = Array.from({ length: 50 }, (_, i) => `line ${i + 1}`);
    const lines = failedOutputLines(
      [
        { name: 'a.spec.ts > sells', printed: [trace.join('\n')] },
        { name: 'b.spec.ts > pays', printed: [] },
      ],
      22,
    );
    expect(lines).toEqual([
      'Failed tests, with the last of what each printed:',
      '  ✗ a.spec.ts > sells',
      ...trace.slice(-10).map((l) => `    ${l}`),
      '  ✗ b.spec.ts > pays',
    ]);
    expect(failedOutputLines([])).toEqual([]);
  });

  it('lists a real run’s skips with the reason the file printed, on stdout and in $GITHUB_STEP_SUMMARY', { timeout: 60_000 }, () => {
    const dir = temp.dir();
    writeFileSync(
      join(dir, 'skips.test.mjs'),
      [
        "import { it } from 'vitest';",
        "console.warn('skips: pty tests skipped — this OS has none');",
        "it('runs', () => {});",
        "it.skipIf(true)('needs a pty', () => {});",
        "it('skips itself', (ctx) => ctx.skip('no SIGSTOP here'));",
        '',
      ].join('\n'),
    );
    const summary = join(dir, 'summary.md');
    const run = vitestWithReporter(dir, { GITHUB_STEP_SUMMARY: summary });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      'Tests: 1 passed, 0 failed, 2 skipped\nSkipped: 2 in 1 file(s)\n  skips.test.mjs (2): needs a pty; skips itself — no SIGSTOP here\n',
    );
    expect(run.stdout).toContain('Reasons printed:\n  skips: pty tests skipped — this OS has none\n');
    expect(readFileSync(summary, 'utf8')).toContain(`### npm test on ${process.platform}\n\n1 passed, 0 failed, 2 skipped\n`);
  });

  it('prints again, just before the count, what a real failed test printed last (a CI log read from its end)', { timeout: 60_000 }, () => {
    const dir = temp.dir();
    writeFileSync(
      join(dir, 'fails.test.mjs'),
      [
        "import { it, onTestFailed } from 'vitest';",
        "it('passes and prints', () => console.error('not this one'));",
        "it('fails after a trace', () => {",
        "  onTestFailed(() => console.error(Array.from({ length: 200 }, (_, i) => 'trace ' + (i + 1)).join('\\n')));",
        "  throw new Error('no line came');",
        '});',
        '',
      ].join('\n'),
    );
    const run = vitestWithReporter(dir);
    expect(run.status).toBe(1);
    const tail = run.stdout.slice(run.stdout.lastIndexOf('Failed tests, with the last of what each printed:'));
    expect(tail).toMatch(/^Failed tests, with the last of what each printed:\n  ✗ fails\.test\.mjs > fails after a trace\n    trace 122\n/);
    expect(tail).toContain('    trace 200\n\nTests: 1 passed, 1 failed, 0 skipped\n');
    expect(tail).not.toContain('not this one');
  });
});
