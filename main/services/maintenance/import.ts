/**
 * «Импорт БД»: list the archives on a target, check one (checksums, integrity, schema), and put it in
 * place of the till's database — only with the shift closed and the СКО queue empty, another till's
 * archive only when the admin says in so many words that the till moves to this PC. The current
 * database is copied aside first; the file is swapped by one rename while the core is closed.
 */
import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type { StorageEntry } from '../../../preload/contract/index.js';
import { openDatabase } from '../../db/database.js';
import { migrations } from '../../db/migrations/index.js';
import { KassaError } from '../../domain/errors.js';
import type { StorageTarget } from '../../storage/index.js';
import { audit } from '../audit.js';
import type { Ctx } from '../context.js';
import { ARCHIVE_FOLDER, checkDatabaseFile, sameTill, tillIdentity, unpackArchive, type ArchiveManifest, type Progress } from './archive.js';
import { workFile } from './files.js';

/** What the admin types to take another till's archive: the till moves to this PC. */
export const TRANSFER_WORD = 'ПЕРЕНОС';

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

type CheckOptions = { readonly onProgress?: Progress | undefined; readonly signal?: AbortSignal | undefined };

/** Downloads and checks an archive; `keepAs`: where its database stays (else it is removed after the check). */
export async function checkArchive(ctx: Pick<Ctx, 'db'>, target: StorageTarget, path: string, options: CheckOptions & { keepAs?: string } = {}): Promise<ArchiveCheck> {
  const file = options.keepAs ?? workFile(ctx.db, `check-${process.pid}-${Date.now()}.sqlite`);
  const manifest = await unpackArchive(await target.read(path), file, options.onProgress, options.signal);
  if (!options.keepAs) rmSync(file, { force: true });
  return { manifest, sameTill: sameTill(manifest.till, tillIdentity(ctx.db)), migrates: manifest.schemaVersion < migrations.length };
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

export type ImportOptions = CheckOptions & {
  /** Another till's archive: the admin typed TRANSFER_WORD. */
  readonly confirmTransfer?: string | undefined;
  readonly by?: 'admin' | 'cli' | undefined;
};

export type ImportResult = { readonly manifest: ArchiveManifest; readonly safetyCopy: string; readonly transferred: boolean };

/**
 * Puts the archive's database in place of the till's. Needs `ctx.restart` (a host or the command
 * line that can close and reopen the core). Nothing changes until the one rename; a kill before it
 * leaves the old database, after it the new one.
 */
export async function importArchive(ctx: Ctx, target: StorageTarget, path: string, options: ImportOptions = {}): Promise<ImportResult> {
  const restart = ctx.restart;
  if (!restart) throw new KassaError('CONFLICT', 'Импорт здесь невозможен: касса не умеет перезапуститься');
  const blocked = importBlocker(ctx);
  if (blocked) throw blocked;
  const dbFile = ctx.db.name;
  const incoming = workFile(ctx.db, 'import-incoming.sqlite');
  rmSync(`${incoming}-wal`, { force: true });
  rmSync(`${incoming}-shm`, { force: true });
  const check = await checkArchive(ctx, target, path, { ...options, keepAs: incoming });
  try {
    const transferred = !check.sameTill;
    if (transferred && options.confirmTransfer !== TRANSFER_WORD) {
      const whose = check.manifest.till.registrationNumber || 'учебной кассы с другого компьютера';
      throw new KassaError(
        'CONFIRM_REQUIRED',
        `Архив другой кассы (${whose}). Если кассу переносят на этот компьютер, подтвердите перенос: введите слово ${TRANSFER_WORD}`,
        { transfer: true, registrationNumber: check.manifest.till.registrationNumber },
      );
    }
    // An older schema is brought up to this program's now, on the copy, not on the till.
    openDatabase(incoming).close();
    checkDatabaseFile(incoming, migrations.length);
    const again = importBlocker(ctx); // a shift may have opened while the archive downloaded
    if (again) throw again;
    const safetyCopy = workFile(ctx.db, `before-import-${ctx.clock().toISOString().replace(/[-:.]/g, '')}.sqlite`);
    await ctx.db.backup(safetyCopy);
    const details = { path, where: target.where, transferred, schema: check.manifest.schemaVersion, documents: check.manifest.documents, safetyCopy, by: options.by ?? 'admin' };
    ctx.db.transaction(() => audit(ctx, 'maintenance.import.started', details))();
    options.onProgress?.('swap', 0, 1);
    const fresh = await restart(() => swapDatabase(dbFile, incoming));
    options.onProgress?.('swap', 1, 1);
    recordImport(fresh, details);
    return { manifest: check.manifest, safetyCopy, transferred };
  } finally {
    rmSync(incoming, { force: true });
  }
}

/**
 * With the core closed: the old file's WAL folded in and gone (a stale WAL must never meet the new
 * file), then one rename — atomic on every file system the till uses — and the folder synced.
 */
export function swapDatabase(dbFile: string, incoming: string): void {
  if (existsSync(`${dbFile}-wal`)) {
    const old = new Database(dbFile);
    old.pragma('wal_checkpoint(TRUNCATE)');
    old.close();
  }
  rmSync(`${dbFile}-wal`, { force: true });
  rmSync(`${dbFile}-shm`, { force: true });
  const fd = openSync(incoming, 'r+');
  fsyncSync(fd);
  closeSync(fd);
  renameSync(incoming, dbFile);
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

/** After the restart, in the new database: the journal says what came in and from where. */
export function recordImport(ctx: Pick<Ctx, 'db' | 'clock' | 'session'>, details: Record<string, unknown>): void {
  ctx.db.transaction(() => {
    ctx.db.run("INSERT INTO maintenance_log (at, kind, details) VALUES (?, 'import', ?)", ctx.clock().toISOString(), JSON.stringify(details));
    audit(ctx, 'maintenance.import', details);
  })();
}

export const safetyFolder = (dbFile: string) => join(dirname(dbFile), 'maintenance');
