/**
 * «Обслуживание» (admin): database archives (export, check, import), cleanup up to a date, the
 * scheduled export, the journal of actions, a bundle for support, deleting goods.
 */
import { z } from 'zod';
import { ADMIN, command, IsoDate, query } from './method.js';
import { StorageEntry, StorageTargetId } from './storage.js';
import { lazy } from '../../common/lazy.js';

const ADMIN_ANY = { kind: 'user', roles: ADMIN, shift: 'any' } as const;

export const ArchiveManifestView = lazy(() =>
  z.object({
    appVersion: z.string(),
    schemaVersion: z.number().int(),
    createdAt: z.string(),
    till: z.object({ registrationNumber: z.string(), installationId: z.string() }),
    shifts: z.object({
      count: z.number().int(),
      firstNumber: z.number().int().nullable(),
      lastNumber: z.number().int().nullable(),
      from: z.string().nullable(),
      to: z.string().nullable(),
    }),
    documents: z.number().int(),
    files: z.array(z.object({ name: z.string(), size: z.number().int(), sha256: z.string() })).optional(),
  }),
);
export type ArchiveManifestView = z.infer<typeof ArchiveManifestView>;

export const ArchiveCheckView = lazy(() => z.object({ manifest: ArchiveManifestView, sameTill: z.boolean(), migrates: z.boolean() }));
export type ArchiveCheckView = z.infer<typeof ArchiveCheckView>;

export const ExportDone = lazy(() =>
  z.object({
    path: z.string(),
    where: z.string(),
    bytes: z.number().int(),
    documents: z.number().int(),
    shifts: z.number().int(),
    removed: z.array(z.string()),
  }),
);
export type ExportDone = z.infer<typeof ExportDone>;

/** The scheduled export: daily at a time and/or after each Z, to a target, keeping the last N there. */
export const ExportSchedule = lazy(() =>
  z
    .object({
      targetId: StorageTargetId.nullable(),
      daily: z.boolean(),
      /** HH:MM, the till's local time. */
      at: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Время — ЧЧ:ММ'),
      afterZ: z.boolean(),
      keepLast: z.number().int('Целое число архивов').min(1, 'Хранить хотя бы 1 архив').max(365, 'Не больше 365 архивов'),
      /** Diagnostics turn red when the last export is older than this many days. */
      warnAfterDays: z.number().int('Целое число дней').min(1, 'Хотя бы 1 день').max(365, 'Не больше 365 дней'),
    })
    .strict()
    .refine((s) => !(s.daily || s.afterZ) || s.targetId !== null, { message: 'Выберите хранилище для архивов', path: ['targetId'] }),
);
export type ExportSchedule = z.infer<typeof ExportSchedule>;

export const MaintenanceStatus = lazy(() =>
  z.object({
    dbBytes: z.number().int(),
    freeBytes: z.number().int().nullable(),
    lastExport: z.object({ at: z.string(), path: z.string(), where: z.string() }).nullable(),
    /** Days since the last export (null: never), and whether that is older than the setting. */
    exportAgeDays: z.number().nullable(),
    exportOverdue: z.boolean(),
    lastCleanup: z.object({ at: z.string(), upTo: z.string() }).nullable(),
    schedule: ExportSchedule,
  }),
);
export type MaintenanceStatus = z.infer<typeof MaintenanceStatus>;

export const CleanupPreview = lazy(() =>
  z.object({
    upTo: IsoDate,
    shifts: z.number().int(),
    firstShift: z.number().int().nullable(),
    lastShift: z.number().int().nullable(),
    documents: z.number().int(),
    /** Roughly what the file gives back. */
    bytes: z.number().int(),
    /** Why shifts up to the date stay (open, not all accepted by the СКО, referred to by a later return). */
    kept: z.string().nullable(),
  }),
);
export type CleanupPreview = z.infer<typeof CleanupPreview>;

export const CleanupDone = lazy(() => CleanupPreview.extend({ freedBytes: z.number().int() }));

