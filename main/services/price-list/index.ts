/**
 * «Прайс-лист»: the admin's use cases. A file comes in (uploaded in pieces, or fetched from a
 * storage target) and is kept in `<data folder>/price-lists/` under a random id; it is looked at,
 * dry-run, then imported; exports are made there too, for download or for a target.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { appendFile, mkdir, open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type {
  ColumnMapping,
  ExportRequest,
  ImportPreview,
  ImportRequest,
  ImportResult,
  ImportTemplate,
  PriceListOpened,
  PriceListSource,
  ReadOptions,
} from '../../../preload/contract/index.js';
import { ColumnMapping as MappingSchema, ReadOptions as ReadSchema } from '../../../preload/contract/index.js';
import type { Db } from '../../db/database.js';
import { KassaError } from '../../domain/errors.js';
import { audit } from '../audit.js';
import type { Ctx } from '../context.js';
import { openSavedTarget } from '../storage.js';
import { importRunning } from './apply.js';
import type { ExportFormat } from './export.js';
import type { PriceListJobInput } from './jobs.js';
import { readTable, tooBig } from './plan-file.js';
import { MAX_CSV_BYTES } from './read.js';
import { guessMapping } from './rows.js';

export { recoverPriceListImport, rollbackImport, importRunning, ImportCancelled } from './apply.js';

/** Uploads bigger than this are refused while they come in (a price list of 200,000 items is ~20 MB). */
export const MAX_UPLOAD_BYTES = MAX_CSV_BYTES;
const SAMPLE_ROWS = 10;
/** Files older than this are removed when the next one comes. */
const KEEP_MS = 24 * 3600_000;

/** The folder of the till's price-list files, next to the database. */
export function priceListFolder(db: Db): string {
  return join(dirname(db.name), 'price-lists');
}

const dataPath = (db: Db, id: string) => join(priceListFolder(db), `${id}.data`);
const namePath = (db: Db, id: string) => join(priceListFolder(db), `${id}.name`);

async function newFile(db: Db, name: string): Promise<string> {
  const folder = priceListFolder(db);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const now = Date.now();
  for (const f of await readdir(folder)) {
    const info = await stat(join(folder, f)).catch(() => null);
    if (info && now - info.mtimeMs > KEEP_MS) await rm(join(folder, f), { force: true });
  }
  const id = randomBytes(16).toString('hex');
  await writeFile(namePath(db, id), name, { mode: 0o600 });
  await writeFile(dataPath(db, id), Buffer.alloc(0), { mode: 0o600 });
  return id;
}

async function fileOf(db: Db, id: string): Promise<{ path: string; name: string; size: number }> {
  try {
    const name = await readFile(namePath(db, id), 'utf8');
    const { size } = await stat(dataPath(db, id));
    return { path: dataPath(db, id), name, size };
  } catch {
    throw new KassaError('NOT_FOUND', 'Файл прайс-листа не найден (его удалили через сутки?): выберите файл снова');
  }
}

/** One piece of an upload: pieces come in order, each at the size so far. */
export async function uploadPiece(
  ctx: Ctx,
  input: { fileId?: string | undefined; name: string; offset: number; data: string },
): Promise<{ fileId: string; size: number }> {
  // The dry run and the import run in a worker: a thread made ready while the file comes in (its first piece).
  if (input.fileId === undefined) void ctx.tasks.warm();
  const fileId = input.fileId ?? (await newFile(ctx.db, basename(input.name)));
  const file = await fileOf(ctx.db, fileId);
  if (input.offset !== file.size)
    throw new KassaError('CONFLICT', `Часть файла пришла не по порядку (ожидалась с ${file.size}, пришла с ${input.offset}): загрузите файл снова`);
  const bytes = Buffer.from(input.data, 'base64');
  if (file.size + bytes.length > MAX_UPLOAD_BYTES) {
    await rm(file.path, { force: true });
    throw tooBig(file.size + bytes.length);
  }
  await appendFile(file.path, bytes);
  return { fileId, size: file.size + bytes.length };
}

