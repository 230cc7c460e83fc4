/**
 * The one storage module: every file the till reads or writes elsewhere (price lists, report
 * exports, database archives) goes through a StorageTarget opened here.
 */
import type { StorageConnection } from '../../preload/contract/index.js';
import { folderTarget } from './folder.js';
import { ftpTarget } from './ftp.js';
import { secretsFile, type SecretBox, type Secrets } from './secrets.js';
import type { StorageTarget } from './target.js';
import { webdavTarget } from './webdav.js';

export type { StorageTarget } from './target.js';
export { fileSecretBox, type SecretBox, type Secrets } from './secrets.js';

/** What services get in `ctx.storage`. */
export type Storage = {
  /** The targets' passwords. */
  readonly secrets: Secrets;
  /** A target from its connection settings and password. Nothing connects until a method is called. */
  open(connection: StorageConnection, password: string | null): StorageTarget;
  /** The deadline of a silent server: a worker thread that opens a target itself passes it on. */
  readonly timeoutMs?: number;
};

export type StorageOptions = {
  /** How long a server may stay silent (connecting, or mid-transfer) before the operation fails. */
  readonly timeoutMs?: number;
};

export const STORAGE_TIMEOUT_MS = 20_000;

export function openTarget(connection: StorageConnection, password: string | null, timeoutMs = STORAGE_TIMEOUT_MS): StorageTarget {
  switch (connection.kind) {
    case 'folder':
      return folderTarget(connection.path);
    case 'ftp':
      return ftpTarget(connection, password, timeoutMs);
    case 'webdav':
      return webdavTarget(connection, password, timeoutMs);
  }
}

export function createStorage(dataDir: string, box: SecretBox, options: StorageOptions = {}): Storage {
  return {
    secrets: secretsFile(dataDir, box),
    open: (connection, password) => openTarget(connection, password, options.timeoutMs ?? STORAGE_TIMEOUT_MS),
    timeoutMs: options.timeoutMs ?? STORAGE_TIMEOUT_MS,
  };
}
