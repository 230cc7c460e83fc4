/** Typed access to window.kassa by method name; a thrown transport error becomes an envelope too. */
import type { MethodInput, MethodName, MethodOutput, Result } from '../../preload/contract/index.js';
import { ru } from '../i18n/ru.js';

type AnyMethod = (input?: unknown) => Promise<Result<unknown>>;

export async function invoke<M extends MethodName>(method: M, input?: MethodInput<M>): Promise<Result<MethodOutput<M>>> {
  const [area, name] = method.split('.') as [string, string];
  const api = window.kassa as unknown as Record<string, Record<string, AnyMethod> | undefined>;
  const fn = api[area]?.[name];
  if (typeof fn !== 'function') {
    return { ok: false, error: { code: 'INTERNAL', message: `${ru.errors.unexpected} (${method})` } };
  }
  try {
    return (await fn(input ?? {})) as Result<MethodOutput<M>>;
  } catch (err) {
    console.error(`kassa: ${method} threw`, err);
    return { ok: false, error: { code: 'INTERNAL', message: ru.errors.unexpected } };
  }
}
