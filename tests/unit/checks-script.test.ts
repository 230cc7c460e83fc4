/**
 * `npm test` runs its checks at once through scripts/checks.mjs: every part of `npm run
 * typecheck`, `npm run lint` and `npm run build` is among its steps (read from package.json, so a
 * part added there is run too), and a failing step fails the run.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../fixtures/temp-dir.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const tmp = useTempDir('kassa-checks-');

function checks(root: string, ...args: string[]) {
  return spawnSync(process.execPath, [join(root, 'scripts', 'checks.mjs'), ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
}

describe('npm test’s checks', () => {
  it('come between the preflight and vitest', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.test).toBe('node scripts/preflight.mjs && node scripts/checks.mjs && vitest run');
  });

  it('are the typecheck, each part of the lint, and the build', () => {
    const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const listed = checks(ROOT, '--list').stdout.trim().split('\n');
    const wanted = [scripts.typecheck!, scripts.build!, ...scripts.lint!.split('&&').map((s) => s.trim())];
    expect([...listed].sort()).toEqual([...wanted].sort());
  });

  /** A project whose package.json scripts are the given commands, with this repo's checks.mjs. */
  function project(scripts: Record<string, string>): string {
    const root = join(tmp.dir(), 'project');
    mkdirSync(join(root, 'scripts'), { recursive: true });
    copyFileSync(join(ROOT, 'scripts', 'checks.mjs'), join(root, 'scripts', 'checks.mjs'));
    writeFileSync(join(root, 'package.json'), JSON.stringify({ type: 'module', scripts }));
    return root;
  }
  const node = (code: string) => `node -e "${code}"`;

  it('run every step to its end and fail when one fails, naming it and printing its output', () => {
    const root = project({
      typecheck: node("console.log('types fine')"),
      lint: `${node("console.error('lint says no'); process.exit(3)")} && ${node("console.log('format fine')")}`,
      build: node("console.log('built')"),
    });
    const run = checks(root);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('types fine');
    expect(run.stdout).toContain('format fine');
    expect(run.stdout).toContain('built');
    expect(run.stdout).toContain('lint says no');
    expect(run.stdout).toMatch(/checks: 3 of 4 passed .*failed: node -e/);
  });

  it('pass when every step passes', () => {
    const root = project({ typecheck: node('1'), lint: `${node('1')} && ${node('1')}`, build: node('1') });
    const run = checks(root);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('checks: 4 of 4 passed');
  });
});
