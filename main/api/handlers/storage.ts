/** Storage targets («Хранилища»): the admin's list, «Проверить подключение», the files on a target. */
import type { storageMethods } from '../../../preload/contract/index.js';
import { listFiles, removeTarget, saveTarget, storageTargets, testTarget } from '../../services/storage.js';
import type { Handlers } from './handler.js';

export const storageHandlers: Handlers<keyof typeof storageMethods> = {
  'storage.targets': (_, ctx) => storageTargets(ctx),
  'storage.saveTarget': (input, ctx) => saveTarget(ctx, input),
  'storage.removeTarget': ({ id }, ctx) => removeTarget(ctx, id),
  'storage.test': (input, ctx) => testTarget(ctx, input),
  'storage.list': ({ id, prefix }, ctx) => listFiles(ctx, id, prefix),
};
