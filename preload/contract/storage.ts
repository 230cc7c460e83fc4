/**
 * Storage targets: the places the till reads files from and writes files to — a folder (USB stick),
 * an FTP/FTPS server, a WebDAV server (Яндекс Диск). Price lists, report exports and database archives
 * all go through them. A password goes in and never comes back out (`hasPassword`).
 */
import { z } from 'zod';
import { ADMIN, command, Empty, query } from './method.js';
import { lazy } from '../../common/lazy.js';

const ADMIN_ANY = { kind: 'user', roles: ADMIN, shift: 'any' } as const;

export const StorageKind = z.enum(['folder', 'ftp', 'webdav']);
export type StorageKind = z.infer<typeof StorageKind>;

/** A folder inside a target, `/`-separated; `..` would leave the target. */
const Subfolder = lazy(() =>
  z
    .string()
    .trim()
    .max(300, 'Путь — до 300 символов')
    .refine((p) => !p.split(/[\\/]/).includes('..'), 'В пути не может быть «..»'),
);

export const FolderConnection = lazy(() =>
  z
    .object({
      kind: z.literal('folder'),
      /** A full path: `E:\kassa`, `/media/kassir/FLASH/kassa`, `\\server\share`. */
      path: z
        .string()
        .trim()
        .min(1, 'Укажите папку')
        .max(300, 'Путь — до 300 символов')
        .regex(/^(\/|[A-Za-z]:[\\/]|\\\\)/, 'Укажите полный путь к папке (например, E:\\kassa или /media/kassir/FLASH)')
        .refine((p) => !p.split(/[\\/]/).includes('..'), 'В пути не может быть «..»'),
    })
    .strict(),
);

const Host = lazy(() =>
  z
    .string()
    .trim()
    .min(1, 'Укажите адрес сервера')
    .max(253, 'Адрес сервера — до 253 символов')
    .regex(/^[A-Za-z0-9.\-:[\]]+$/, 'Адрес сервера — имя или IP-адрес, без «ftp://» и пробелов'),
);

const User = z.string().trim().max(200, 'Имя пользователя — до 200 символов');

export const FtpConnection = lazy(() =>
  z
    .object({
      kind: z.literal('ftp'),
      host: Host,
      port: z.number().int('Порт — целое число').min(1, 'Порт — от 1 до 65535').max(65_535, 'Порт — от 1 до 65535'),
      /** `explicit`: FTPS after AUTH TLS on the usual port 21; `implicit`: TLS from the first byte (port 990). */
      secure: z.enum(['none', 'explicit', 'implicit']),
      /** Empty: anonymous. */
      user: User,
      /** The folder on the server the till works in; empty: where the login lands. */
      root: Subfolder,
    })
    .strict(),
);

export const WebdavConnection = lazy(() =>
  z
    .object({
      kind: z.literal('webdav'),
      /** The server's address as the provider gives it: `https://webdav.yandex.ru`. */
      url: z
        .string()
        .trim()
        .max(500, 'Адрес — до 500 символов')
        .regex(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/i, 'Адрес — вида https://webdav.yandex.ru'),
      user: User,
      /** The folder on the server the till works in; empty: the server's top folder. */
      root: Subfolder,
    })
    .strict(),
);

export const StorageConnection = lazy(() => z.discriminatedUnion('kind', [FolderConnection, FtpConnection, WebdavConnection]));
export type StorageConnection = z.infer<typeof StorageConnection>;

export const StorageTargetId = z.string().uuid('Неверный номер хранилища');

const TargetName = z.string().trim().min(1, 'Введите название хранилища').max(60, 'Название хранилища — до 60 символов');

/** What the settings keep about a target (the password is kept apart, see `secretsAt`). */
export const StorageTargetSettings = lazy(() => z.object({ id: StorageTargetId, name: TargetName, connection: StorageConnection }).strict());
export type StorageTargetSettings = z.infer<typeof StorageTargetSettings>;

export const StorageTargetView = lazy(() => StorageTargetSettings.extend({ hasPassword: z.boolean() }));
export type StorageTargetView = z.infer<typeof StorageTargetView>;

/** Where passwords are kept: encrypted by the OS, or in a file only this OS user may read (0600). */
export const SecretsAt = z.enum(['os', 'file']);
export type SecretsAt = z.infer<typeof SecretsAt>;

/** A password as typed: set it, `null` to forget it, absent to keep the saved one. */
const Password = z.string().min(1, 'Введите пароль').max(200, 'Пароль — до 200 символов').nullable().optional();

/** The steps of «Проверить подключение», in order. */
export const StorageStep = z.enum(['connect', 'list', 'write', 'read', 'remove']);
export type StorageStep = z.infer<typeof StorageStep>;

export const StorageVerdict = lazy(() =>
  z.object({
    ok: z.boolean(),
    /** The step that failed; null when all passed. */
    step: StorageStep.nullable(),
    /** For the admin, in Russian: what works, or what failed and why. */
    message: z.string(),
    ms: z.number().int().nonnegative(),
  }),
);
export type StorageVerdict = z.infer<typeof StorageVerdict>;

export const StorageEntry = lazy(() =>
  z.object({
    name: z.string(),
    /** From the target's folder, `/`-separated: what `read` takes. */
    path: z.string(),
    folder: z.boolean(),
    size: z.number().int().nonnegative(),
    modifiedAt: z.string().nullable(),
  }),
);
export type StorageEntry = z.infer<typeof StorageEntry>;

export const storageMethods = {
  'storage.targets': query(
    Empty,
    lazy(() => z.object({ targets: z.array(StorageTargetView), secretsAt: SecretsAt })),
    ADMIN_ANY,
  ),
  /** Adds a target (no `id`) or changes one. */
  'storage.saveTarget': command(
    lazy(() => z.object({ id: StorageTargetId.optional(), name: TargetName, connection: StorageConnection, password: Password }).strict()),
    StorageTargetView,
    ADMIN_ANY,
  ),
  'storage.removeTarget': command(
    lazy(() => z.object({ id: StorageTargetId }).strict()),
    z.null(),
    ADMIN_ANY,
  ),
  /**
   * «Проверить подключение»: connect, list, write a probe file, read it back, remove it. A saved
   * target by `id`, or the form as typed (`connection`, with `id` to use the saved password).
   */
  'storage.test': command(
    lazy(() =>
      z
        .object({ id: StorageTargetId.optional(), connection: StorageConnection.optional(), password: Password })
        .strict()
        .refine((t) => t.id !== undefined || t.connection !== undefined, 'Выберите хранилище или заполните его настройки'),
    ),
    StorageVerdict,
    ADMIN_ANY,
  ),
  /** Files on a target: those in a folder (`prefix` ending in `/`) or starting with a name (`archives/kassa-`). */
  'storage.list': query(
    lazy(() => z.object({ id: StorageTargetId, prefix: Subfolder.optional() }).strict()),
    lazy(() => z.object({ files: z.array(StorageEntry) })),
    ADMIN_ANY,
  ),
} as const;
