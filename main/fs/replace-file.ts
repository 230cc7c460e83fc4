/**
 * Renaming a file over another, as the atomic writes do (the database swap at import, the storage
 * secrets, a folder target's .part file). On Windows a rename fails with EPERM, EACCES or EBUSY
 * while anyone holds either file open — the antivirus scanning a file just written, the search
 * indexer, a handle being closed — and the holder lets go within moments; so there it is tried
 * again for a while, as npm's graceful-fs does. Elsewhere these errors are real (permissions) and
 * fail at once.
 */
import { renameSync } from 'node:fs';
import { rename } from 'node:fs/promises';

/** Errors a Windows rename gives while another process holds the file. */
const HELD = new Set(['EPERM', 'EACCES', 'EBUSY']);

export type ReplaceOptions = {
  readonly platform?: NodeJS.Platform;
  /** How long to keep trying on Windows, in milliseconds. */
  readonly withinMs?: number;
  readonly clock?: () => number;
};

const DEFAULT_WITHIN_MS = 5_000;

function held(err: unknown, platform: NodeJS.Platform): boolean {
  return platform === 'win32' && HELD.has((err as NodeJS.ErrnoException).code ?? '');
}

/** The wait before the next try: 10, 20, 40 … up to 200 ms. */
const pause = (attempt: number) => Math.min(200, 10 * 2 ** attempt);

export function replaceFileSync(
  from: string,
  to: string,
  options: ReplaceOptions & { rename?: (from: string, to: string) => void; sleep?: (ms: number) => void } = {},
): void {
  const { platform = process.platform, withinMs = DEFAULT_WITHIN_MS, clock = Date.now, rename: doRename = renameSync, sleep = sleepSync } = options;
  const until = clock() + withinMs;
  for (let attempt = 0; ; attempt++) {
    try {
      doRename(from, to);
      return;
    } catch (err) {
      if (!held(err, platform) || clock() >= until) throw err;
      sleep(pause(attempt));
    }
  }
}

export async function replaceFile(
  from: string,
  to: string,
  options: ReplaceOptions & { rename?: (from: string, to: string) => Promise<void>; sleep?: (ms: number) => Promise<void> } = {},
): Promise<void> {
  const { platform = process.platform, withinMs = DEFAULT_WITHIN_MS, clock = Date.now, rename: doRename = rename, sleep = sleepAsync } = options;
  const until = clock() + withinMs;
  for (let attempt = 0; ; attempt++) {
    try {
      await doRename(from, to);
      return;
    } catch (err) {
      if (!held(err, platform) || clock() >= until) throw err;
      await sleep(pause(attempt));
    }
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function sleepAsync(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
