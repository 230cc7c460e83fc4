/** Windows programs the till starts (PowerShell for the RAW printer queue, taskkill) go by full path, never by PATH. */
import { win32 } from 'node:path';
import { describe, expect, it } from 'vitest';
import { powershellPath, windowsSystemProgram } from '../../main/devices/printer/transports/windows.js';

// A rooted folder without a drive letter: what matters is that the path starts at %SystemRoot%.
const ROOT = win32.join(win32.sep, 'Windows');

describe('Windows system programs', () => {
  it('finds powershell.exe under %SystemRoot%\\System32\\WindowsPowerShell\\v1.0', () => {
    expect(powershellPath({ SystemRoot: ROOT, PATH: '.' })).toBe(win32.join(ROOT, 'System32', 'WindowsPowerShell', 'v1.0', 'powershell.exe'));
  });

  it('reads the variable in any case, and windir when SystemRoot is missing', () => {
    expect(windowsSystemProgram({ SYSTEMROOT: ROOT }, 'taskkill.exe')).toBe(win32.join(ROOT, 'System32', 'taskkill.exe'));
    expect(windowsSystemProgram({ windir: ROOT }, 'taskkill.exe')).toBe(win32.join(ROOT, 'System32', 'taskkill.exe'));
  });

  it('refuses a missing or relative system folder rather than falling back to a bare name', () => {
    expect(powershellPath({})).toBeNull();
    expect(powershellPath({ SystemRoot: '' })).toBeNull();
    expect(powershellPath({ SystemRoot: 'Windows' })).toBeNull();
    expect(powershellPath({ SystemRoot: '.\\Windows' })).toBeNull();
  });
});
