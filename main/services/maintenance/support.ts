/**
 * «Сохранить для поддержки»: one zip with the log files, the settings without secrets, the
 * versions, the diagnostics and the database's integrity result. Built in a worker thread
 * (integrity_check reads the whole file) and written to a storage target.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import type { JobCtx } from '../../tasks/job.js';
import { APP_VERSION } from './archive.js';
import { openAccess, type TargetAccess } from './export.js';

/** Keys whose values never leave the till, wherever they sit in a setting. */
const SECRET = /password|token|secret|pin|deviceCode|key/i;

export function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET.test(k) ? '***' : withoutSecrets(v)]));
  }
  return value;
}

export type SupportInput = TargetAccess & { readonly diagnostics: unknown };

export async function supportJob(job: JobCtx, input: SupportInput): Promise<{ path: string; where: string; bytes: number }> {
  const files: Record<string, Uint8Array> = {};
  job.progress(0, 3, 'Журналы');
  const logs = join(job.dataDir, 'logs');
  if (existsSync(logs)) {
    for (const name of readdirSync(logs)) {
      const file = join(logs, name);
      if (statSync(file).isFile()) files[`logs/${name}`] = readFileSync(file);
    }
  }
  const settings = Object.fromEntries(
    job.db
      .all<{ key: string; value: string }>('SELECT key, value FROM settings ORDER BY key')
      .map((r) => [r.key, SECRET.test(r.key) ? '***' : withoutSecrets(JSON.parse(r.value))]),
  );
  files['settings.json'] = strToU8(JSON.stringify(settings, null, 2));
  job.progress(1, 3, 'Проверка базы данных');
  const integrity = (job.db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
  const versions = {
    app: APP_VERSION,
    schema: job.db.pragma('user_version', { simple: true }),
    node: process.versions.node,
    electron: process.versions.electron ?? null,
    sqlite: job.db.prepare('SELECT sqlite_version()').pluck().get(),
    platform: `${process.platform} ${process.arch}`,
  };
  files['versions.json'] = strToU8(JSON.stringify(versions, null, 2));
  files['integrity.txt'] = strToU8(`${integrity.join('\n')}\n`);
  files['diagnostics.json'] = strToU8(JSON.stringify(withoutSecrets(input.diagnostics), null, 2));
  job.progress(2, 3, 'Запись архива');
  const zip = Buffer.from(zipSync(files, { level: 6 }));
  const target = openAccess(input);
  const path = `kassa-support/support-${job.startedAt.replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}.zip`;
  await target.write(path, zip);
  job.progress(3, 3);
  return { path, where: target.where, bytes: zip.length };
}
