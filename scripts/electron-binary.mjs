// Finds the Electron binary by its files alone. Never `require('electron')` to ask: on a machine
// where the binary could not be downloaded, that import tries to download it and throws.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The executable's path inside node_modules/electron/dist, as electron's install.js writes it. */
export function electronExecutableName(platform = process.platform) {
  switch (platform) {
    case 'darwin':
    case 'mas':
      return 'Electron.app/Contents/MacOS/Electron';
    case 'win32':
      return 'electron.exe';
    default:
      return 'electron';
  }
}

/**
 * The Electron binary under `rootDir`, or null when it is not installed: no
 * node_modules/electron/path.txt, a path.txt for another platform, or the file it names missing.
 * @param {string} rootDir the project folder (the one holding node_modules)
 * @param {NodeJS.Platform | 'mas'} [platform]
 * @returns {string | null}
 */
export function electronBinaryPath(rootDir, platform = process.platform) {
  const packageDir = join(rootDir, 'node_modules', 'electron');
  let named;
  try {
    named = readFileSync(join(packageDir, 'path.txt'), 'utf8').trim();
  } catch {
    return null;
  }
  // Only this platform's name: also keeps a tampered path.txt from pointing outside dist/.
  if (named !== electronExecutableName(platform)) return null;
  const binary = join(packageDir, 'dist', named);
  try {
    return statSync(binary).isFile() ? binary : null;
  } catch {
    return null;
  }
}
