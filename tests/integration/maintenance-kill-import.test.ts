/**
 * SIGKILL during an import (issue 13; the other kill tests: maintenance-kill-*.test.ts), at random moments, 20 times each:
 * the till's database stays whole (integrity_check ok, references ok), no document is lost, and it
 * is the old database or the new one — never a mix. The work runs in kassa-admin processes
 * (dist/main/admin.js) over copies of one prepared data folder.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cashierReady, makeTill } from '../fixtures/core.js';
import { seededRandom } from '../fixtures/seeded-random.js';
import { admin, days, keysOf } from '../fixtures/admin-kill.js';

const KILLS = 20;

describe('SIGKILL during import', () => {
  let root: string;
  let base: string;
  let other: string;
  let archive: string;
  let keysA: string[];
  let keysB: string[];
  const random = seededRandom(13);

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'kassa-kill-'));
    base = join(root, 'base');
    other = join(root, 'other');
    for (const [dir, dayList] of [
      [base, ['2026-10-01', '2026-10-02', '2026-10-03']],
      [other, ['2026-09-01']],
    ] as const) {
      mkdirSync(dir);
      let now = Date.parse(`${dayList[0]}T09:00:00`);
      const till = makeTill({ dataDir: dir, clock: () => new Date(now) });
      await cashierReady(till);
      await days(till, (iso) => (now = Date.parse(iso)), dayList);
      till.close();
    }
    keysA = keysOf(join(base, 'kassa.sqlite'));
    keysB = keysOf(join(other, 'kassa.sqlite'));
    const flash = join(root, 'flash');
    mkdirSync(flash);
    expect((await admin(other, ['export', '--to', flash], null)).code).toBe(0);
    archive = join(flash, 'kassa-archives', readdirSync(join(flash, 'kassa-archives'))[0]!);
  }, 120_000);
  afterAll(() => rmSync(root, { recursive: true, force: true, maxRetries: 10 }));

  const copyOfBase = (i: number, what: string) => {
    const dir = join(root, `${what}-${i}`);
    cpSync(base, dir, { recursive: true });
    return dir;
  };

  it(`import: ${KILLS} kills leave the old database or the new one, whole`, async () => {
    const full = await admin(copyOfBase(0, 'import'), ['import', archive, '--transfer'], null);
    expect(full.code).toBe(0);
    const seen = { old: 0, new: 0 };
    for (let i = 1; i <= KILLS; i++) {
      const dir = copyOfBase(i, 'import');
      await admin(dir, ['import', archive, '--transfer'], random.int(0, full.ms));
      const keys = keysOf(join(dir, 'kassa.sqlite'));
      if (keys.length === keysA.length) expect(keys).toEqual(keysA);
      else expect(keys).toEqual(keysB);
      seen[keys.length === keysA.length ? 'old' : 'new']++;
      rmSync(dir, { recursive: true, force: true, maxRetries: 10 });
    }
    expect(seen.old + seen.new).toBe(KILLS);
  }, 60_000);
});
