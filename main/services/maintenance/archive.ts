/**
 * A database archive: a zip holding a consistent snapshot of the till's SQLite file and a
 * manifest (app and schema version, which till, which shifts, how many documents, the SHA-256 of
 * every file). Written and read as streams, so a large database never sits in memory; zlib's
 * deflate and inflate run on libuv's thread pool, off the till's main thread.
 */
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, fsyncSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { PassThrough, Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32, createDeflateRaw, createInflateRaw, deflateRawSync, type InflateRaw } from 'node:zlib';
import type Database from 'better-sqlite3';
import { Sqlite } from '../../db/driver.js';
import { Unzip, type AsyncFlateStreamHandler, type FlateError, type UnzipDecoder } from 'fflate';
import { z } from 'zod';
import pkg from '../../../package.json' with { type: 'json' };
import { migrations } from '../../db/migrations/index.js';
import { KassaError } from '../../domain/errors.js';
import { lazy } from '../../../common/lazy.js';

export const APP_VERSION: string = pkg.version;
export const DB_ENTRY = 'kassa.sqlite';
export const MANIFEST_ENTRY = 'manifest.json';
/** Archives live in this folder of a target; their names sort by time. */
export const ARCHIVE_FOLDER = 'kassa-archives';

export const ArchiveManifest = lazy(() =>
  z.object({
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
  }),
);
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
  const db = new Sqlite(file, { readonly: true });
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

/** Deflate level of the database entry: zlib's fastest (a year's file compresses about as well at 1 as at 6, in a quarter of the time). */
const DB_LEVEL = 1;
/** Plain zip (no zip64): sizes and offsets are 32-bit. */
const ZIP_LIMIT = 0xffff_ffff;

/**
 * The zip of `snapshotFile` + its manifest, as a stream for a storage target. The snapshot is
 * deflated by zlib (native, on libuv's pool: fflate's JS deflate took most of an export) into a
 * file beside it, its SHA-256 and CRC-32 taken from the very bytes compressed, so the manifest
 * vouches for what the zip holds; then the zip is streamed with the sizes in the local headers
 * (no data descriptors: a reader never hunts for the end of an entry in the compressed bytes, where
 * a descriptor's signature turns up by chance in a large archive).
 */
export function zipArchive(
  snapshotFile: string,
  manifest: Omit<ArchiveManifest, 'files'>,
  onProgress?: Progress,
  signal?: AbortSignal,
): Readable & { readonly done: Promise<void> } {
  const out = new PassThrough({ highWaterMark: 1 << 20 });
  const deflated = `${snapshotFile}.deflate`;
  const made = (async () => {
    const db = await deflateFile(snapshotFile, deflated, onProgress, signal);
    const full: ArchiveManifest = { ...manifest, files: [{ name: DB_ENTRY, size: db.size, sha256: db.sha256 }] };
    const text = Buffer.from(JSON.stringify(full, null, 2), 'utf8');
    const m = { name: MANIFEST_ENTRY, crc: crc32(text), size: text.length, compressed: deflateRawSync(text) };
    const when = dosTime(new Date(manifest.createdAt));
    const entries = [
      { name: DB_ENTRY, crc: db.crc, size: db.size, csize: db.compressed, offset: 0 },
      { name: MANIFEST_ENTRY, crc: m.crc, size: m.size, csize: m.compressed.length, offset: 0 },
    ];
    if (db.size > ZIP_LIMIT || db.compressed > ZIP_LIMIT - (1 << 20)) {
      throw new KassaError('CONFLICT', 'База данных больше 4 ГБ: такой архив пока не поддерживается');
    }
    let at = 0;
    const put = async (bytes: Buffer) => {
      at += bytes.length;
      // Backpressure: the target takes the zip no faster than the network allows.
      // A reader that gave up (destroyed the stream) never drains it: its close ends the wait as well.
      if (!out.write(bytes) && !out.destroyed) {
        await new Promise<void>((r) => {
          const go = () => {
            out.off('drain', go).off('close', go);
            r();
          };
          out.on('drain', go).on('close', go);
        });
      }
      if (out.destroyed) throw new KassaError('CONFLICT', 'Экспорт прерван');
    };
    entries[0]!.offset = at;
    await put(localHeader(entries[0]!, when));
    for await (const chunk of createReadStream(deflated, { highWaterMark: 1 << 20 })) {
      if (signal?.aborted) throw new KassaError('CONFLICT', 'Экспорт отменён');
      await put(chunk as Buffer);
    }
    entries[1]!.offset = at;
    await put(localHeader(entries[1]!, when));
    await put(m.compressed);
    const cdStart = at;
    for (const e of entries) await put(centralHeader(e, when));
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(entries.length, 8);
    end.writeUInt16LE(entries.length, 10);
    end.writeUInt32LE(at - cdStart, 12);
    end.writeUInt32LE(cdStart, 16);
    await put(end);
    out.end();
  })();
  // Settles when nothing of the making runs any more (its files read and gone): the caller may then
  // remove the snapshot. An upload that failed early must not leave it deflating a deleted file.
  const done = made.catch((err: unknown) => void out.destroy(err instanceof Error ? err : new Error(String(err)))).finally(() => rmSync(deflated, { force: true }));
  return Object.assign(out, { done });
}

type ZipEntry = { name: string; crc: number; size: number; csize: number; offset: number };

