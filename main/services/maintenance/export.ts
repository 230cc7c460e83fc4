/**
 * «Экспорт БД»: a consistent snapshot taken while the till sells, zipped with its manifest and
 * written to a storage target atomically (a half-written archive never has its final name).
 */
import { rmSync, statSync } from 'node:fs';
import { KassaError } from '../../domain/errors.js';
import type { StorageTarget } from '../../storage/index.js';
import { audit } from '../audit.js';
import type { Ctx } from '../context.js';
import { ARCHIVE_FOLDER, archiveName, describeSnapshot, type ArchiveManifest, type Progress, zipArchive } from './archive.js';
import { workFile } from './files.js';

export type ExportResult = { readonly path: string; readonly where: string; readonly bytes: number; readonly manifest: Omit<ArchiveManifest, 'files'>; readonly removed: readonly string[] };

export type ExportOptions = {
  readonly onProgress?: Progress | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Keep only this many archives of this till on the target (older ones are removed after the new one is written). */
  readonly keepLast?: number | undefined;
  /** Who asked: the admin's screen, the schedule, the command line (for the journal). */
  readonly by?: 'admin' | 'schedule' | 'cli' | undefined;
};

/** Pages copied per step of the online backup: each step holds the connection ~1 ms, sales go on between steps. */
const PAGES_PER_STEP = 256;

export async function exportDatabase(ctx: Pick<Ctx, 'db' | 'clock' | 'session'>, target: StorageTarget, options: ExportOptions = {}): Promise<ExportResult> {
  const at = ctx.clock();
  const snapshot = workFile(ctx.db, `export-${process.pid}-${at.getTime()}.sqlite`);
  try {
    // SQLite's online backup on the till's own connection: a sale written meanwhile goes into the
    // copy too (no restart), and between steps the event loop serves the cashier.
    await ctx.db.backup(snapshot, {
      progress: ({ totalPages, remainingPages }) => {
        if (options.signal?.aborted) throw new KassaError('CONFLICT', 'Экспорт отменён');
        options.onProgress?.('snapshot', totalPages - remainingPages, totalPages);
        return PAGES_PER_STEP;
      },
    });
    const manifest = describeSnapshot(snapshot, at.toISOString());
    const path = archiveName(manifest.till, at);
    let bytes = 0;
    const zip = zipArchive(snapshot, manifest, options.onProgress, options.signal);
    zip.on('data', (c: Buffer) => (bytes += c.length));
    try {
      await target.write(path, zip);
    } catch (err) {
      if (err instanceof KassaError) throw err;
      throw new KassaError('STORAGE_ERROR', `Архив не записан (${target.where}): ${err instanceof Error ? err.message : String(err)}`);
    }
    const removed = options.keepLast ? await keepLast(target, path, options.keepLast) : [];
    const details = { path, where: target.where, bytes, documents: manifest.documents, shifts: manifest.shifts.count, by: options.by ?? 'admin', removed };
    ctx.db.transaction(() => {
      ctx.db.run("INSERT INTO maintenance_log (at, kind, details) VALUES (?, 'export', ?)", ctx.clock().toISOString(), JSON.stringify(details));
      audit(ctx, 'maintenance.export', details);
    })();
    return { path, where: target.where, bytes, manifest, removed };
  } finally {
    rmSync(snapshot, { force: true });
  }
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

/** Bytes of the database file and its WAL: what an export will read. */
export function databaseBytes(db: Pick<Ctx, 'db'>['db']): number {
  const size = (f: string) => {
    try {
      return statSync(f).size;
    } catch {
      return 0;
    }
  };
  return size(db.name) + size(`${db.name}-wal`);
}
