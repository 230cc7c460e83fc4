/**
 * «Выгрузки» (issues 12 and 13): files the till writes by itself in the background — the reports
 * of a shift after its Z, and the database archive after each Z and/or daily — to a storage target,
 * retried until they land, each attempt in a journal.
 */
import { z } from 'zod';
import { ADMIN, BOTH, Empty, Id, command, query } from './method.js';
import { ExportSchedule } from './maintenance.js';
import { StorageTargetId } from './storage.js';
import { lazy } from '../../common/lazy.js';

const ADMIN_ANY = { kind: 'user', roles: ADMIN, shift: 'any' } as const;

/** The period reports that go out at a Z, over that shift's own documents. */
export const ShiftExportReport = z.enum(['goods', 'payments', 'cashiers', 'hours', 'sections']);
export type ShiftExportReport = z.infer<typeof ShiftExportReport>;

/** «Выгрузка при закрытии смены». */
export const ZExportSettings = lazy(() =>
  z
    .object({
      enabled: z.boolean(),
      targetId: StorageTargetId.nullable(),
      reports: z.array(ShiftExportReport).max(5),
      format: z.enum(['csv', 'xlsx']),
    })
    .strict()
    .refine((s) => !s.enabled || s.targetId !== null, { message: 'Выберите хранилище для выгрузки', path: ['targetId'] })
    .refine((s) => !s.enabled || s.reports.length > 0, { message: 'Отметьте хотя бы один отчёт', path: ['reports'] })
    .refine((s) => new Set(s.reports).size === s.reports.length, { message: 'Отчёт указан дважды', path: ['reports'] }),
);
export type ZExportSettings = z.infer<typeof ZExportSettings>;

export const ExportJobView = lazy(() =>
  z.object({
    id: z.number().int(),
    kind: z.enum(['reports', 'archive']),
    /** After the Z of a shift, or the daily archive. */
    cause: z.enum(['z', 'daily']),
    shiftNumber: z.number().int().nullable(),
    /** In the shop's words: «Выгрузка отчётов после смены № 12», «Ежедневная выгрузка архива базы». */
    title: z.string(),
    targetName: z.string(),
    createdAt: z.string(),
    /** waiting: not tried yet or tried and failed, `nextAt` says when again; done: on the target. */
    state: z.enum(['waiting', 'running', 'done']),
    attempts: z.number().int(),
    nextAt: z.string().nullable(),
    lastError: z.string().nullable(),
    doneAt: z.string().nullable(),
    /** What was written (and, for archives, the old ones removed). */
    files: z.array(z.string()),
    removed: z.array(z.string()),
  }),
);
export type ExportJobView = z.infer<typeof ExportJobView>;

export const ExportAttempt = lazy(() =>
  z.object({
    jobId: z.number().int(),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    ok: z.boolean().nullable(),
    message: z.string().nullable(),
  }),
);
export type ExportAttempt = z.infer<typeof ExportAttempt>;

/** What the menu says about a job that failed and will be tried again. */
export const ExportNotice = lazy(() => z.object({ jobId: z.number().int(), text: z.string(), error: z.string() }));
export type ExportNotice = z.infer<typeof ExportNotice>;

export const exportsMethods = {
  /** The settings of the export at Z, and the archive schedule as «Обслуживание» saved it. */
  'exports.settings': query(
    Empty,
    lazy(() => z.object({ zExport: ZExportSettings, schedule: ExportSchedule })),
    ADMIN_ANY,
  ),
  'exports.saveSettings': command(ZExportSettings, ZExportSettings, ADMIN_ANY),
  /** The journal: every export, newest first, with its attempts. */
  'exports.journal': query(
    lazy(() => z.object({ page: z.number().int().min(0).default(0), pageSize: z.number().int().min(1).max(200).default(25) }).strict()),
    lazy(() => z.object({ jobs: z.array(ExportJobView), attempts: z.array(ExportAttempt), total: z.number().int() })),
    ADMIN_ANY,
  ),
  /** Failed exports waiting for their next attempt: the menu shows them to whoever is at the till. */
  'exports.notices': query(
    Empty,
    lazy(() => z.array(ExportNotice)),
    { kind: 'user', roles: BOTH, shift: 'any' },
  ),
  /** Tries a waiting export now instead of at its next time. */
  'exports.retry': command(
    lazy(() => z.object({ id: Id }).strict()),
    ExportJobView,
    ADMIN_ANY,
  ),
} as const;

export const exportsEvents = {
  /** An export was queued, tried, or landed. */
  'exports.changed': z.null(),
} as const;
