/**
 * The layering rules of ARCHITECTURE.md bite: a tree that breaks each of them is refused by the
 * same dependency-cruiser config and ESLint config that `npm test` runs on the real code.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The folders `npm run lint` cruises; a tree holds those its case needs. */
const LAYERS = ['common', 'main', 'preload', 'renderer'];

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kassa-layers-'));
  for (const [path, text] of Object.entries({ 'tsconfig.json': '{"compilerOptions":{"allowJs":true}}', ...files })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

function violations(dir: string): string[] {
  let out: string;
  try {
    out = execFileSync(
      process.execPath,
      [
        join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'),
        ...LAYERS.filter((d) => existsSync(join(dir, d))),
        '--config',
        join(ROOT, '.dependency-cruiser.cjs'),
        '--output-type',
        'json',
      ],
      { cwd: dir, encoding: 'utf8' },
    );
  } catch (err) {
    out = (err as { stdout: string }).stdout;
  }
  const result = JSON.parse(out) as { summary: { violations: { rule: { name: string }; from: string; to: string }[] } };
  return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
}

describe('dependency-cruiser layering', () => {
  it('passes a tree that keeps to the layers', () => {
    const dir = tree({
      'common/money.ts': 'export const formatMoney = 1;\n',
      'common/access.ts': "import { formatMoney } from './money';\nexport const verdict = formatMoney;\n",
      'preload/contract/shapes.ts': "import { verdict } from '../../common/access';\nexport const x = verdict;\n",
      'preload/contract/index.ts': "export { x } from './shapes';\n",
      'main/domain/money.ts':
        "import { x } from '../../preload/contract/index';\nimport { formatMoney } from '../../common/money';\nexport const y = [x, formatMoney];\n",
      'main/services/sale.ts': "import { y } from '../domain/money';\nexport const z = y;\n",
      'renderer/main.tsx': "import { x } from '../preload/contract/index';\nimport { verdict } from '../common/access';\nexport const r = [x, verdict];\n",
    });
    expect(violations(dir)).toEqual([]);
  });

  it('refuses domain importing a service, electron outside the shell, the renderer reaching main, a service calling up, and the contract importing main', () => {
    const dir = tree({
      'preload/contract/sale.ts': "import { z } from '../../main/services/sale';\nexport const x = z;\n",
      'main/services/sale.ts': "import { app } from 'electron';\nexport const z = app;\n",
      'main/domain/money.ts': "import { z } from '../services/sale';\nexport const y = z;\n",
      'main/api/router.ts': 'export const r = 1;\n',
      'main/fiscal/outbox.ts': "import { r } from '../api/router';\nexport const o = r;\n",
      'renderer/main.tsx': "import { z } from '../main/services/sale';\nimport { readFileSync } from 'node:fs';\nexport const q = [z, readFileSync];\n",
    });
    const found = violations(dir);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^domain-is-pure: main\/domain\/money\.ts → main\/services\/sale\.ts/),
        expect.stringMatching(/^electron-only-in-shell: main\/services\/sale\.ts → electron/),
        expect.stringMatching(/^renderer-never-reaches-main: renderer\/main\.tsx → main\/services\/sale\.ts/),
        expect.stringMatching(/^renderer-no-node: renderer\/main\.tsx → /),
        expect.stringMatching(/^layers-point-down: main\/fiscal\/outbox\.ts → main\/api\/router\.ts/),
        expect.stringMatching(/^contract-imports-only-zod: preload\/contract\/sale\.ts → main\/services\/sale\.ts/),
      ]),
    );
  });

  it('refuses common importing main, the renderer, the contract or Node: both sides run it', () => {
    const dir = tree({
      'main/domain/money.ts': 'export const y = 1;\n',
      'renderer/app/ui.ts': 'export const u = 1;\n',
      'preload/contract/index.ts': 'export const x = 1;\n',
      'common/money.ts': "import { y } from '../main/domain/money';\nexport const m = y;\n",
      'common/access.ts': "import { u } from '../renderer/app/ui';\nimport { x } from '../preload/contract/index';\nexport const a = [u, x];\n",
      'common/marking.ts': "import { readFileSync } from 'node:fs';\nexport const k = readFileSync;\n",
      // Naming the contract's types is allowed: erased at build, nothing of the contract runs.
      'common/tables.ts': "import type { x } from '../preload/contract/index';\nexport type T = typeof x;\n",
    });
    const found = violations(dir);
    expect(found.filter((v) => v.includes('common/tables.ts'))).toEqual([]);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^common-is-pure: common\/money\.ts → main\/domain\/money\.ts/),
        expect.stringMatching(/^common-is-pure: common\/access\.ts → renderer\/app\/ui\.ts/),
        expect.stringMatching(/^common-contract-types-only: common\/access\.ts → preload\/contract\/index\.ts/),
        expect.stringMatching(/^common-is-pure: common\/marking\.ts → /),
      ]),
    );
  });
});

describe('ESLint: ipcMain is registered in one file', () => {
  // The project's own config, without type information: the rule under test needs none, and a
  // type-aware program for one snippet costs tens of seconds on a loaded machine.
  const eslint = new ESLint({ cwd: ROOT, overrideConfig: [{ files: ['**/*.ts'], ...tseslint.configs.disableTypeChecked }] });
  const source = "import { ipcMain } from 'electron';\nexport const handle = ipcMain.handle;\n";

  it('refuses ipcMain anywhere but main/host/electron-ipc.ts', async () => {
    const [result] = await eslint.lintText(source, { filePath: join(ROOT, 'main/index.ts') });
    expect(result!.messages.map((m) => m.ruleId)).toContain('no-restricted-imports');
  });

  it('allows it in main/host/electron-ipc.ts', async () => {
    const [result] = await eslint.lintText(source, { filePath: join(ROOT, 'main/host/electron-ipc.ts') });
    expect(result!.messages.filter((m) => m.ruleId === 'no-restricted-imports')).toEqual([]);
  });
});
