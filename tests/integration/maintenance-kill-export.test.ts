/**
 * SIGKILL during an export (issue 13; the other kill tests: maintenance-kill-*.test.ts), at random moments, 20 times each:
 * the till's database stays whole (integrity_check ok, references ok), no document is lost, and it
 * is the old database or the new one — never a mix. The work runs in kassa-admin processes
 * (dist/main/admin.js) over copies of one prepared data folder.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unpackArchive } from '../../main/services/maintenance/archive.js';
import { createReadStream } from 'node:fs';
import { cashierReady, loginAs, makeTill, pieceBarcodes, type TestTill } from '../fixtures/core.js';
import { seededRandom } from '../fixtures/seeded-random.js';
import { sellOne } from '../fixtures/sko-till.js';

const CLI = join(process.cwd(), 'dist/main/admin.js');
const KILLS = 20;

/** Runs kassa-admin; kills it after `killAfterMs` (null: lets it finish). Resolves with its exit code (null when killed). */
function admin(dataDir: string, args: readonly string[], killAfterMs: number | null): Promise<{ code: number | null; ms: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, [CLI, '--data-dir', dataDir, '--json', ...args], { stdio: 'ignore' });
  const timer = killAfterMs === null ? null : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  return new Promise((resolve) => child.once('exit', (code) => (timer && clearTimeout(timer), resolve({ code, ms: Date.now() - started }))));
}

function keysOf(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.prepare('SELECT count(*) FROM maintenance_permit').pluck().get()).toBe(0);
    return db.prepare('SELECT idempotency_key FROM documents ORDER BY id').pluck().all() as string[];
  } finally {
    db.close();
  }
}

async function days(till: TestTill, setNow: (iso: string) => void, list: readonly string[]): Promise<void> {
  for (const day of list) {
    setNow(`${day}T09:00:00`);
    await loginAs(till, 'cashier');
    await till.ok('shift.open');
    for (const code of await pieceBarcodes(till, 3)) await sellOne(till, code);
    await till.outbox.drain(10_000);
    await till.ok('shift.zReport', { cashOutAll: true });
    await till.outbox.drain(10_000);
  }
}

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
  afterAll(() => rmSync(root, { recursive: true, force: true }));

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
