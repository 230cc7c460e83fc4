/**
 * «Импорт БД»: list the archives on a target, check one (checksums, integrity, schema), and put it in
 * place of the till's database — only with the shift closed and the СКО queue empty, another till's
 * archive only when the admin says in so many words that the till moves to this PC. The download
 * and checks run in a worker thread; the current database is copied aside first; the file is
 * swapped by one rename while the core is closed.
 */
import { closeSync, existsSync, fsyncSync, openSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { Sqlite } from '../../db/driver.js';
import type { StorageEntry } from '../../../preload/contract/index.js';
import { openDatabase, type Db } from '../../db/database.js';
import { migrations } from '../../db/migrations/index.js';
import { KassaError } from '../../domain/errors.js';
import { replaceFileSync } from '../../fs/replace-file.js';
import type { StorageTarget } from '../../storage/index.js';
import type { JobCtx } from '../../tasks/job.js';
import { audit } from '../audit.js';
import type { Ctx } from '../context.js';
import { ARCHIVE_FOLDER, checkDatabaseFile, checkSchema, sameTill, tillIdentity, unpackArchive, type ArchiveManifest, type Progress } from './archive.js';
import { jobProgress, openAccess, recordMaintenance, type TargetAccess } from './export.js';
import { foldWal, removeDatabaseFiles, workFile } from './files.js';

/** What the admin types to take another till's archive: the till moves to this PC. */
export const TRANSFER_WORD = 'ПЕРЕНОС';
const INCOMING = 'import-incoming.sqlite';
const SAFETY_COPY_PAGES = 4096;

export async function listArchives(target: StorageTarget): Promise<StorageEntry[]> {
  const entries = await target.list(`${ARCHIVE_FOLDER}/`).catch((err: unknown) => {
    if (err instanceof KassaError && err.code === 'NOT_FOUND') return [];
    throw err;
  });
  return entries.filter((e) => !e.folder && e.name.endsWith('.zip')).sort((a, b) => b.name.localeCompare(a.name));
}

export type ArchiveCheck = {
  readonly manifest: ArchiveManifest;
  /** Made on this till (same registration number, or the same installation when there is none). */
  readonly sameTill: boolean;
  /** The schema is older: the import migrates it. */
  readonly migrates: boolean;
};

export type CheckInput = TargetAccess & {
  readonly path: string;
  /** Keep the unpacked database, brought up to this program's schema, for the swap. */
  readonly keep: boolean;
};

/** The worker's part: download, unpack, compare checksums, integrity_check; for an import also migrate the copy. */
export async function checkJob(job: JobCtx, input: CheckInput): Promise<ArchiveCheck> {
  return checkArchive(job.db, openAccess(input), input.path, { keep: input.keep, onProgress: jobProgress(job), signal: job.signal });
}

export async function checkArchive(
  db: Db,
  target: StorageTarget,
  path: string,
  options: { keep: boolean; onProgress?: Progress | undefined; signal?: AbortSignal | undefined },
): Promise<ArchiveCheck> {
  const file = workFile(db, options.keep ? INCOMING : `check-${process.pid}-${Date.now()}.sqlite`);
  removeDatabaseFiles(file);
  let manifest: ArchiveManifest;
  try {
    manifest = await unpackArchive(await target.read(path), file, options.onProgress, options.signal);
  } catch (err) {
    removeDatabaseFiles(file);
    throw err;
  }
  try {
    if (options.keep) {
      // An older schema is brought up to this program's now, on the copy, not on the till; the
      // migrated file is checked whole again. One of this schema was checked by the unpack (a
      // second integrity_check of a year's file took minutes): its version is all there is to see.
      openDatabase(file).close();
      if (manifest.schemaVersion < migrations.length) checkDatabaseFile(file, migrations.length);
      else checkSchema(file, migrations.length);
    }
  } catch (err) {
    removeDatabaseFiles(file);
    if (err instanceof KassaError) throw err;
    throw new KassaError('VALIDATION', `Базу данных из архива не удалось обновить до этой версии программы: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    if (!options.keep) removeDatabaseFiles(file);
  }
  // The checks' read-only connection leaves empty -wal/-shm beside the kept copy; the swap renames the main file only.
  if (options.keep) foldWal(file);
  return { manifest, sameTill: sameTill(manifest.till, tillIdentity(db)), migrates: manifest.schemaVersion < migrations.length };
}

/** Why the database cannot be replaced now (what would be lost), or null. */
export function importBlocker(ctx: Pick<Ctx, 'db'>): KassaError | null {
  if (ctx.db.value<number>('SELECT count(*) FROM shifts WHERE closed_at IS NULL')! > 0) {
    return new KassaError('SHIFT_OPEN', 'Смена открыта: закройте её (Z-отчёт), затем импортируйте базу — иначе документы смены пропадут');
  }
  const unsent = ctx.db.value<number>('SELECT count(*) FROM outbox WHERE delivered_at IS NULL')!;
  if (unsent > 0) {
    return new KassaError('CONFLICT', `В очереди СКО ${unsent} неотправленных документов: дождитесь отправки, иначе они пропадут`, { unsent });
  }
  const parked = ctx.db.value<number>('SELECT count(*) FROM parked_checks')! + ctx.db.value<number>('SELECT count(*) FROM open_check_lines')!;
  if (parked > 0) return new KassaError('CONFLICT', 'Есть открытый или отложенный чек: завершите или отмените его, затем импортируйте базу');
  return null;
}

/** Checks an archive without touching the till (the manifest for the admin to read). */
export async function inspectArchive(ctx: Ctx, access: TargetAccess, path: string): Promise<ArchiveCheck> {
  return ctx.tasks.run('maintenance.check', { ...access, path, keep: false }, { label: 'Проверка архива' }).done;
}

export type ImportOptions = {
  /** Another till's archive: the admin typed TRANSFER_WORD. */
  readonly confirmTransfer?: string | undefined;
  readonly by?: 'admin' | 'cli' | undefined;
};

export type ImportResult = { readonly manifest: ArchiveManifest; readonly safetyCopy: string; readonly transferred: boolean };

/**
 * Puts the archive's database in place of the till's. Needs `ctx.restart` (a host, or the command
 * line, that can close and reopen the core). Nothing changes until the one rename; a kill before
 * it leaves the old database, after it the new one.
 */
export async function importArchive(ctx: Ctx, access: TargetAccess & { where: string }, path: string, options: ImportOptions = {}): Promise<ImportResult> {
  const restart = ctx.restart;
  if (!restart) throw new KassaError('CONFLICT', 'Импорт здесь невозможен: касса не умеет перезапуститься');
  const blocked = importBlocker(ctx);
  if (blocked) throw blocked;
  const dbFile = ctx.db.name;
  const incoming = workFile(ctx.db, INCOMING);
  try {
    const check = await ctx.tasks.run(
      'maintenance.check',
      { connection: access.connection, password: access.password, timeoutMs: access.timeoutMs, path, keep: true },
      { label: 'Импорт базы данных' },
    ).done;
    const transferred = !check.sameTill;
    if (transferred && options.confirmTransfer !== TRANSFER_WORD) {
      const whose = check.manifest.till.registrationNumber ? `регистрационный номер ${check.manifest.till.registrationNumber}` : 'учебная касса другого компьютера';
      throw new KassaError(
        'CONFIRM_REQUIRED',
        `Это архив другой кассы (${whose}). Если кассу переносят на этот компьютер, подтвердите перенос: введите слово ${TRANSFER_WORD}`,
        { transfer: true, registrationNumber: check.manifest.till.registrationNumber },
      );
    }
    const again = importBlocker(ctx); // a shift may have opened while the archive downloaded
    if (again) throw again;
    const safetyCopy = workFile(ctx.db, `before-import-${ctx.clock().toISOString().replace(/[-:.]/g, '')}.sqlite`);
    // 16 MB a step: a year's file in a few hundred steps (100 pages, the default, took thousands), each short for the till's thread.
    await ctx.db.backup(safetyCopy, { progress: () => SAFETY_COPY_PAGES });
    const details = {
      path,
      where: access.where,
      transferred,
      schema: check.manifest.schemaVersion,
      documents: check.manifest.documents,
      shifts: check.manifest.shifts.count,
      safetyCopy,
      by: options.by ?? 'admin',
    };
    ctx.db.transaction(() => audit(ctx, 'maintenance.import.started', details))();
    const fresh = await restart(() => swapDatabase(dbFile, incoming));
    recordMaintenance(fresh, 'import', details);
    return { manifest: check.manifest, safetyCopy, transferred };
  } finally {
    removeDatabaseFiles(incoming);
  }
}

/**
 * With the core closed: the old file's WAL folded in and gone (a stale WAL must never meet the new
 * file), then one rename — atomic on every file system the till uses (tried again while Windows
 * reports the file held) — and the folder synced.
 */
export function swapDatabase(dbFile: string, incoming: string): void {
  if (!existsSync(incoming)) throw new KassaError('NOT_FOUND', 'Проверенная база из архива пропала: повторите импорт');
  if (existsSync(`${dbFile}-wal`)) {
    const old = new Sqlite(dbFile);
    old.pragma('wal_checkpoint(TRUNCATE)');
    old.close();
  }
  rmSync(`${dbFile}-wal`, { force: true });
  rmSync(`${dbFile}-shm`, { force: true });
  foldWal(incoming);
  const fd = openSync(incoming, 'r+');
  fsyncSync(fd);
  closeSync(fd);
  replaceFileSync(incoming, dbFile); // Windows: the antivirus may still hold the file just written
  syncFolder(dirname(dbFile));
}

function syncFolder(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    fsyncSync(fd);
    closeSync(fd);
  } catch {
    // Windows cannot open a folder for fsync; NTFS journals the rename itself.
  }
}
