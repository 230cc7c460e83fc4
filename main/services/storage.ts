/**
 * The admin's storage targets («Хранилища»): a named list in the settings, each target's password
 * in `ctx.storage.secrets` (never in the database, never in an answer), «Проверить подключение»,
 * and the files on a target. The goods import, report exports and archives open targets with
 * `openSavedTarget`.
 */
import { randomUUID } from 'node:crypto';
import type { StorageConnection, StorageEntry, StorageTargetSettings, StorageTargetView, StorageVerdict, SecretsAt } from '../../preload/contract/index.js';
import { KassaError } from '../domain/errors.js';
import type { StorageTarget } from '../storage/index.js';
import { audit } from './audit.js';
import type { Ctx } from './context.js';
import { getSetting, setSetting } from './settings.js';

const secretKey = (id: string) => `storage-target:${id}`;

function view(ctx: Ctx, target: StorageTargetSettings): StorageTargetView {
  return { ...target, hasPassword: ctx.storage.secrets.has(secretKey(target.id)) };
}

function saved(ctx: Ctx, id: string): StorageTargetSettings {
  const target = getSetting(ctx, 'storageTargets').find((t) => t.id === id);
  if (!target) throw new KassaError('NOT_FOUND', 'Хранилище не найдено: его удалили? Обновите список');
  return target;
}

export function storageTargets(ctx: Ctx): { targets: StorageTargetView[]; secretsAt: SecretsAt } {
  return { targets: getSetting(ctx, 'storageTargets').map((t) => view(ctx, t)), secretsAt: ctx.storage.secrets.at };
}

export type SaveTargetInput = { id?: string | undefined; name: string; connection: StorageConnection; password?: string | null | undefined };

/** Adds a target (no id) or changes one; `password`: a new one, null to forget it, absent to keep it. */
export function saveTarget(ctx: Ctx, input: SaveTargetInput): StorageTargetView {
  const password = input.connection.kind === 'folder' ? null : input.password; // a folder has no login
  const id = input.id ?? randomUUID();
  const check = () => {
    if (input.id !== undefined) saved(ctx, input.id);
    if (getSetting(ctx, 'storageTargets').some((t) => t.id !== id && t.name.toLowerCase() === input.name.toLowerCase())) {
      throw new KassaError('CONFLICT', `Хранилище «${input.name}» уже есть: выберите другое название`, {
        issues: [{ path: ['name'], message: 'Такое название уже есть' }],
      });
    }
  };
  check();
  // The password first: a save that answers «сохранено» has it. Should the settings then fail, a new
  // target's password is left under an id nothing names.
  if (password !== undefined) ctx.storage.secrets.set(secretKey(id), password);
  const target = ctx.db.transaction((): StorageTargetSettings => {
    check();
    const list = getSetting(ctx, 'storageTargets');
    const next: StorageTargetSettings = { id, name: input.name, connection: input.connection };
    setSetting(ctx, 'storageTargets', input.id === undefined ? [...list, next] : list.map((t) => (t.id === id ? next : t)));
    audit(ctx, input.id === undefined ? 'storage.addTarget' : 'storage.changeTarget', {
      id,
      name: input.name,
      kind: input.connection.kind,
      password: password === undefined ? 'kept' : password === null ? 'removed' : 'set',
    });
    return next;
  })();
  return view(ctx, target);
}

export function removeTarget(ctx: Ctx, id: string): null {
  ctx.db.transaction(() => {
    const target = saved(ctx, id);
    setSetting(
      ctx,
      'storageTargets',
      getSetting(ctx, 'storageTargets').filter((t) => t.id !== id),
    );
    audit(ctx, 'storage.removeTarget', { id, name: target.name, kind: target.connection.kind });
  })();
  ctx.storage.secrets.set(secretKey(id), null);
  return null;
}

/** A saved target, ready to use, with its password. */
export function openSavedTarget(ctx: Ctx, id: string): StorageTarget {
  const target = saved(ctx, id);
  return ctx.storage.open(target.connection, ctx.storage.secrets.get(secretKey(id)));
}

export type TestTargetInput = { id?: string | undefined; connection?: StorageConnection | undefined; password?: string | null | undefined };

/**
 * «Проверить подключение» for a saved target, or for the form as typed: its connection, with the
 * typed password, else the saved one of `id`.
 */
export async function testTarget(ctx: Ctx, input: TestTargetInput): Promise<StorageVerdict> {
  const connection = input.connection ?? saved(ctx, input.id!).connection;
  const password = input.password !== undefined ? input.password : input.id !== undefined ? ctx.storage.secrets.get(secretKey(input.id)) : null;
  return ctx.storage.open(connection, password).test();
}

export async function listFiles(ctx: Ctx, id: string, prefix?: string): Promise<{ files: StorageEntry[] }> {
  return { files: await openSavedTarget(ctx, id).list(prefix) };
}

/** A saved target's connection and password as plain data (a worker thread opens it itself). */
export function savedTargetAccess(ctx: Ctx, id: string): { connection: StorageConnection; password: string | null; name: string } {
  const target = saved(ctx, id);
  return { connection: target.connection, password: ctx.storage.secrets.get(secretKey(id)), name: target.name };
}