/** A file on a storage target, copied here (the target may be slow or go away; the import reads it several times). */
async function fetchFromTarget(ctx: Ctx, targetId: string, path: string): Promise<string> {
  const target = openSavedTarget(ctx, targetId);
  const id = await newFile(ctx.db, basename(path));
  let size = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      done(size > MAX_UPLOAD_BYTES ? tooBig(size) : null, chunk);
    },
  });
  try {
    await pipeline(await target.read(path), limit, createWriteStream(dataPath(ctx.db, id)));
  } catch (err) {
    await rm(dataPath(ctx.db, id), { force: true });
    if (err instanceof KassaError) throw err;
    throw new KassaError('STORAGE_ERROR', `Файл ${path} не прочитан (${target.where}): ${err instanceof Error ? err.message : String(err)}`);
  }
  return id;
}

export async function openPriceList(ctx: Ctx, source: PriceListSource, read: ReadOptions): Promise<PriceListOpened> {
  // The dry run and the import run in the worker: a thread made ready while the file is fetched and the admin checks the columns.
  void ctx.tasks.warm();
  const fileId = source.kind === 'upload' ? source.fileId : await fetchFromTarget(ctx, source.targetId, source.path);
  const file = await fileOf(ctx.db, fileId);
  // The columns and a sample: the head of the file (on the till's thread; the dry run reads it all in the worker).
  const table = await readTable(file.path, read, file.size, SAMPLE_ROWS);
  return {
    fileId,
    name: file.name,
    size: file.size,
    format: table.format,
    charset: table.charset,
    delimiter: table.delimiter,
    columns: [...table.columns],
    sample: table.rows.slice(0, SAMPLE_ROWS).map((r) => table.columns.map((_, i) => r[i] ?? '')),
    mapping: guessMapping(table.columns),
    warnings: [...table.warnings],
  };
}

/** The input of the worker's jobs: the file as it lies in the data folder. */
async function jobInput(ctx: Ctx, request: ImportRequest): Promise<PriceListJobInput> {
  const file = await fileOf(ctx.db, request.fileId);
  return { request, path: file.path, size: file.size, name: file.name, userId: ctx.session.userId };
}

/** The dry run, in a worker thread: a 200,000-row file is read and checked without holding up a sale. */
export async function previewPriceList(ctx: Ctx, request: ImportRequest): Promise<ImportPreview> {
  return ctx.tasks.run('priceList.preview', await jobInput(ctx, request), { label: 'Проверка прайс-листа' }).done;
}

/**
 * The import, in a worker thread with a progress bar and «Отменить». Should the worker end without
 * undoing its chunks (killed after the cancel grace), the undo log is played back by another task.
 */
export async function applyPriceList(ctx: Ctx, request: ImportRequest): Promise<ImportResult> {
  const input = await jobInput(ctx, request);
  const started = Date.now();
  const lastAudit = ctx.db.value<number>('SELECT coalesce(max(id), 0) FROM audit_log')!;
  try {
    return await ctx.tasks.run('priceList.apply', input, { label: `Загрузка прайс-листа «${input.name}»` }).done;
  } catch (err) {
    if (importRunning(ctx.db)) await ctx.tasks.run('priceList.rollback', {}, { label: 'Возврат каталога к прежнему' }).done;
    // «Отменить» pressed after the import's commit point: it is done, and the journal has its counts.
    const done = ctx.db.value<string>("SELECT details FROM audit_log WHERE id > ? AND action = 'priceList.import' ORDER BY id DESC LIMIT 1", lastAudit);
    if (done !== undefined && err instanceof KassaError && err.code === 'CANCELLED') {
      const { file: _file, mode: _mode, ...counts } = JSON.parse(done) as ImportResult['counts'] & { file: string; mode: string };
      return { counts, ms: Date.now() - started };
    }
    throw err;
  }
}

const exportName = (request: ExportRequest, now: Date) =>
  `prajs-list-${now.toISOString().slice(0, 10)}${request.format === 'csv' ? `-${request.charset === 'utf-8' ? 'utf8' : 'win1251'}.csv` : '.xlsx'}`;

