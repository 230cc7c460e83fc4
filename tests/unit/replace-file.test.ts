/**
 * main/fs/replace-file.ts: the rename over a file that the atomic writes end with. On Windows a
 * file held by another process (the antivirus, the indexer) refuses the rename with EPERM, EACCES
 * or EBUSY for a moment: tried again there, not elsewhere, and never for other errors. The renames
 * are stand-ins that fail as Windows does; the last test renames real files.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replaceFile, replaceFileSync } from '../../main/fs/replace-file.js';
import { useTempDir } from '../fixtures/temp-dir.js';

const temp = useTempDir('kassa-replace-');

const failure = (code: string) => Object.assign(new Error(`${code}: operation not permitted, rename`), { code });

/** A rename that fails with `codes` in turn, then succeeds; it records each call. */
function heldFor(...codes: string[]) {
  const calls: [string, string][] = [];
  return {
    calls,
    rename: (from: string, to: string) => {
      calls.push([from, to]);
      const code = codes.shift();
      if (code) throw failure(code);
    },
  };
}

/** A clock that moves only when slept on. */
function fakeTime() {
  let now = 0;
  const slept: number[] = [];
  return { clock: () => now, sleep: (ms: number) => (slept.push(ms), (now += ms)), slept };
}

describe('replacing a file', () => {
  it('on Windows, tries again while the file is held, and succeeds once it is let go', () => {
    const r = heldFor('EPERM', 'EBUSY', 'EACCES');
    const t = fakeTime();
    replaceFileSync('a.tmp', 'a', { platform: 'win32', rename: r.rename, clock: t.clock, sleep: t.sleep });
    expect(r.calls).toEqual([
      ['a.tmp', 'a'],
      ['a.tmp', 'a'],
      ['a.tmp', 'a'],
      ['a.tmp', 'a'],
    ]);
    expect(t.slept).toEqual([10, 20, 40]);
  });

  it('on Windows, gives up with the last error when the file stays held', () => {
    const r = heldFor(...Array<string>(100).fill('EPERM'));
    const t = fakeTime();
    expect(() => replaceFileSync('a.tmp', 'a', { platform: 'win32', withinMs: 1_000, rename: r.rename, clock: t.clock, sleep: t.sleep })).toThrow(/^EPERM/);
    expect(t.clock()).toBeGreaterThanOrEqual(1_000);
    expect(t.clock()).toBeLessThan(1_300);
  });

  it('fails at once on other errors, and off Windows on any', () => {
    for (const [platform, code] of [
      ['win32', 'ENOENT'],
      ['win32', 'EXDEV'],
      ['linux', 'EPERM'],
      ['darwin', 'EBUSY'],
    ] as const) {
      const r = heldFor(code);
      const t = fakeTime();
      expect(() => replaceFileSync('a.tmp', 'a', { platform, rename: r.rename, clock: t.clock, sleep: t.sleep })).toThrow(code);
      expect(r.calls).toHaveLength(1);
      expect(t.slept).toEqual([]);
    }
  });

  it('does the same without blocking (the folder target’s .part file)', async () => {
    const r = heldFor('EBUSY', 'EBUSY');
    const t = fakeTime();
    await replaceFile('b.part', 'b', { platform: 'win32', rename: async (f, to) => r.rename(f, to), clock: t.clock, sleep: async (ms) => void t.sleep(ms) });
    expect(r.calls).toHaveLength(3);
    const once = heldFor('EBUSY');
    await expect(replaceFile('b.part', 'b', { platform: 'linux', rename: async (f, to) => once.rename(f, to) })).rejects.toThrow('EBUSY');
  });

  it('renames real files over the old one', async () => {
    const dir = temp.dir();
    writeFileSync(join(dir, 'settings.json'), 'old');
    writeFileSync(join(dir, 'settings.json.tmp'), 'new');
    replaceFileSync(join(dir, 'settings.json.tmp'), join(dir, 'settings.json'));
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toBe('new');
    writeFileSync(join(dir, 'x.part'), 'part');
    await replaceFile(join(dir, 'x.part'), join(dir, 'x'));
    expect([existsSync(join(dir, 'x.part')), readFileSync(join(dir, 'x'), 'utf8')]).toEqual([false, 'part']);
  });
});
