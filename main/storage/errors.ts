/** Network failures every remote kind shares, said the way the admin can act on them. */
import { KassaError } from '../domain/errors.js';

export function seconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1).replace('.', ',')} с`;
}

/** The errno-style code of a Node or fetch error, if any. */
export function errnoOf(err: unknown): string | undefined {
  const e = err as { code?: unknown; errno?: unknown; cause?: { code?: unknown } } | null;
  if (typeof e?.code === 'string') return e.code;
  if (typeof e?.errno === 'string') return e.errno;
  if (typeof e?.cause?.code === 'string') return e.cause.code;
  return undefined;
}

/**
 * A connection failure as a Russian refusal, or null when `err` is not one (the caller then says
 * what the server answered).
 */
export function networkError(err: unknown, server: string, timeoutMs: number): KassaError | null {
  if (err instanceof KassaError) return err;
  const code = errnoOf(err);
  const message = err instanceof Error ? err.message : String(err);
  switch (code) {
    case 'ECONNREFUSED':
      return new KassaError('STORAGE_ERROR', `Сервер ${server} не принимает подключение: проверьте адрес и порт и что сервер включён`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new KassaError('STORAGE_ERROR', `Сервер ${server} не найден: проверьте адрес и подключение к интернету`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ENETDOWN':
      return new KassaError('STORAGE_ERROR', `Сервер ${server} недоступен: нет сети до него`);
    case 'ECONNRESET':
    case 'EPIPE':
      return new KassaError('STORAGE_ERROR', `Сервер ${server} оборвал соединение`);
    case 'ETIMEDOUT':
      return new KassaError('STORAGE_ERROR', `Сервер ${server} не ответил за ${seconds(timeoutMs)}`);
    case 'CERT_HAS_EXPIRED':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return new KassaError('STORAGE_ERROR', `Сертификат сервера ${server} не принят (${code}): соединение не защищено`);
  }
  if (/timeout|timed out|aborted|AbortError/i.test(message) || (err as { name?: unknown } | null)?.name === 'AbortError') {
    return new KassaError('STORAGE_ERROR', `Сервер ${server} не ответил за ${seconds(timeoutMs)}`);
  }
  return null;
}

/** A local file system failure (the folder kind) in the admin's words. */
export function folderError(err: unknown, folder: string, what: string): KassaError {
  if (err instanceof KassaError) return err;
  switch (errnoOf(err)) {
    case 'ENOENT':
      return new KassaError('NOT_FOUND', `${what}: не найдено в папке ${folder}`);
    case 'ENOSPC':
      return new KassaError('STORAGE_ERROR', `${what}: нет места на диске (${folder})`);
    case 'EDQUOT':
      return new KassaError('STORAGE_ERROR', `${what}: исчерпана квота на диске (${folder})`);
    case 'EACCES':
    case 'EPERM':
      return new KassaError('STORAGE_ERROR', `${what}: нет прав на папку ${folder}`);
    case 'EROFS':
      return new KassaError('STORAGE_ERROR', `${what}: диск только для чтения — флешка защищена от записи? (${folder})`);
    case 'EIO':
      return new KassaError('STORAGE_ERROR', `${what}: ошибка чтения-записи диска — флешку вынули? (${folder})`);
    case 'ENOTDIR':
    case 'EISDIR':
      return new KassaError('STORAGE_ERROR', `${what}: путь указывает не на файл или не на папку (${folder})`);
  }
  return new KassaError('STORAGE_ERROR', `${what}: ${err instanceof Error ? err.message : String(err)}`);
}
