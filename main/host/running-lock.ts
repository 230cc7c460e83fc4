/**
 * «The till is running on this data folder»: a small file with the process id, written by the
 * hosts at start and removed at a clean stop. kassa-admin refuses an import or a cleanup while the
 * process it names is alive (a file left by a killed till names a dead process and is ignored).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const RUNNING_FILE = 'kassa.running';

export function markRunning(dataDir: string, info: { readonly host: 'web' | 'electron'; readonly port?: number }): () => void {
  const file = join(dataDir, RUNNING_FILE);
  writeFileSync(file, JSON.stringify({ pid: process.pid, ...info, since: new Date().toISOString() }), { mode: 0o600 });
  return () => {
    try {
      if ((JSON.parse(readFileSync(file, 'utf8')) as { pid: number }).pid === process.pid) rmSync(file, { force: true });
    } catch {
      // gone already
    }
  };
}

/** The running till's process id, or null (no file, or its process is gone). */
export function runningTill(dataDir: string): { pid: number; host: string; port?: number } | null {
  let info: { pid: number; host: string; port?: number };
  try {
    info = JSON.parse(readFileSync(join(dataDir, RUNNING_FILE), 'utf8')) as typeof info;
  } catch {
    return null;
  }
  if (info.pid === process.pid) return null;
  try {
    process.kill(info.pid, 0);
    return info;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? info : null;
  }
}
