/**
 * «Обслуживание»: what the screens and the command line call. The long parts (export, archive
 * checks, cleanup, the support bundle) run as tasks in a worker thread; this file starts them,
 * records them, and answers the small questions (status, journal, preview) on the till's thread.
 */
import type {
  ArchiveCheckView,
  CleanupPreview,
  ExportDone,
  ExportSchedule,
  JournalEntry,
  JournalFilter,
  MaintenanceStatus,
  StorageEntry,
} from '../../../preload/contract/index.js';
import { auditActionName, auditDetailsText } from '../../../common/audit-actions.js';
import { toCsv } from '../../../common/csv.js';
import { freeBytes } from '../../db/disk-space.js';
import { KassaError } from '../../domain/errors.js';
import { audit } from '../audit.js';
import type { Ctx } from '../context.js';
import { getSetting, setSetting } from '../settings.js';
import { savedTargetAccess } from '../storage.js';
import { endOfDay, type CleanupResult } from './cleanup.js';
import { databaseBytes, openAccess, recordMaintenance, type TargetAccess } from './export.js';
import { importArchive, importBlocker, inspectArchive, listArchives, type ImportOptions } from './import.js';
import { dirname } from 'node:path';

export type Access = TargetAccess & { readonly where: string };

/** A saved target by id, as the worker needs it. */
export function targetAccess(ctx: Ctx, targetId: string): Access {
  const { connection, password, name } = savedTargetAccess(ctx, targetId);
  return { connection, password, where: name, timeoutMs: ctx.storage.timeoutMs };
}

const DAY_MS = 86_400_000;

export function maintenanceStatus(ctx: Ctx): MaintenanceStatus {
  const schedule = getSetting(ctx, 'exportSchedule');
  const last = ctx.db.one<{ at: string; details: string }>("SELECT at, details FROM maintenance_log WHERE kind = 'export' ORDER BY id DESC LIMIT 1");
  const cleanup = ctx.db.one<{ at: string; details: string }>("SELECT at, details FROM maintenance_log WHERE kind = 'cleanup' ORDER BY id DESC LIMIT 1");
  const lastDetails = last ? (JSON.parse(last.details) as { path: string; where: string }) : null;
  const age = last ? (ctx.clock().getTime() - Date.parse(last.at)) / DAY_MS : null;
  return {
    dbBytes: databaseBytes(ctx.db),
    freeBytes: freeBytes(dirname(ctx.db.name)),
    lastExport: last && lastDetails ? { at: last.at, path: lastDetails.path, where: lastDetails.where } : null,
    exportAgeDays: age === null ? null : Math.round(age * 10) / 10,
    exportOverdue: age === null || age > schedule.warnAfterDays,
    lastCleanup: cleanup ? { at: cleanup.at, upTo: (JSON.parse(cleanup.details) as { upTo: string }).upTo } : null,
    schedule,
  };
}

/** An archive to the target, as a task; recorded in the journal and the audit log. */
export async function exportDatabase(
  ctx: Ctx,
  access: Access,
  options: { keepLast?: number | undefined; by?: 'admin' | 'schedule' | 'cli' } = {},
): Promise<ExportDone> {
  const r = await ctx.tasks.run(
    'maintenance.export',
    { connection: access.connection, password: access.password, timeoutMs: access.timeoutMs, keepLast: options.keepLast },
    { label: 'Экспорт базы данных' },
  ).done;
  const done: ExportDone = {
    path: r.path,
    where: access.where,
    bytes: r.bytes,
    documents: r.manifest.documents,
    shifts: r.manifest.shifts.count,
    removed: [...r.removed],
  };
  recordMaintenance(ctx, 'export', { ...done, by: options.by ?? 'admin' });
  return done;
}

export async function archivesOn(access: Access): Promise<{ files: StorageEntry[] }> {
  return { files: await listArchives(openAccess(access)) };
}

export async function inspect(ctx: Ctx, access: Access, path: string): Promise<ArchiveCheckView> {
  return inspectArchive(ctx, access, path);
}

export async function importDatabase(ctx: Ctx, access: Access, path: string, options: ImportOptions = {}) {
  const r = await importArchive(ctx, access, path, options);
  return { transferred: r.transferred, safetyCopy: r.safetyCopy, documents: r.manifest.documents };
}

export { importBlocker };

/** What a cleanup up to the day would remove; planned in a worker (it reads every document of the period). */
export async function cleanupPreview(ctx: Pick<Ctx, 'tasks'>, upTo: string): Promise<CleanupPreview> {
  return await ctx.tasks.run('maintenance.cleanupPreview', { upTo }, { label: 'Подсчёт очистки базы данных' }).done;
}

/** Removes what the preview showed (the worker plans again and refuses if it changed); audited at start and end. */
export async function cleanup(ctx: Ctx, upTo: string, expectShifts: number, by: 'admin' | 'cli' = 'admin'): Promise<CleanupResult> {
  if (endOfDay(upTo) > ctx.clock().toISOString()) throw new KassaError('VALIDATION', 'Очистить можно только по прошедшую дату');
  ctx.db.transaction(() => audit(ctx, 'maintenance.cleanup.started', { upTo, expectShifts, by }))();
  const r = await ctx.tasks.run('maintenance.cleanup', { upTo, expectShifts, userId: ctx.session.userId }, { label: 'Очистка базы данных' }).done;
  recordMaintenance(ctx, 'cleanup', { ...r, by });
  return r;
}

