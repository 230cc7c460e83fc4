/**
 * SIGKILL during an export (issue 13; the other kill tests: maintenance-kill-*.test.ts), at random moments, 20 times each:
 * the till's database stays whole (integrity_check ok, references ok), no document is lost, and it
 * is the old database or the new one — never a mix. The work runs in kassa-admin processes
 * (dist/main/admin.js) over copies of one prepared data folder.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unpackArchive } from '../../main/services/maintenance/archive.js';
import { createReadStream } from 'node:fs';
import { cashierReady, makeTill } from '../fixtures/core.js';
import { seededRandom } from '../fixtures/seeded-random.js';
import { admin, days, keysOf } from '../fixtures/admin-kill.js';

const KILLS = 20;

describe('SIGKILL during export', () => {
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

  it(`export: ${KILLS} kills leave the database as it was and no archive that does not check out`, async () => {
    const dir = copyOfBase(0, 'export');
    const flash = join(root, 'export-flash');
    mkdirSync(flash);
    const full = await admin(dir, ['export', '--to', flash], null);
    expect(full.code).toBe(0);
    for (let i = 1; i <= KILLS; i++) await admin(dir, ['export', '--to', flash], random.int(0, full.ms));
    expect(keysOf(join(dir, 'kassa.sqlite'))).toEqual(keysA);
    const folder = join(flash, 'kassa-archives');
    for (const name of readdirSync(folder).filter((n) => n.endsWith('.zip'))) {
      const scratch = join(root, 'verify.sqlite');
      const manifest = await unpackArchive(createReadStream(join(folder, name)), scratch);
      expect(manifest.documents).toBe(keysA.length);
      rmSync(scratch, { force: true });
    }
    expect(existsSync(folder)).toBe(true);
  }, 60_000);
});
