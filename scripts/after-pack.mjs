/**
 * electron-builder's afterPack hook: the Electron binary's fuses, flipped with @electron/fuses
 * after the app is packed and before it is signed, then read back — a build whose binary does not
 * hold them fails here instead of shipping. Each fuse, and the Electron security checklist item:
 * https://www.electronjs.org/docs/latest/tutorial/fuses
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { flipFuses, FuseV1Options, FuseVersion, getCurrentFuseWire } from '@electron/fuses';

/** What each fuse of the till's binary is, and why. */
export const FUSES = {
  version: FuseVersion.V1,
  // ELECTRON_RUN_AS_NODE cannot turn the till into a Node shell.
  [FuseV1Options.RunAsNode]: false,
  // Cookies and local storage on disk are encrypted with the OS keychain key.
  [FuseV1Options.EnableCookieEncryption]: true,
  // NODE_OPTIONS cannot inject code into the till.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  // No --inspect debugger on a shop PC.
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // app.asar is checked against the hash electron-builder built into the binary (Windows, macOS).
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  // The code runs only from our app.asar, never from a folder put beside it.
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  // The UI is served on app://; file:// gets nothing extra.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
};

/** The packed Electron binary, as electron-builder names it per platform. */
export function electronBinary(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  if (electronPlatformName === 'win32') return join(appOutDir, `${packager.appInfo.productFilename}.exe`);
  if (electronPlatformName === 'linux') return join(appOutDir, packager.executableName);
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') return join(appOutDir, `${packager.appInfo.productFilename}.app`);
  throw new Error(`afterPack: unknown platform ${electronPlatformName}`);
}

/**
 * kassa-admin's launcher, packed by electron-builder.yml's extraResources: there, and it runs this
 * very binary with the `admin` sub-command (a renamed binary would leave a launcher that runs nothing).
 * The Linux launcher's executable bit is read only on a POSIX build machine: NTFS keeps none.
 * @param {NodeJS.Platform} [host] the OS the build runs on
 */
export function checkAdminLauncher(context, host = process.platform) {
  const { appOutDir, electronPlatformName } = context;
  if (electronPlatformName !== 'win32' && electronPlatformName !== 'linux') return;
  const file = join(appOutDir, 'resources', 'bin', electronPlatformName === 'win32' ? 'kassa-admin.cmd' : 'kassa-admin');
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`afterPack: the kassa-admin launcher ${file} is not packed (electron-builder.yml extraResources)`);
  }
  const binary = basename(electronBinary(context));
  const runs = electronPlatformName === 'win32' ? `"%~dp0..\\..\\${binary}" admin %*` : `exec "$here/../../${binary}" `;
  if (!text.includes(runs)) throw new Error(`afterPack: the kassa-admin launcher ${file} does not run ${binary}`);
  if (electronPlatformName === 'linux' && host !== 'win32' && (statSync(file).mode & 0o111) === 0)
    throw new Error(`afterPack: the kassa-admin launcher ${file} is not executable`);
}

export default async function afterPack(context) {
  const binary = electronBinary(context);
  await flipFuses(binary, { ...FUSES, resetAdHocDarwinSignature: context.electronPlatformName === 'darwin' && context.arch === 3 });
  const wire = await getCurrentFuseWire(binary);
  for (const [fuse, on] of Object.entries(FUSES)) {
    if (fuse === 'version') continue;
    const want = on ? 49 : 48; // FuseState.ENABLE / DISABLE
    if (wire[fuse] !== want) throw new Error(`afterPack: fuse ${FuseV1Options[fuse]} of ${binary} is not ${on ? 'on' : 'off'} after flipping`);
  }
  checkAdminLauncher(context);
  console.log(
    `  • fuses set  ${Object.entries(FUSES)
      .filter(([k]) => k !== 'version')
      .map(([k, v]) => `${FuseV1Options[k]}=${v ? 'on' : 'off'}`)
      .join(' ')}`,
  );
}
