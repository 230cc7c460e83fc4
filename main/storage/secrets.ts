/**
 * Passwords of storage targets, kept out of the database (so archives and support bundles never
 * carry them) in `<data folder>/secrets.json`, readable by this OS user only (0600). Where the OS
 * can encrypt (Electron's safeStorage: DPAPI, Keychain, the Linux keyring) each value is also
 * sealed by it; the SecretBox says which, and the admin's screen says so.
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SecretsAt } from '../../preload/contract/index.js';
import { KassaError } from '../domain/errors.js';
import { replaceFileSync } from '../fs/replace-file.js';

/** How a secret is sealed before it is written: by the OS, or not at all (the file's 0600 is the guard). */
export type SecretBox = {
  readonly at: SecretsAt;
  seal(plain: string): string;
  open(sealed: string): string;
};

/** No OS encryption here (the web host, a Linux till without a keyring). */
export const fileSecretBox: SecretBox = { at: 'file', seal: (s) => s, open: (s) => s };

export type Secrets = {
  readonly at: SecretsAt;
  get(key: string): string | null;
  has(key: string): boolean;
  /** `null` forgets it. */
  set(key: string, value: string | null): void;
};

export const SECRETS_FILE = 'secrets.json';

type Entry = { at: SecretsAt; value: string };

export function secretsFile(dataDir: string, box: SecretBox): Secrets {
  const file = join(dataDir, SECRETS_FILE);

  function readAll(): Record<string, Entry> {
    if (!existsSync(file)) return {};
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, Entry>;
  }

  function writeAll(all: Record<string, Entry>): void {
    const temp = `${file}.tmp`;
    writeFileSync(temp, JSON.stringify(all, null, 2), { mode: 0o600 });
    chmodSync(temp, 0o600); // a leftover temp file keeps its old mode through writeFileSync
    replaceFileSync(temp, file);
  }

  return {
    at: box.at,
    has: (key) => key in readAll(),
    get(key) {
      const entry = readAll()[key];
      if (!entry) return null;
      try {
        if (entry.at !== box.at) throw new Error(`sealed by ${entry.at}`);
        return box.open(entry.value);
      } catch {
        // Sealed by the OS of another user or computer, or saved by the Electron shell and read by the web host.
        throw new KassaError(
          'STORAGE_ERROR',
          'Сохранённый пароль здесь не расшифровывается (он сохранён другой программой или на другом компьютере): введите пароль заново',
        );
      }
    },
    set(key, value) {
      const all = readAll();
      if (value === null) {
        if (!(key in all)) return;
        delete all[key];
      } else all[key] = { at: box.at, value: box.seal(value) };
      writeAll(all);
    },
  };
}
