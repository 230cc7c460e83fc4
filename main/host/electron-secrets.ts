/**
 * Storage-target passwords sealed by the OS through Electron's safeStorage (DPAPI on Windows, the
 * Keychain on macOS, the keyring on Linux). Call after the app is ready.
 */
import { safeStorage } from 'electron';
import type { SecretBox } from '../storage/index.js';

/** The OS's box, or null where it offers none (the core then keeps passwords in a 0600 file and says so). */
export function osSecretBox(): SecretBox | null {
  if (!safeStorage.isEncryptionAvailable()) return null;
  // Linux without a keyring: Chromium seals with a key written in its own source — no better than
  // the 0600 file, and the screen would wrongly say «зашифрованы системой».
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return null;
  return {
    at: 'os',
    seal: (plain) => safeStorage.encryptString(plain).toString('base64'),
    open: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
  };
}
