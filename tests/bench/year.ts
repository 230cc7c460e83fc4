/**
 * The generated year of a busy till the benches share (tests/fixtures/year-db.ts, full size:
 * ~1,000,000 documents, ~3,000,000 lines): made once into the temp folder and copied by each run.
 *
 * The cache is named by the schema (the number of migrations and a hash of their names) and by the
 * generator's source, so a new migration or a changed generator makes a new year instead of a
 * benched copy migrated on the fly (a migrated copy keeps the old file's auto_vacuum and spends its
 * run rebuilding what the migration fills). Two benches that need it at once make it once: the
 * second waits on a lock file while the first generates. A year of the same generator under fewer
 * migrations is migrated once into the new schema's cache (its run-time cost is paid once).
 */
import { createHash } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { createCore, type Core } from '../../main/core.js';
import { migrations } from '../../main/db/migrations/index.js';
import { TEST_PASSWORD_COST } from '../fixtures/core.js';
import { generateYearDb, GENERATED_CASHIER_PIN } from '../fixtures/year-db.js';

export const YEAR_SEED = 2026;

export type YearFixture = {
  /** The cached till folder; its kassa.sqlite is never opened by a bench, only copied. */
  readonly dir: string;
  /** A generated cashier's login and password. */
  readonly cashier: string;
  readonly pin: string;
};

const GENERATOR = fileURLToPath(new URL('../fixtures/year-db.ts', import.meta.url));

/** `kassa-bench-year-v<schema>-<hash>-<seed>`: another schema or generator, another folder. */
export function yearCacheName(): string {
  return cacheName(migrations.length);
}

/** The cache name of the year made under the first `count` migrations by this generator. */
function cacheName(count: number): string {
  const hash = createHash('sha256')
    .update(
      migrations
        .slice(0, count)
        .map((m) => `${m.version}:${m.name}`)
        .join('\n'),
    )
    .update('\0')
    .update(readFileSync(GENERATOR))
    .digest('hex')
    .slice(0, 10);
  return `kassa-bench-year-v${count}-${hash}-${YEAR_SEED}`;
}

async function ok(core: Core, method: string, input: unknown = {}): Promise<unknown> {
  const res = await core.router.call(method, input, true);
  if (!res.ok) throw new Error(`${method}: ${res.error.code} ${res.error.message}`);
  return res.value;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** The year of this schema and generator, made now if there is none (minutes). */
export async function yearFolder(): Promise<YearFixture> {
  const dir = join(tmpdir(), yearCacheName());
  const fixture = { dir, cashier: 'gen-cashier-1', pin: GENERATED_CASHIER_PIN };
  const lock = `${dir}.lock`;
  for (;;) {
    if (existsSync(join(dir, 'kassa.sqlite'))) return fixture;
    let fd: number;
    try {
      fd = openSync(lock, 'wx');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(readFileSync(lock, 'utf8'));
      if (holder > 0 && alive(holder)) {
        await sleep(2_000); // another bench is generating it
      } else {
        rmSync(lock, { force: true }); // left by a bench that died mid-way
      }
      continue;
    }
    try {
      writeSync(fd, String(process.pid));
      closeSync(fd);
      if (existsSync(join(dir, 'kassa.sqlite'))) return fixture;
      await generate(dir);
      return fixture;
    } finally {
      unlinkSync(lock);
    }
  }
}

async function generate(dir: string): Promise<void> {
  const making = `${dir}.making`;
  rmSync(making, { recursive: true, force: true });
  mkdirSync(making, { recursive: true });
  // The same generator's year under fewer migrations is migrated once into this schema's cache
  // (seconds for an index) instead of generated again (half an hour on a loaded machine).
  for (let count = migrations.length - 1; count > 0; count--) {
    const older = join(tmpdir(), cacheName(count), 'kassa.sqlite');
    if (!existsSync(older)) continue;
    console.error(`year: migrating ${older} to schema ${migrations.length}`);
    copyFileSync(older, join(making, 'kassa.sqlite'));
    const migrated = createCore({ dataDir: making, log: () => {}, passwordCost: TEST_PASSWORD_COST });
    try {
      migrated.ctx.db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      migrated.close();
    }
    renameSync(making, dir);
    return;
  }
  console.error(`year: generating ${dir} (minutes)`);
  const core = createCore({ dataDir: making, log: () => {}, passwordCost: TEST_PASSWORD_COST });
  let summary: ReturnType<typeof generateYearDb>;
  try {
    await ok(core, 'setup.enterPin', { pin: '1234' });
    summary = generateYearDb(core.ctx.db, { size: 'full', seed: YEAR_SEED });
    core.ctx.db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    core.close();
  }
  console.error(`year: ${summary.documents} documents, ${summary.lines} lines, ${summary.shifts} shifts, generated in ${Math.round(summary.ms / 1000)} s`);
  renameSync(making, dir);
}

/** Copies the year's database into a till folder (made if missing) for one run. */
export function copyYear(year: YearFixture, toDir: string): void {
  mkdirSync(toDir, { recursive: true });
  copyFileSync(join(year.dir, 'kassa.sqlite'), join(toDir, 'kassa.sqlite'));
}