/** The file deflated (raw, as a zip holds it) into `to`; its size, SHA-256 and CRC-32 taken on the way in. */
async function deflateFile(
  from: string,
  to: string,
  onProgress?: Progress,
  signal?: AbortSignal,
): Promise<{ size: number; sha256: string; crc: number; compressed: number }> {
  const total = statSync(from).size;
  const hash = createHash('sha256');
  let crc = 0;
  let size = 0;
  const measure = new Transform({
    highWaterMark: 1 << 20,
    transform(chunk: Buffer, _enc, done) {
      if (signal?.aborted) return done(new KassaError('CONFLICT', 'Экспорт отменён'));
      hash.update(chunk);
      crc = crc32(chunk, crc);
      size += chunk.length;
      try {
        onProgress?.('compress', size, total);
      } catch (err) {
        // A job's progress throws once it is cancelled or over: thrown out of a stream's callback it
        // would be uncaught and take down the worker — and the next task on its thread with it.
        return done(err instanceof Error ? err : new Error(String(err)));
      }
      done(null, chunk);
    },
  });
  await pipeline(
    createReadStream(from, { highWaterMark: 1 << 20 }),
    measure,
    createDeflateRaw({ level: DB_LEVEL, memLevel: 9, chunkSize: 1 << 20 }),
    createWriteStream(to, { mode: 0o600 }),
    ...(signal ? [{ signal }] : []),
  );
  return { size, sha256: hash.digest('hex'), crc, compressed: statSync(to).size };
}

function dosTime(at: Date): { time: number; date: number } {
  const year = Math.min(Math.max(at.getFullYear(), 1980), 2107);
  return {
    time: (at.getHours() << 11) | (at.getMinutes() << 5) | (at.getSeconds() >> 1),
    date: ((year - 1980) << 9) | ((at.getMonth() + 1) << 5) | at.getDate(),
  };
}

function localHeader(e: ZipEntry, when: { time: number; date: number }): Buffer {
  const name = Buffer.from(e.name, 'utf8');
  const h = Buffer.alloc(30 + name.length);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(20, 4); // version needed: deflate
  h.writeUInt16LE(0, 6); // no data descriptor: the sizes below are final
  h.writeUInt16LE(8, 8); // deflate
  h.writeUInt16LE(when.time, 10);
  h.writeUInt16LE(when.date, 12);
  h.writeUInt32LE(e.crc >>> 0, 14);
  h.writeUInt32LE(e.csize, 18);
  h.writeUInt32LE(e.size, 22);
  h.writeUInt16LE(name.length, 26);
  h.writeUInt16LE(0, 28);
  name.copy(h, 30);
  return h;
}

function centralHeader(e: ZipEntry, when: { time: number; date: number }): Buffer {
  const name = Buffer.from(e.name, 'utf8');
  const h = Buffer.alloc(46 + name.length);
  h.writeUInt32LE(0x02014b50, 0);
  h.writeUInt16LE(20, 4); // made by: MS-DOS, 2.0
  h.writeUInt16LE(20, 6);
  h.writeUInt16LE(0, 8);
  h.writeUInt16LE(8, 10);
  h.writeUInt16LE(when.time, 12);
  h.writeUInt16LE(when.date, 14);
  h.writeUInt32LE(e.crc >>> 0, 16);
  h.writeUInt32LE(e.csize, 20);
  h.writeUInt32LE(e.size, 24);
  h.writeUInt16LE(name.length, 28);
  h.writeUInt32LE(e.offset, 42);
  name.copy(h, 46);
  return h;
}

/**
 * fflate's Unzip finds the entries; their deflate is zlib's (native, off the thread) instead of
 * fflate's JS inflater. `track` hears each inflater, for backpressure.
 */
function zlibInflater(track: (z: InflateRaw) => void) {
  return class ZlibUnzipInflate implements UnzipDecoder {
    static readonly compression = 8;
    ondata: AsyncFlateStreamHandler = () => {};
    private readonly z = createInflateRaw({ chunkSize: 1 << 20 }); // 1 MB pieces: fewer trips to the pool than 16 KB
    constructor() {
      track(this.z);
      this.z.on('data', (d: Buffer) => this.ondata(null, d as Uint8Array<ArrayBuffer>, false));
      this.z.on('end', () => this.ondata(null, new Uint8Array(0), true));
      this.z.on('error', (e) => this.ondata(e as unknown as FlateError, null as unknown as Uint8Array<ArrayBuffer>, true));
    }
    push(chunk: Uint8Array, final?: boolean): void {
      if (chunk.length > 0) this.z.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      if (final) this.z.end();
    }
    terminate = () => this.z.destroy();
  };
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
    const inflaters: InflateRaw[] = [];
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
    unzip.register(zlibInflater((z) => inflaters.push(z)));
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
      // Backpressure: the download waits while the inflater is behind (a year's archive never sits in memory).
      const behind = inflaters.find((z) => !z.destroyed && z.writableLength > 16 << 20);
      if (behind) {
        await new Promise<void>((r) => {
          const go = () => {
            behind.off('drain', go).off('close', go);
            r();
          };
          behind.on('drain', go).on('close', go);
        });
      }
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
    db = new Sqlite(file, { readonly: true, fileMustExist: true });
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

/** Only the schema version of a database file (one already checked whole). */
export function checkSchema(file: string, expected: number): void {
  const db = new Sqlite(file, { readonly: true, fileMustExist: true });
  try {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version !== expected) throw new KassaError('VALIDATION', `${DAMAGED}: версия схемы ${version} не совпадает с описанием (${expected})`);
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
