/**
 * SIGKILL during a cleanup (issue 13; the other kill tests: maintenance-kill-*.test.ts), at random moments, 20 times each:
 * the till's database stays whole (integrity_check ok, references ok), no document is lost, and it
 * is the old database or the new one — never a mix. The work runs in kassa-admin processes
 * (dist/main/admin.js) over copies of one prepared data folder.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cashierReady, makeTill } from '../fixtures/core.js';
import { seededRandom } from '../fixtures/seeded-random.js';
import { admin, days, keysOf } from '../fixtures/admin-kill.js';

const KILLS = 20;

describe('SIGKILL during cleanup', () => {
  let root: string;
  let base: string;
  let keysA: string[];
  const random = seededRandom(13);

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'kassa-kill-'));
    base = join(root, 'base');
    for (const [dir, dayList] of [[base, ['2026-10-01', '2026-10-02', '2026-10-03']]] as const) {
      mkdirSync(dir);
      let now = Date.parse(`${dayList[0]}T09:00:00`);
      const till = makeTill({ dataDir: dir, clock: () => new Date(now) });
      await cashierReady(till);
      await days(till, (iso) => (now = Date.parse(iso)), dayList);
      till.close();
    }
    keysA = keysOf(join(base, 'kassa.sqlite'));
  }, 120_000);
  afterAll(() => rmSync(root, { recursive: true, force: true, maxRetries: 10 }));

  const copyOfBase = (i: number, what: string) => {
    const dir = join(root, `${what}-${i}`);
    cpSync(base, dir, { recursive: true });
    return dir;
  };

  it(`cleanup: ${KILLS} kills remove whole documents only, and never a kept shift`, async () => {
    const full = await admin(copyOfBase(0, 'cleanup'), ['cleanup', '--to', '2026-10-02', '--yes'], null);
    expect(full.code).toBe(0);
    const shift3 = keysA.slice(-keysA.length / 3);
    for (let i = 1; i <= KILLS; i++) {
      const dir = copyOfBase(i, 'cleanup');
      await admin(dir, ['cleanup', '--to', '2026-10-02', '--yes'], random.int(0, full.ms));
      const keys = keysOf(join(dir, 'kassa.sqlite'));
      // What is left is a subset of the old documents, always with the whole of shift 3.
      expect(keys.every((k) => keysA.includes(k))).toBe(true);
      expect(keys.slice(-shift3.length)).toEqual(shift3);
      rmSync(dir, { recursive: true, force: true, maxRetries: 10 });
    }
  }, 60_000);
});
