import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { electronBinaryPath, electronExecutableName } from '../../scripts/electron-binary.mjs';

const made: string[] = [];

/** A project folder with node_modules/electron laid out as its install script leaves it. */
function project(files: { pathTxt?: string; binary?: string }): string {
  const root = mkdtempSync(join(tmpdir(), 'kassa-electron-bin-'));
  made.push(root);
  const pkg = join(root, 'node_modules', 'electron');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, 'package.json'), '{"name":"electron"}');
  if (files.pathTxt !== undefined) writeFileSync(join(pkg, 'path.txt'), files.pathTxt);
  if (files.binary !== undefined) {
    const bin = join(pkg, 'dist', files.binary);
    mkdirSync(dirname(bin), { recursive: true });
    writeFileSync(bin, '#!/bin/sh\n');
    chmodSync(bin, 0o755);
  }
  return root;
}

afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true, maxRetries: 10 });
});

describe('electronBinaryPath', () => {
  it('finds the binary that path.txt names inside dist/', () => {
    const root = project({ pathTxt: 'electron', binary: 'electron' });
    expect(electronBinaryPath(root, 'linux')).toBe(join(root, 'node_modules', 'electron', 'dist', 'electron'));
  });

  it('knows the Windows and macOS executable names', () => {
    const win = project({ pathTxt: 'electron.exe', binary: 'electron.exe' });
    expect(electronBinaryPath(win, 'win32')).toBe(join(win, 'node_modules', 'electron', 'dist', 'electron.exe'));
    const mac = project({ pathTxt: 'Electron.app/Contents/MacOS/Electron', binary: 'Electron.app/Contents/MacOS/Electron' });
    expect(electronBinaryPath(mac, 'darwin')).toBe(join(mac, 'node_modules', 'electron', 'dist', 'Electron.app/Contents/MacOS/Electron'));
  });

  it('says null when the electron package is not installed at all', () => {
    const root = mkdtempSync(join(tmpdir(), 'kassa-electron-bin-'));
    made.push(root);
    expect(electronBinaryPath(root, 'linux')).toBeNull();
  });

  it('says null when the download never happened (no path.txt, no dist/) — this machine', () => {
    expect(electronBinaryPath(project({}), 'linux')).toBeNull();
  });

  it('says null when path.txt points to a file that is missing', () => {
    expect(electronBinaryPath(project({ pathTxt: 'electron' }), 'linux')).toBeNull();
  });

  it('says null when path.txt names a folder, not the executable', () => {
    const root = project({ pathTxt: 'electron' });
    mkdirSync(join(root, 'node_modules', 'electron', 'dist', 'electron'), { recursive: true });
    expect(electronBinaryPath(root, 'linux')).toBeNull();
  });

  it('says null when path.txt was written for another platform', () => {
    const root = project({ pathTxt: 'electron.exe', binary: 'electron.exe' });
    expect(electronBinaryPath(root, 'linux')).toBeNull();
  });

  it('does not follow a path.txt that points outside dist/', () => {
    const root = project({ pathTxt: '../../../evil', binary: 'electron' });
    writeFileSync(join(root, 'evil'), '');
    expect(electronBinaryPath(root, 'linux')).toBeNull();
  });

  it('defaults to the platform it runs on', () => {
    const name = electronExecutableName();
    const root = project({ pathTxt: name, binary: name });
    expect(electronBinaryPath(root)).toBe(join(root, 'node_modules', 'electron', 'dist', name));
  });
});
