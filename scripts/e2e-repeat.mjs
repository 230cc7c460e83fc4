// `npm run test:e2e:repeat -- [--times N] [--load K] [--no-build] [-- vitest args]`: builds once,
// then runs the whole E2E project N times in a row (default 10), optionally with K busy-loop
// processes loading the CPU alongside (default 0). One line per run, a summary at the end; the exit
// code is 1 if any run failed. Each run's full output is kept in tests/e2e/artifacts/repeat/.
// `--no-build` runs against the dist/ already there: only after a fresh `npm run build`.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const onWindows = process.platform === 'win32';

const { values, positionals } = parseArgs({
  options: {
    times: { type: 'string', default: '10' },
    load: { type: 'string', default: '0' },
    'no-build': { type: 'boolean', default: false },
  },
  allowPositionals: true,
});
const whole = (flag, text, min) => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) {
    console.error(`--${flag} must be a whole number ≥ ${min}, got "${text}"`);
    process.exit(2);
  }
  return n;
};
const times = whole('times', values.times, 1);
const load = whole('load', values.load, 0);

/** Runs a command; resolves with its exit code. Output goes to the terminal, or to `log` when given. */
function run(command, args, { log, shell = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, shell, stdio: log ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    if (log) {
      child.stdout.pipe(log, { end: false });
      child.stderr.pipe(log, { end: false });
    }
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

if (values['no-build']) {
  console.log('--no-build: running the dist/ that is there — it must come from a fresh `npm run build`.');
} else {
  // npm is npm.cmd on Windows, which Node only spawns through a shell.
  const built = await run('npm', ['run', 'build'], { shell: onWindows });
  if (built !== 0) process.exit(built);
}

// The load: K processes spinning on the CPU until the last run ends.
const spinners = Array.from({ length: load }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
const stopSpinners = () => {
  for (const s of spinners) if (s.exitCode === null && s.signalCode === null) s.kill();
};
process.on('exit', stopSpinners);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopSpinners();
    process.exit(130);
  });
}

const logs = join(root, 'tests/e2e/artifacts/repeat');
mkdirSync(logs, { recursive: true });
const vitest = join(root, 'node_modules/vitest/vitest.mjs');
const SUMMARY = /Tests: (\d+) passed, (\d+) failed, (\d+) skipped/;
const stamp = new Date().toISOString().replace(/[:.]/g, '-');

console.log(`E2E ×${times}${load ? `, with ${load} busy-loop process${load > 1 ? 'es' : ''} alongside` : ''}`);
const results = [];
for (let i = 1; i <= times; i++) {
  const file = join(logs, `${stamp}-run-${i}.log`);
  const log = createWriteStream(file);
  const started = Date.now();
  const code = await run(process.execPath, [vitest, 'run', '--project', 'e2e', ...positionals], { log });
  await new Promise((resolve) => log.end(resolve));
  const seconds = (Date.now() - started) / 1000;
  // Without the colours vitest writes even into a file.
  const text = readFileSync(file, 'utf8').replace(/\x1b\[[0-9;]*m/g, '');
  const m = SUMMARY.exec(text);
  const [passed, failed, skipped] = m ? m.slice(1).map(Number) : [0, 0, 0];
  // A file that fails to load counts no test as failed, but vitest still exits non-zero.
  const green = code === 0 && failed === 0 && m !== null;
  results.push({ passed, failed, skipped, seconds, green });
  console.log(
    `run ${i}/${times}: ${green ? 'green' : 'RED'} — ${passed} passed, ${failed} failed, ${skipped} skipped, ${seconds.toFixed(1)} s${green ? '' : ` (exit ${code}; ${file})`}`,
  );
  if (!green) {
    const failing = text
      .split('\n')
      .filter((l) => /FAIL|×|✗|Error:/.test(l))
      .slice(0, 15);
    for (const l of failing) console.log(`    ${l.trim()}`);
  }
}
stopSpinners();

const red = results.filter((r) => !r.green).length;
const sum = (k) => results.reduce((s, r) => s + r[k], 0);
const secs = results.map((r) => r.seconds);
console.log(
  `summary: ${times} run${times > 1 ? 's' : ''}, ${times - red} green, ${red} red; tests ${sum('passed')} passed, ${sum('failed')} failed, ${sum('skipped')} skipped; ` +
    `${Math.min(...secs).toFixed(1)}–${Math.max(...secs).toFixed(1)} s a run, ${(sum('seconds') / times).toFixed(1)} s on average${load ? `, load ${load}` : ''}`,
);
process.exit(red > 0 ? 1 : 0);
