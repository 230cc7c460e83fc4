/**
 * The fuses electron-builder flips in the packaged Electron binary (electron-builder.yml
 * `electronFuses`, applied through @electron/fuses at pack time).
 * https://www.electronjs.org/docs/latest/tutorial/fuses
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** The `electronFuses:` block of the config as key → value (a flat YAML map of booleans). */
function fuses(): Record<string, string> {
  const text = readFileSync(fileURLToPath(new URL('../../electron-builder.yml', import.meta.url)), 'utf8');
  const block = /^electronFuses:\n((?:[ \t]+.*\n|\n)*)/m.exec(text)?.[1] ?? '';
  return Object.fromEntries([...block.matchAll(/^[ \t]+(\w+):[ \t]*(\w+)/gm)].map((m) => [m[1]!, m[2]!]));
}

describe('Electron fuses of the packaged till', () => {
  it('load the app only from app.asar and check that archive against the hash built into the binary', () => {
    expect(fuses()).toMatchObject({ onlyLoadAppFromAsar: 'true', enableEmbeddedAsarIntegrityValidation: 'true' });
  });

  it('leave no way to run it as Node or attach an inspector', () => {
    expect(fuses()).toMatchObject({ runAsNode: 'false', enableNodeOptionsEnvironmentVariable: 'false', enableNodeCliInspectArguments: 'false' });
  });
});
