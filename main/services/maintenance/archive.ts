/**
 * A database archive: a zip holding a consistent snapshot of the till's SQLite file and a
 * manifest (app and schema version, which till, which shifts, how many documents, the SHA-256 of
 * every file). Written and read as streams, so a large database never sits in memory; fflate's
 * async deflate and inflate run on its own worker threads, off the till's main thread.
 */
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, fsyncSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { PassThrough, type Readable } from 'node:stream';
import Database from 'better-sqlite3';
import { AsyncUnzipInflate, AsyncZipDeflate, Unzip, Zip, strToU8 } from 'fflate';
import { z } from 'zod';
import pkg from '../../../package.json' with { type: 'json' };
import { migrations } from '../../db/migrations/index.js';
import { KassaError } from '../../domain/errors.js';

export const APP_VERSION: string = pkg.version;
export const DB_ENTRY = 'kassa.sqlite';
export const MANIFEST_ENTRY = 'manifest.json';
/** Archives live in this folder of a target; their names sort by time. */
export const ARCHIVE_FOLDER = 'kassa-archives';

export const ArchiveManifest = z.object({
  format: z.literal('kassa-desk-archive'),
  formatVersion: z.literal(1),
  appVersion: z.string(),
  schemaVersion: z.number().int().nonnegative(),
  createdAt: z.string(),
  till: z.object({ registrationNumber: z.string(), installationId: z.string() }),
  shifts: z.object({
    count: z.number().int().nonnegative(),
    firstNumber: z.number().int().nullable(),
    lastNumber: z.number().int().nullable(),
    from: z.string().nullable(),
    to: z.string().nullable(),
  }),
  documents: z.number().int().nonnegative(),
  files: z.array(z.object({ name: z.string(), size: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
});
export type ArchiveManifest = z.infer<typeof ArchiveManifest>;

/** Progress of a long step: `done` of `total` (bytes or pages), for the progress bar. */
export type Progress = (step: 'snapshot' | 'compress' | 'read' | 'check' | 'swap', done: number, total: number) => void;

/** Which till a database belongs to: the registration number, else the installation (training tills have none). */
export function tillIdentity(db: Database.Database): ArchiveManifest['till'] {
  const req = db.prepare("SELECT value FROM settings WHERE key = 'requisites'").pluck().get() as string | undefined;
  const parsed = req ? (JSON.parse(req) as { registrationNumber?: unknown }).registrationNumber : undefined;
  const registrationNumber = typeof parsed === 'string' ? parsed : '';
  const hasSession = db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'sko_session'").get() !== undefined;
  const installationId = hasSession ? ((db.prepare('SELECT installation_id FROM sko_session').pluck().get() as string | undefined) ?? '') : '';
  return { registrationNumber, installationId };
}

export function sameTill(a: ArchiveManifest['till'], b: ArchiveManifest['till']): boolean {
  if (a.registrationNumber || b.registrationNumber) return a.registrationNumber === b.registrationNumber;
  return a.installationId === b.installationId;
}

/** What a snapshot holds, read from the snapshot itself (not the live file). */
export function describeSnapshot(file: string, createdAt: string): Omit<ArchiveManifest, 'files'> {
  const db = new Database(file, { readonly: true });
  try {
    const shifts = db
      .prepare(
        'SELECT count(*) AS count, min(number) AS firstNumber, max(number) AS lastNumber, min(opened_at) AS "from", max(coalesce(closed_at, opened_at)) AS "to" FROM shifts',
      )
      .get() as ArchiveManifest['shifts'];
    return {
      format: 'kassa-desk-archive',
      formatVersion: 1,
      appVersion: APP_VERSION,
      schemaVersion: db.pragma('user_version', { simple: true }) as number,
      createdAt,
      till: tillIdentity(db),
      shifts,
      documents: db.prepare('SELECT count(*) FROM documents').pluck().get() as number,
    };
  } finally {
    db.close();
  }
}

/**
 * The zip of `snapshotFile` + its manifest, as a stream for a storage target. The snapshot's hash
 * is taken from the very bytes compressed, so the manifest vouches for what the zip holds.
 */
export function zipArchive(snapshotFile: string, manifest: Omit<ArchiveManifest, 'files'>, onProgress?: Progress, signal?: AbortSignal): Readable {
  const out = new PassThrough({ highWaterMark: 1 << 20 });
  const total = statSync(snapshotFile).size;
  const zip = new Zip((err, chunk, final) => {
    if (err) return void out.destroy(err);
    out.write(chunk);
    if (final) out.end();
  });
  void (async () => {
    const hash = createHash('sha256');
    const entry = new AsyncZipDeflate(DB_ENTRY, { level: 3 });
    zip.add(entry);
    let done = 0;
    for await (const chunk of createReadStream(snapshotFile, { highWaterMark: 1 << 20 })) {
      if (signal?.aborted) throw new KassaError('CONFLICT', 'Экспорт отменён');
      const bytes = chunk as Buffer;
      hash.update(bytes);
      done += bytes.length;
      entry.push(bytes); // the async deflater takes the buffer to its worker: read nothing of it after
      onProgress?.('compress', done, total);
      // Backpressure: the target takes the zip no faster than the network allows.
      if (out.writableLength > 8 << 20) await new Promise((r) => out.once('drain', r));
    }
    entry.push(new Uint8Array(0), true);
    const full: ArchiveManifest = { ...manifest, files: [{ name: DB_ENTRY, size: done, sha256: hash.digest('hex') }] };
    const m = new AsyncZipDeflate(MANIFEST_ENTRY, { level: 6 });
    zip.add(m);
    m.push(strToU8(JSON.stringify(full, null, 2)), true);
    zip.end();
  })().catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  return out;
}

const DAMAGED = 'Архив повреждён или не полностью записан';

/**
 * Unpacks an archive into `dbFile` and checks it: every file the manifest lists, of that size and
 * SHA-256, nothing else; `integrity_check`; the schema no newer than this program knows. Any
 * failure is a Russian VALIDATION refusal and `dbFile` is removed.
 */
export async function unpackArchive(source: Readable, dbFile: string, onProgress?: Progress, signal?: AbortSignal): Promise<ArchiveManifest> {
  rmSync(dbFile, { force: true });
  const fd = openSync(dbFile, 'w', 0o600);
  let fdOpen = true;
  let stopInflaters = () => {};
  const closeFd = () => {
    if (fdOpen) closeSync(fd);
    fdOpen = false;
  };
  try {
    const hashes = new Map<string, { hash: ReturnType<typeof createHash>; size: number; done: boolean }>();
    const manifestParts: Buffer[] = [];
    let failure: Error | null = null;
    let lastPieceAt = Date.now();
    const inflating: { terminate: () => void }[] = [];
    stopInflaters = () => inflating.forEach((f) => f.terminate());
    const unzip = new Unzip((file) => {
      if (file.name !== DB_ENTRY && file.name !== MANIFEST_ENTRY) {
        failure ??= new KassaError('VALIDATION', `В архиве лишний файл «${file.name}»: это не архив кассы`);
        return;
      }
      const state = { hash: createHash('sha256'), size: 0, done: false };
      hashes.set(file.name, state);
      inflating.push(file);
      file.ondata = (err, data, final) => {
        // The inflaters answer from their threads: after a failure or the end, nothing more is written.
        if (!fdOpen || failure) return;
        lastPieceAt = Date.now();
        if (err) return void (failure ??= new KassaError('VALIDATION', `${DAMAGED}: данные не распаковываются`));
        state.hash.update(data);
        state.size += data.length;
        if (file.name === DB_ENTRY) {
          try {
            writeSync(fd, data);
          } catch (e) {
            failure ??= e instanceof Error ? e : new Error(String(e));
            return;
          }
        } else if (state.size > 1 << 20) failure ??= new KassaError('VALIDATION', `${DAMAGED}: неверное описание`);
        else manifestParts.push(Buffer.from(data));
        if (final) state.done = true;
      };
      file.start();
    });
    unzip.register(AsyncUnzipInflate);
    let read = 0;
    for await (const chunk of source) {
      if (signal?.aborted) throw new KassaError('CONFLICT', 'Операция отменена');
      const bytes = chunk as Buffer;
      read += bytes.length;
      onProgress?.('read', read, 0);
      try {
        unzip.push(bytes);
      } catch {
        throw new KassaError('VALIDATION', `${DAMAGED}: это не zip-архив`);
      }
      if (failure) throw failure as Error;
    }
    try {
      unzip.push(new Uint8Array(0), true);
    } catch {
      throw new KassaError('VALIDATION', `${DAMAGED}: архив обрывается`);
    }
    // The async inflaters answer from their threads, and the next file is found only after the one
    // before it ends: wait for both files' last pieces while pieces still arrive.
    const complete = () => hashes.get(DB_ENTRY)?.done === true && hashes.get(MANIFEST_ENTRY)?.done === true;
    while (!failure && !complete() && Date.now() - lastPieceAt < 3_000) await new Promise((r) => setTimeout(r, 5));
    if (failure) throw failure as Error;
    const db = hashes.get(DB_ENTRY);
    const m = hashes.get(MANIFEST_ENTRY);
    if (!db?.done || !m?.done) throw new KassaError('VALIDATION', `${DAMAGED}: архив обрывается (нет базы данных или описания)`);
    fsyncSync(fd);
    closeFd();
    let manifest: ArchiveManifest;
    try {
      manifest = ArchiveManifest.parse(JSON.parse(Buffer.concat(manifestParts).toString('utf8')));
    } catch {
      throw new KassaError('VALIDATION', `${DAMAGED}: описание архива не читается`);
    }
    if (manifest.schemaVersion > migrations.length) {
      throw new KassaError(
        'VALIDATION',
        `Архив сделан более новой версией программы (${manifest.appVersion}, схема базы ${manifest.schemaVersion}; эта программа знает до ${migrations.length}). Обновите программу кассы.`,
      );
    }
    const listed = manifest.files.find((f) => f.name === DB_ENTRY);
    if (!listed || manifest.files.length !== 1) throw new KassaError('VALIDATION', `${DAMAGED}: описание не совпадает с содержимым`);
    const sha = db.hash.digest('hex');
    if (listed.size !== db.size || listed.sha256 !== sha) {
      throw new KassaError(
        'VALIDATION',
        `${DAMAGED}: контрольная сумма базы данных не совпадает (SHA-256 ${sha.slice(0, 12)}…, ожидалась ${listed.sha256.slice(0, 12)}…)`,
      );
    }
    onProgress?.('check', 0, 1);
    checkDatabaseFile(dbFile, manifest.schemaVersion);
    onProgress?.('check', 1, 1);
    return manifest;
  } catch (err) {
    stopInflaters();
    closeFd();
    rmSync(dbFile, { force: true });
    throw err;
  }
}

/** `integrity_check` and the schema version of an unpacked (or any) database file. */
export function checkDatabaseFile(file: string, expectedSchema?: number): void {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch {
    throw new KassaError('VALIDATION', `${DAMAGED}: база данных не открывается`);
  }
  try {
    const result = db.pragma('integrity_check', { simple: true }) as string;
    if (result !== 'ok') throw new KassaError('VALIDATION', `База данных в архиве повреждена (integrity_check: ${result})`);
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > migrations.length)
      throw new KassaError('VALIDATION', `База данных сделана более новой версией программы (схема ${version}). Обновите программу кассы.`);
    if (expectedSchema !== undefined && version !== expectedSchema) {
      throw new KassaError('VALIDATION', `${DAMAGED}: версия схемы ${version} не совпадает с описанием (${expectedSchema})`);
    }
  } catch (err) {
    if (err instanceof KassaError) throw err;
    throw new KassaError('VALIDATION', `${DAMAGED}: база данных не читается (${err instanceof Error ? err.message : String(err)})`);
  } finally {
    db.close();
  }
}

/** `kassa-<till>-<YYYYMMDD-HHMMSS>.zip`: names sort by time, and say whose they are. */
export function archiveName(till: ArchiveManifest['till'], at: Date): string {
  const who = (till.registrationNumber || 'training').replace(/[^\p{L}\p{N}_-]+/gu, '_').slice(0, 40);
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${ARCHIVE_FOLDER}/kassa-${who}-${stamp}.zip`;
}
