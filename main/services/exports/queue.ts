/**
 * The queue of background exports (migration 016): what is owed to a storage target, tried until
 * it lands, each try an attempt in the journal. Jobs are queued in the Z's own transaction (a crash
 * right after the Z still exports) or by the clock (the daily archive); the runner (runner.ts) takes
 * them. Everything here is short work on the till's connection.
 */
import type { ExportAttempt, ExportJobView, ExportNotice, ShiftExportReport, ZExportSettings } from '../../../preload/contract/index.js';
import { KassaError } from '../../domain/errors.js';
import { audit } from '../audit.js';
import type { Ctx } from '../context.js';
import { getSetting, setSetting } from '../settings.js';
import { savedTargetAccess } from '../storage.js';

type JobRow = {
  id: number;
  kind: 'reports' | 'archive';
  cause: 'z' | 'daily';
  shift_id: number | null;
  shift_number: number | null;
  slot: string | null;
  target_id: string;
  target_name: string;
  input: string;
  created_at: string;
  state: 'waiting' | 'running' | 'done';
  attempts: number;
  next_at: string | null;
  last_error: string | null;
  done_at: string | null;
  result: string | null;
};
export type ExportJob = JobRow;

export type ReportsJobInput = { readonly reports: readonly ShiftExportReport[]; readonly format: 'csv' | 'xlsx' };
export type ArchiveJobInput = { readonly keepLast: number };

/** Minutes to wait after the 1st, 2nd, … failed attempt; then every hour, for as long as it takes. */
export const BACKOFF_MINUTES = [1, 2, 5, 15, 30, 60] as const;

export function backoffMs(attempts: number): number {
  return BACKOFF_MINUTES[Math.min(attempts, BACKOFF_MINUTES.length) - 1]! * 60_000;
}

const targetName = (ctx: Pick<Ctx, 'db'>, id: string) => getSetting(ctx, 'storageTargets').find((t) => t.id === id)?.name ?? 'хранилище удалено';

