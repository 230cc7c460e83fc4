/**
 * The disk under the data folder: whether an error means it is full, and how much room is left.
 * SQLite says SQLITE_FULL (or an I/O error when the file system refuses a write), Node says ENOSPC.
 */
import { statfsSync } from 'node:fs';

const DISK_FULL_CODES = /^(SQLITE_FULL|SQLITE_IOERR(_\w+)?|ENOSPC|EDQUOT)$/;

/** True when `err` (or an error it wraps) says the disk refused a write. */
export function isDiskFull(err: unknown): boolean {
  for (let e = err, depth = 0; e !== null && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && DISK_FULL_CODES.test(code)) return true;
  }
  return false;
}

/** Bytes free for the till's own user on the disk that holds `folder`; null when the system does not say. */
export function freeBytes(folder: string): number | null {
  try {
    const fs = statfsSync(folder);
    return fs.bavail * fs.bsize;
  } catch {
    return null;
  }
}
