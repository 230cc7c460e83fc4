/**
 * «Экспорт БД»: a consistent snapshot taken while the till sells, zipped with its manifest and
 * written to a storage target atomically (a half-written archive never has its final name). The
 * work runs as a task in a worker thread (`maintenance.export`); the till's thread only records it.
 */
import { statSync } from 'node:fs';
import type { StorageConnection } from '../../../preload/contract/index.js';
import type { Db } from '../../db/database.js';
import { KassaError } from '../../domain/errors.js';
import { openTarget, type StorageTarget } from '../../storage/index.js';
import { byteCounter } from '../../storage/target.js';
import { TaskCancelled, type JobCtx } from '../../tasks/job.js';
import { audit } from '../audit.js';
import type { Ctx } from '../context.js';
import { ARCHIVE_FOLDER, archiveName, describeSnapshot, type ArchiveManifest, type Progress, zipArchive } from './archive.js';
import { removeDatabaseFiles, workFile } from './files.js';

export type ExportResult = {
  readonly path: string;
  readonly where: string;
  readonly bytes: number;
  readonly manifest: Omit<ArchiveManifest, 'files'>;
  readonly removed: readonly string[];
};

/** What the worker needs to reach the target: plain data (it crosses the thread boundary). */
export type TargetAccess = {
  readonly connection: StorageConnection;
  readonly password: string | null;
  /** The core's deadline for a silent server (ctx.storage.timeoutMs); absent: the storage default. */
  readonly timeoutMs?: number | undefined;
};

/** The target a worker job opens, with the core's deadline. */
export const openAccess = (access: TargetAccess): StorageTarget => openTarget(access.connection, access.password, access.timeoutMs);

export type ExportInput = TargetAccess & {
  /** Keep only this many archives of this till on the target (older ones go after the new one is written). */
  readonly keepLast?: number | undefined;
};

export const STEP_NOTES: Record<Parameters<Progress>[0], string> = {
  snapshot: 'Снимок базы данных',
  compress: 'Сжатие и запись архива',
  read: 'Чтение архива',
  check: 'Проверка базы данных',
  swap: 'Замена базы данных',
};

/** A job's progress as the archive functions tell it. */
export const jobProgress =
  (job: Pick<JobCtx, 'progress'>): Progress =>
  (step, done, total) =>
    job.progress(done, total, STEP_NOTES[step]);

/**
 * The snapshot, zip and upload, with the job's own connection. The online backup copies in one
 * step once it knows the size: a sale written by the till's connection between small steps would
 * start the copy over, for ever on a busy till; in WAL one step reads a fixed state and blocks no one.
 */
export async function exportJob(job: JobCtx, input: ExportInput): Promise<ExportResult> {
  const target = openAccess(input);
  return exportTo(job.db, target, { at: new Date(job.startedAt), onProgress: jobProgress(job), signal: job.signal, keepLast: input.keepLast });
}

export async function exportTo(
  db: Db,
  target: StorageTarget,
  options: { at: Date; onProgress?: Progress | undefined; signal?: AbortSignal | undefined; keepLast?: number | undefined },
): Promise<ExportResult> {
  const snapshot = workFile(db, `export-${process.pid}-${options.at.getTime()}-${Math.random().toString(36).slice(2, 8)}.sqlite`);
  const stop = new AbortController();
  let making: { readonly done: Promise<void>; destroy(): void } | null = null;
  try {
    await db.backup(snapshot, {
      progress: ({ totalPages, remainingPages }) => {
        options.onProgress?.('snapshot', totalPages - remainingPages, totalPages);
        return Math.max(totalPages, 100);
      },
    });
    const manifest = describeSnapshot(snapshot, options.at.toISOString());
    const path = archiveName(manifest.till, options.at);
    // Counted on the way to the target, not by a 'data' listener: that would set the zip flowing while
    // the target still logs in, and the bytes it let go by would be missing from the upload.
    const zip = zipArchive(snapshot, manifest, options.onProgress, options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal);
    making = zip;
    const counted = byteCounter();
    // A failed zip fails the upload, which says so; unheard here, its error would be uncaught.
    counted.on('error', () => undefined);
    zip.once('error', (err) => counted.destroy(err));
    zip.pipe(counted);
    try {
      await target.write(path, counted);
      await checkWritten(target, path, counted.bytes);
    } catch (err) {
      if (options.signal?.aborted) throw new TaskCancelled();
      if (err instanceof KassaError || err instanceof TaskCancelled) throw err;
      throw new KassaError('STORAGE_ERROR', `Архив не записан (${target.where}): ${err instanceof Error ? err.message : String(err)}`);
    }
    const bytes = counted.bytes;
    const removed = options.keepLast ? await keepLast(target, path, options.keepLast) : [];
    return { path, where: target.where, bytes, manifest, removed };
  } finally {
    // A target that refused early leaves the zip in the making: stopped, and waited for before its
    // snapshot goes — deleted under it, the deflate failed (ENOENT) after the job had ended.
    if (making) {
      stop.abort();
      making.destroy();
      await making.done;
    }
    removeDatabaseFiles(snapshot);
  }
}

/** The archive on the target is as long as the zip made: a short one is removed and refused, never left as if whole. */
async function checkWritten(target: StorageTarget, path: string, bytes: number): Promise<void> {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const stored = (await target.list(path)).find((e) => e.name === name && !e.folder);
  if (stored?.size === bytes) return;
  await target.remove(path).catch(() => undefined);
  throw new KassaError(
    'STORAGE_ERROR',
    `Архив не записан (${target.where}): на хранилище ${stored ? `${stored.size} байт из ${bytes}` : 'его нет'} — передача оборвалась, повторите экспорт`,
  );
}

/** Removes this till's oldest archives beyond `keep` (names sort by time); never the one just written. */
async function keepLast(target: StorageTarget, written: string, keep: number): Promise<string[]> {
  const prefix = written.slice(0, written.lastIndexOf('-', written.lastIndexOf('-') - 1) + 1);
  const ours = (await target.list(`${ARCHIVE_FOLDER}/`))
    .filter((e) => !e.folder && e.path.startsWith(prefix) && e.path.endsWith('.zip'))
    .map((e) => e.path)
    .sort();
  const old = ours.filter((p) => p !== written).slice(0, Math.max(0, ours.length - keep));
  for (const p of old) await target.remove(p);
  return old;
}

/** The journal of maintenance and the audit log, in one transaction of the till's connection. */
export function recordMaintenance(ctx: Pick<Ctx, 'db' | 'clock' | 'session'>, kind: 'export' | 'import' | 'cleanup', details: Record<string, unknown>): void {
  ctx.db.transaction(() => {
    ctx.db.run('INSERT INTO maintenance_log (at, kind, details) VALUES (?, ?, ?)', ctx.clock().toISOString(), kind, JSON.stringify(details));
    audit(ctx, `maintenance.${kind}`, details);
  })();
}

/** Bytes of the database file and its WAL: what an export will read. */
export function databaseBytes(db: Db): number {
  const size = (f: string) => {
    try {
      return statSync(f).size;
    } catch {
      return 0;
    }
  };
  return size(db.name) + size(`${db.name}-wal`);
}
