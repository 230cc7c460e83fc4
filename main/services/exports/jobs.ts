/**
 * The worker-thread side of the export at a Z: a shift's reports over its own documents, written as
 * files to a storage target. Runs on the worker's own connection (main/tasks/), so the till sells
 * on while a year-old shift or a slow FTP server takes its time.
 */
import type { ShiftExportReport, StorageConnection } from '../../../preload/contract/index.js';
import type { Db } from '../../db/database.js';
import { KassaError } from '../../domain/errors.js';
import { openTarget, type StorageTarget } from '../../storage/index.js';
import { TaskCancelled, type JobCtx } from '../../tasks/job.js';
import { tillIdentity } from '../maintenance/archive.js';
import { REPORT_TITLES } from '../../../common/report-tables.js';
import { localDay, type ReportInput } from '../reports/figures.js';
import { readReport, reportSections } from '../reports/files.js';
import { exportTables } from '../table-export.js';

export const REPORTS_FOLDER = 'kassa-reports';

export type ShiftReportsInput = {
  readonly shiftId: number;
  readonly reports: readonly ShiftExportReport[];
  readonly format: 'csv' | 'xlsx';
  readonly connection: StorageConnection;
  readonly password: string | null;
  /** The till's deadline for a silent server (ctx.storage). */
  readonly timeoutMs?: number | undefined;
};

export type ShiftReportsResult = { readonly files: string[] };

type ShiftRow = { number: number; opened_at: string; closed_at: string | null; training: number };

/** The report input of a closed shift: its local days, cut to its own opening and closing. */
export function shiftReportInput(shift: Pick<ShiftRow, 'opened_at' | 'closed_at'>): ReportInput {
  const end = new Date(Date.parse(shift.closed_at!) + 1).toISOString(); // the closing instant included
  return { period: { from: localDay(shift.opened_at), to: localDay(shift.closed_at!), within: { start: shift.opened_at, end } }, filter: {} };
}

/** `kassa-reports/<till>-shift-0012-20261203/`: sorts by shift, says whose it is. */
export function shiftFolder(db: Db, shift: ShiftRow): string {
  const till = tillIdentity(db).registrationNumber || (shift.training ? 'training' : 'till');
  const who = till.replace(/[^\p{L}\p{N}_-]+/gu, '_').slice(0, 40);
  return `${REPORTS_FOLDER}/${who}-shift-${String(shift.number).padStart(4, '0')}-${localDay(shift.closed_at!).replace(/-/g, '')}`;
}

export async function writeShiftReports(
  db: Db,
  target: StorageTarget,
  input: Omit<ShiftReportsInput, 'connection' | 'password' | 'timeoutMs'>,
  job?: Pick<JobCtx, 'progress' | 'signal'>,
): Promise<ShiftReportsResult> {
  const shift = db.one<ShiftRow>('SELECT number, opened_at, closed_at, training FROM shifts WHERE id = ?', input.shiftId);
  if (!shift) throw new KassaError('NOT_FOUND', 'Смены больше нет в базе (очищена?) — выгружать нечего');
  if (!shift.closed_at) throw new KassaError('CONFLICT', `Смена № ${shift.number} ещё открыта`);
  const reportInput = shiftReportInput(shift);
  const folder = shiftFolder(db, shift);
  const files: string[] = [];
  let done = 0;
  for (const report of input.reports) {
    job?.progress(done, input.reports.length, REPORT_TITLES[report]);
    // The same tables and writer as the «Отчёты» screen's CSV / XLSX; the file named by the report.
    const title = `${REPORT_TITLES[report]} — смена № ${shift.number}`;
    const file = await exportTables(report, input.format, title, reportSections(report, readReport(db, report, reportInput)));
    const data = Buffer.from(file.base64, 'base64');
    const path = `${folder}/${file.fileName}`;
    try {
      await target.write(path, data);
    } catch (err) {
      if (job?.signal.aborted) throw new TaskCancelled();
      if (err instanceof KassaError || err instanceof TaskCancelled) throw err;
      throw new KassaError('STORAGE_ERROR', `Отчёт не записан (${target.where}): ${err instanceof Error ? err.message : String(err)}`);
    }
    files.push(path);
    done++;
  }
  job?.progress(done, input.reports.length);
  return { files };
}

export async function shiftReportsJob(job: JobCtx, input: ShiftReportsInput): Promise<ShiftReportsResult> {
  const { connection, password, timeoutMs, ...rest } = input;
  return writeShiftReports(job.db, openTarget(connection, password, timeoutMs), rest, job);
}