function insert(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  job: { kind: JobRow['kind']; cause: JobRow['cause']; shiftId?: number; shiftNumber?: number; slot?: string; targetId: string; input: object },
): boolean {
  const at = ctx.clock().toISOString();
  const r = ctx.db.run(
    `INSERT OR IGNORE INTO export_jobs (kind, cause, shift_id, shift_number, slot, target_id, target_name, input, created_at, next_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    job.kind,
    job.cause,
    job.shiftId ?? null,
    job.shiftNumber ?? null,
    job.slot ?? null,
    job.targetId,
    targetName(ctx, job.targetId),
    JSON.stringify(job.input),
    at,
    at,
  );
  return Number(r.changes) > 0;
}

/**
 * Called inside the Z's transaction: queues the shift's reports and the archive the settings ask
 * for. Never refuses the Z — a wrong setting shows as a failed export, not a shift left open.
 */
export function queueAfterZ(ctx: Pick<Ctx, 'db' | 'clock' | 'log'>, shift: { readonly id: number; readonly number: number }): void {
  try {
    const z = getSetting(ctx, 'zExport');
    if (z.enabled && z.targetId !== null && z.reports.length > 0) {
      insert(ctx, {
        kind: 'reports',
        cause: 'z',
        shiftId: shift.id,
        shiftNumber: shift.number,
        targetId: z.targetId,
        input: { reports: z.reports, format: z.format },
      });
    }
    const schedule = getSetting(ctx, 'exportSchedule');
    if (schedule.afterZ && schedule.targetId !== null) {
      insert(ctx, {
        kind: 'archive',
        cause: 'z',
        shiftId: shift.id,
        shiftNumber: shift.number,
        targetId: schedule.targetId,
        input: { keepLast: schedule.keepLast },
      });
    }
  } catch (err) {
    ctx.log('выгрузка после Z не поставлена в очередь', err);
  }
}

const pad = (n: number) => String(n).padStart(2, '0');
export const localDayOf = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** The daily archive, once its time of the local day has come; once a day whatever the restarts. True: queued now. */
export function queueDailyIfDue(ctx: Pick<Ctx, 'db' | 'clock'>): boolean {
  const schedule = getSetting(ctx, 'exportSchedule');
  if (!schedule.daily || schedule.targetId === null) return false;
  const now = ctx.clock();
  if (`${pad(now.getHours())}:${pad(now.getMinutes())}` < schedule.at) return false;
  return insert(ctx, { kind: 'archive', cause: 'daily', slot: localDayOf(now), targetId: schedule.targetId, input: { keepLast: schedule.keepLast } });
}

/** The oldest job due now. */
export function dueJob(ctx: Pick<Ctx, 'db' | 'clock'>): ExportJob | undefined {
  return ctx.db.one<JobRow>("SELECT * FROM export_jobs WHERE state = 'waiting' AND next_at <= ? ORDER BY next_at, id LIMIT 1", ctx.clock().toISOString());
}

/** Marks the job running and opens its attempt; returns the attempt's id. */
export function beginAttempt(ctx: Pick<Ctx, 'db' | 'clock'>, job: ExportJob): number {
  return ctx.db.transaction(() => {
    ctx.db.run("UPDATE export_jobs SET state = 'running', attempts = attempts + 1 WHERE id = ?", job.id);
    return Number(ctx.db.run('INSERT INTO export_attempts (job_id, started_at) VALUES (?, ?)', job.id, ctx.clock().toISOString()).lastInsertRowid);
  })();
}

export function attemptDone(ctx: Pick<Ctx, 'db' | 'clock' | 'session'>, job: ExportJob, attemptId: number, result: { files: string[]; removed: string[] }): void {
  const at = ctx.clock().toISOString();
  ctx.db.transaction(() => {
    ctx.db.run("UPDATE export_jobs SET state = 'done', done_at = ?, next_at = NULL, last_error = NULL, result = ? WHERE id = ?", at, JSON.stringify(result), job.id);
    ctx.db.run('UPDATE export_attempts SET finished_at = ?, ok = 1, message = ? WHERE id = ?', at, result.files.join(', '), attemptId);
    audit(ctx, 'exports.done', { id: job.id, kind: job.kind, cause: job.cause, shift: job.shift_number, files: result.files, removed: result.removed });
  })();
}

/** A failed try: the job waits for the next one, later each time. */
export function attemptFailed(ctx: Pick<Ctx, 'db' | 'clock'>, job: ExportJob, attemptId: number, message: string): string {
  const now = ctx.clock();
  const attempts = ctx.db.value<number>('SELECT attempts FROM export_jobs WHERE id = ?', job.id) ?? 1;
  const next = new Date(now.getTime() + backoffMs(attempts)).toISOString();
  ctx.db.transaction(() => {
    ctx.db.run("UPDATE export_jobs SET state = 'waiting', next_at = ?, last_error = ? WHERE id = ?", next, message, job.id);
    ctx.db.run('UPDATE export_attempts SET finished_at = ?, ok = 0, message = ? WHERE id = ?', now.toISOString(), message, attemptId);
  })();
  return next;
}

/** At start: a job the last run left running (crash, power cut) waits again, due at once. */
export function recoverInterrupted(ctx: Pick<Ctx, 'db' | 'clock'>): number {
  const at = ctx.clock().toISOString();
  return ctx.db.transaction(() => {
    ctx.db.run("UPDATE export_attempts SET finished_at = ?, ok = 0, message = 'Прервано: программа закрылась во время выгрузки' WHERE finished_at IS NULL", at);
    return Number(
      ctx.db.run(
        "UPDATE export_jobs SET state = 'waiting', next_at = ?, last_error = coalesce(last_error, 'Прервано: программа закрылась') WHERE state = 'running'",
        at,
      ).changes,
    );
  })();
}

function view(row: JobRow): ExportJobView {
  const result = row.result ? (JSON.parse(row.result) as { files?: string[]; removed?: string[] }) : {};
  return {
    id: row.id,
    kind: row.kind,
    cause: row.cause,
    shiftNumber: row.shift_number,
    title: jobTitle({ kind: row.kind, cause: row.cause, shiftNumber: row.shift_number }),
    targetName: row.target_name,
    createdAt: row.created_at,
    state: row.state,
    attempts: row.attempts,
    nextAt: row.state === 'waiting' ? row.next_at : null,
    lastError: row.last_error,
    doneAt: row.done_at,
    files: result.files ?? [],
    removed: result.removed ?? [],
  };
}

export function exportJournal(ctx: Pick<Ctx, 'db'>, page: number, pageSize: number): { jobs: ExportJobView[]; attempts: ExportAttempt[]; total: number } {
  const rows = ctx.db.all<JobRow>('SELECT * FROM export_jobs ORDER BY id DESC LIMIT ? OFFSET ?', pageSize, page * pageSize);
  const total = ctx.db.value<number>('SELECT count(*) FROM export_jobs')!;
  const ids = rows.map((r) => r.id);
  const attempts = ids.length
    ? ctx.db
        .all<{ job_id: number; started_at: string; finished_at: string | null; ok: number | null; message: string | null }>(
          `SELECT job_id, started_at, finished_at, ok, message FROM export_attempts WHERE job_id IN (${ids.map(() => '?').join(',')}) ORDER BY id`,
          ...ids,
        )
        .map((a) => ({ jobId: a.job_id, startedAt: a.started_at, finishedAt: a.finished_at, ok: a.ok === null ? null : a.ok === 1, message: a.message }))
    : [];
  return { jobs: rows.map(view), attempts, total };
}

const hhmm = (iso: string) => {
  const d = new Date(iso);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

/** What the export is, in the shop's words (the menu adds «не удалась»): «Выгрузка отчётов после смены № 12». */
export function jobTitle(job: { kind: ExportJobView['kind']; cause: ExportJobView['cause']; shiftNumber: number | null }): string {
  if (job.kind === 'reports') return `Выгрузка отчётов после смены № ${job.shiftNumber}`;
  return job.cause === 'daily' ? 'Ежедневная выгрузка архива базы' : `Выгрузка архива базы после смены № ${job.shiftNumber}`;
}

/** Exports that failed and wait for another try: the menu's notice. */
export function exportNotices(ctx: Pick<Ctx, 'db'>): ExportNotice[] {
  return ctx.db
    .all<JobRow>("SELECT * FROM export_jobs WHERE state = 'waiting' AND attempts > 0 ORDER BY id")
    .map((r) => ({ jobId: r.id, text: `${view(r).title} не удалась — повторим в ${hhmm(r.next_at!)}`, error: r.last_error ?? '' }));
}

/** «Повторить сейчас»: the job is due now (the runner takes it on its next look). */
export function retryNow(ctx: Pick<Ctx, 'db' | 'clock' | 'session' | 'emit'>, id: number): ExportJobView {
  const row = ctx.db.transaction(() => {
    const job = ctx.db.one<JobRow>('SELECT * FROM export_jobs WHERE id = ?', id);
    if (!job) throw new KassaError('NOT_FOUND', 'Такой выгрузки нет в журнале');
    if (job.state === 'done') throw new KassaError('CONFLICT', 'Эта выгрузка уже выполнена');
    if (job.state === 'running') throw new KassaError('CONFLICT', 'Эта выгрузка уже выполняется');
    ctx.db.run('UPDATE export_jobs SET next_at = ? WHERE id = ?', ctx.clock().toISOString(), id);
    audit(ctx, 'exports.retry', { id });
    return ctx.db.one<JobRow>('SELECT * FROM export_jobs WHERE id = ?', id)!;
  })();
  ctx.emit('exports.changed', null);
  return view(row);
}

export function exportSettings(ctx: Pick<Ctx, 'db'>) {
  return { zExport: getSetting(ctx, 'zExport'), schedule: getSetting(ctx, 'exportSchedule') };
}

export function saveZExport(ctx: Ctx, settings: ZExportSettings): ZExportSettings {
  if (settings.targetId !== null) savedTargetAccess(ctx, settings.targetId); // refuses a target that is gone
  ctx.db.transaction(() => {
    setSetting(ctx, 'zExport', settings);
    audit(ctx, 'exports.settings.saved', settings);
  })();
  return getSetting(ctx, 'zExport');
}