export const JournalFilter = lazy(() =>
  z
    .object({
      userId: z.number().int().positive().optional(),
      /** An action or its start: `login`, `maintenance.` … */
      action: z.string().trim().max(60).optional(),
      from: IsoDate.optional(),
      to: IsoDate.optional(),
    })
    .strict(),
);
export type JournalFilter = z.infer<typeof JournalFilter>;

export const JournalEntry = lazy(() => z.object({ id: z.number().int(), at: z.string(), user: z.string().nullable(), action: z.string(), details: z.string() }));
export type JournalEntry = z.infer<typeof JournalEntry>;

const Path = z.string().trim().min(1, 'Выберите архив').max(400);

export const maintenanceMethods = {
  'maintenance.status': query(
    lazy(() => z.object({}).strict()),
    MaintenanceStatus,
    ADMIN_ANY,
  ),
  /** Writes an archive of the database to a target; selling goes on meanwhile (a task with progress). */
  'maintenance.export': command(
    lazy(() => z.object({ targetId: StorageTargetId, keepLast: z.number().int().min(1).max(365).optional() }).strict()),
    ExportDone,
    ADMIN_ANY,
  ),
  'maintenance.archives': query(
    lazy(() => z.object({ targetId: StorageTargetId }).strict()),
    lazy(() => z.object({ files: z.array(StorageEntry) })),
    ADMIN_ANY,
  ),
  /** Downloads and checks an archive: checksums, integrity, schema; nothing on the till changes. */
  'maintenance.inspect': command(
    lazy(() => z.object({ targetId: StorageTargetId, path: Path }).strict()),
    ArchiveCheckView,
    ADMIN_ANY,
  ),
  /** Replaces the database with an archive's (shift closed, queue empty); the till restarts and asks for a login. */
  'maintenance.import': command(
    lazy(() => z.object({ targetId: StorageTargetId, path: Path, confirmTransfer: z.string().trim().max(20).optional() }).strict()),
    lazy(() => z.object({ transferred: z.boolean(), safetyCopy: z.string(), documents: z.number().int() })),
    ADMIN_ANY,
  ),
  'maintenance.cleanupPreview': query(
    lazy(() => z.object({ upTo: IsoDate }).strict()),
    CleanupPreview,
    ADMIN_ANY,
  ),
  /** Removes closed, fully accepted shifts up to the date inclusive; `expect` is the preview's counts (nothing changed since). */
  'maintenance.cleanup': command(
    lazy(() => z.object({ upTo: IsoDate, expectShifts: z.number().int().min(1, 'Нечего удалять') }).strict()),
    CleanupDone,
    ADMIN_ANY,
  ),
  'maintenance.saveSchedule': command(ExportSchedule, ExportSchedule, ADMIN_ANY),
  'maintenance.journal': query(
    lazy(() => JournalFilter.extend({ page: z.number().int().min(0).default(0), pageSize: z.number().int().min(1).max(200).default(50) }).strict()),
    lazy(() => z.object({ entries: z.array(JournalEntry), total: z.number().int(), actions: z.array(z.string()) })),
    ADMIN_ANY,
  ),
  /** The journal as CSV (UTF-8 with BOM, `;`), for Excel. */
  'maintenance.journalCsv': command(
    JournalFilter,
    lazy(() => z.object({ name: z.string(), csv: z.string() })),
    ADMIN_ANY,
  ),
  /** «Сохранить для поддержки»: logs, settings without secrets, versions, diagnostics, integrity — a zip on a target. */
  'maintenance.supportBundle': command(
    lazy(() => z.object({ targetId: StorageTargetId }).strict()),
    lazy(() => z.object({ path: z.string(), where: z.string(), bytes: z.number().int() })),
    ADMIN_ANY,
  ),
  /** Goods never sold, or all goods (no open or parked check). */
  'maintenance.deleteGoods': command(
    lazy(() => z.object({ which: z.enum(['unsold', 'all']) }).strict()),
    lazy(() => z.object({ deleted: z.number().int() })),
    ADMIN_ANY,
  ),
} as const;