export function saveSchedule(ctx: Ctx, schedule: ExportSchedule): ExportSchedule {
  if (schedule.targetId !== null) savedTargetAccess(ctx, schedule.targetId); // refuses a target that is gone
  ctx.db.transaction(() => {
    setSetting(ctx, 'exportSchedule', schedule);
    audit(ctx, 'maintenance.schedule.saved', schedule);
  })();
  return getSetting(ctx, 'exportSchedule');
}

function journalWhere(filter: JournalFilter): { sql: string; args: unknown[] } {
  const parts: string[] = [];
  const args: unknown[] = [];
  if (filter.userId !== undefined) {
    parts.push('a.user_id = ?');
    args.push(filter.userId);
  }
  if (filter.action) {
    parts.push("(a.action = ? OR a.action LIKE ? ESCAPE '\\')");
    args.push(filter.action, `${filter.action.replace(/[\\%_]/g, (c) => `\\${c}`)}.%`);
  }
  if (filter.from) {
    parts.push('a.at >= ?');
    const [y, m, d] = filter.from.split('-').map(Number) as [number, number, number];
    args.push(new Date(y, m - 1, d).toISOString());
  }
  if (filter.to) {
    parts.push('a.at < ?');
    args.push(endOfDay(filter.to));
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', args };
}

/** The audit log, newest first, a page at a time, with who did it. */
export function journal(
  ctx: Pick<Ctx, 'db'>,
  filter: JournalFilter & { page: number; pageSize: number },
): { entries: JournalEntry[]; total: number; actions: string[] } {
  const where = journalWhere(filter);
  const total = ctx.db.value<number>(`SELECT count(*) FROM audit_log a ${where.sql}`, ...where.args)!;
  const entries = ctx.db.all<JournalEntry>(
    `SELECT a.id, a.at, u.name AS user, a.action, a.details FROM audit_log a LEFT JOIN users u ON u.id = a.user_id ${where.sql}
      ORDER BY a.id DESC LIMIT ? OFFSET ?`,
    ...where.args,
    filter.pageSize,
    filter.page * filter.pageSize,
  );
  const actions = ctx.db.values<string>('SELECT DISTINCT action FROM audit_log ORDER BY action');
  return { entries, total, actions };
}

export function journalCsv(ctx: Pick<Ctx, 'db' | 'clock'>, filter: JournalFilter): { name: string; csv: string } {
  const where = journalWhere(filter);
  const rows = ctx.db.all<JournalEntry>(
    `SELECT a.id, a.at, u.name AS user, a.action, a.details FROM audit_log a LEFT JOIN users u ON u.id = a.user_id ${where.sql} ORDER BY a.id`,
    ...where.args,
  );
  // The details as the screen reads them, and the entry's JSON beside them for whoever needs every field.
  const lines = [
    ['№', 'Время', 'Пользователь', 'Действие', 'Код действия', 'Подробности', 'Данные (JSON)'],
    ...rows.map((r) => [r.id, r.at, r.user ?? '', auditActionName(r.action), r.action, auditDetailsText(r.details, r.action), r.details]),
  ];
  return { name: `journal-${ctx.clock().toISOString().slice(0, 10)}.csv`, csv: toCsv(lines) };
}

export async function supportBundle(ctx: Ctx, access: Access, diagnostics: unknown): Promise<{ path: string; where: string; bytes: number }> {
  const r = await ctx.tasks.run(
    'maintenance.support',
    { connection: access.connection, password: access.password, timeoutMs: access.timeoutMs, diagnostics },
    { label: 'Сохранение для поддержки' },
  ).done;
  ctx.db.transaction(() => audit(ctx, 'maintenance.support', { path: r.path, where: access.where }))();
  return { ...r, where: access.where };
}

/** Goods never sold (no document line names them), or all goods when no check is open or parked. */
export function deleteGoods(ctx: Ctx, which: 'unsold' | 'all'): { deleted: number } {
  return ctx.db.transaction(() => {
    const openLines = ctx.db.value<number>('SELECT count(*) FROM open_check_lines')!;
    if (which === 'all' && openLines > 0)
      throw new KassaError('CONFLICT', 'Есть открытый или отложенный чек: завершите или отмените его, затем удаляйте все товары');
    let deleted: number;
    try {
      deleted =
        which === 'all'
          ? Number(ctx.db.run('DELETE FROM items').changes)
          : Number(
              ctx.db.run(
                `DELETE FROM items WHERE NOT EXISTS (SELECT 1 FROM document_lines l WHERE l.item_id = items.id)
                   AND NOT EXISTS (SELECT 1 FROM open_check_lines o WHERE o.item_id = items.id)`,
              ).changes,
            );
    } catch (err) {
      if (err instanceof Error && /FOREIGN KEY/.test(err.message))
        throw new KassaError('CONFLICT', 'Товары нельзя удалить: на них ссылаются остатки или другие записи');
      throw err;
    }
    audit(ctx, 'goods.deleted', { which, deleted });
    return { deleted };
  })();
}