export async function exportPriceList(ctx: Ctx, request: ExportRequest) {
  const name = exportName(request, ctx.clock());
  const fileId = await newFile(ctx.db, name);
  const path = dataPath(ctx.db, fileId);
  // In a worker thread: reading and encoding 200,000 items takes seconds the till keeps selling through.
  const format: ExportFormat = request.format === 'csv' ? { format: 'csv', charset: request.charset, delimiter: request.delimiter } : { format: 'xlsx' };
  const { rows, warnings } = await ctx.tasks.run('priceList.export', { path, format }, { label: `Выгрузка прайс-листа «${name}»` }).done;
  const { size } = await stat(path);
  if (request.targetId === undefined) return { name, size, rows, fileId, where: null, warnings };
  const target = openSavedTarget(ctx, request.targetId);
  const folder = (request.folder ?? '').replace(/^[\\/]+|[\\/]+$/g, '');
  const remote = folder === '' ? name : `${folder}/${name}`;
  await target.write(remote, await readFile(path));
  await rm(path, { force: true });
  audit(ctx, 'priceList.export', { where: target.where, file: remote, rows });
  return { name: remote, size, rows, fileId: null, where: target.where, warnings };
}

const PIECE = 512 * 1024;

/** A piece of a made export for the browser's download. */
export async function downloadPiece(ctx: Ctx, fileId: string, offset: number): Promise<{ data: string; next: number | null }> {
  const file = await fileOf(ctx.db, fileId);
  const handle = await open(file.path, 'r');
  try {
    const buffer = Buffer.alloc(Math.max(0, Math.min(PIECE, file.size - offset)));
    await handle.read(buffer, 0, buffer.length, offset);
    const end = offset + buffer.length;
    return { data: buffer.toString('base64'), next: end < file.size ? end : null };
  } finally {
    await handle.close();
  }
}

type TemplateRow = { id: number; name: string; mapping: string };

function templateOf(r: TemplateRow): ImportTemplate {
  const saved = JSON.parse(r.mapping) as { mapping?: unknown; read?: unknown };
  return { id: r.id, name: r.name, mapping: MappingSchema.parse(saved.mapping ?? {}), read: ReadSchema.parse(saved.read ?? {}) };
}

export function importTemplates(ctx: Ctx): ImportTemplate[] {
  return ctx.db.all<TemplateRow>('SELECT id, name, mapping FROM import_templates ORDER BY name').map(templateOf);
}

/** Saves a mapping under a name; the same name is overwritten (the admin corrects a template). */
export function saveTemplate(ctx: Ctx, input: { name: string; mapping: ColumnMapping; read: ReadOptions }): ImportTemplate {
  return ctx.db.transaction(() => {
    // One name per template whatever its case (SQLite's NOCASE folds Latin letters only).
    const same = ctx.db.all<TemplateRow>('SELECT id, name, mapping FROM import_templates').find((t) => t.name.toLowerCase() === input.name.toLowerCase());
    const mapping = JSON.stringify({ mapping: input.mapping, read: input.read });
    const row = same
      ? ctx.db.one<TemplateRow>('UPDATE import_templates SET mapping = ? WHERE id = ? RETURNING id, name, mapping', mapping, same.id)!
      : ctx.db.one<TemplateRow>('INSERT INTO import_templates (name, mapping) VALUES (?, ?) RETURNING id, name, mapping', input.name, mapping)!;
    audit(ctx, 'priceList.saveTemplate', { id: row.id, name: row.name });
    return templateOf(row);
  })();
}

export function removeTemplate(ctx: Ctx, id: number): null {
  ctx.db.transaction(() => {
    const row = ctx.db.one<TemplateRow>('DELETE FROM import_templates WHERE id = ? RETURNING id, name, mapping', id);
    if (!row) throw new KassaError('NOT_FOUND', 'Шаблон не найден: его удалили? Обновите список');
    audit(ctx, 'priceList.removeTemplate', { id, name: row.name });
  })();
  return null;
}
