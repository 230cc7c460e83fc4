/** The emulator's signing key: Ed25519 from node:crypto, kept in its data folder across restarts. */
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { keyIdOf } from '../protocol.js';

export const PRIVATE_KEY_FILE = 'sko-signing-key.pem';
/** What a till must be given to trust this emulator (`--sko-public-key`). */
export const PUBLIC_KEY_FILE = 'sko-public-key.pem';

export type SigningKey = { readonly privateKey: KeyObject; readonly publicKey: KeyObject; readonly publicKeyPem: string; readonly keyId: string };

export function loadOrCreateSigningKey(dataDir: string): SigningKey {
  const privateFile = join(dataDir, PRIVATE_KEY_FILE);
  let privateKey: KeyObject;
  if (existsSync(privateFile)) {
    privateKey = createPrivateKey(readFileSync(privateFile, 'utf8'));
  } else {
    privateKey = generateKeyPairSync('ed25519').privateKey;
    writeFileSync(privateFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    try {
      chmodSync(privateFile, 0o600);
    } catch {
      // Windows has no POSIX modes; the folder's ACL protects it there.
    }
  }
  const publicKey = createPublicKey(privateKey);
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  writeFileSync(join(dataDir, PUBLIC_KEY_FILE), publicKeyPem);
  return { privateKey, publicKey, publicKeyPem, keyId: keyIdOf(publicKey) };
}
