/**
 * The one router both hosts bind to: sender check → zod parse → authorization (role × shift
 * state) → handler → { ok, value } | { ok: false, error }. Nothing else registers handlers.
 */
import { z } from 'zod';
import { methods, type Access, type MethodName, type Result, type ApiError } from '../../preload/contract/index.js';
import { KassaError } from '../domain/errors.js';
import type { Ctx } from '../services/context.js';
import { handlers } from './handlers/index.js';
import { authorize } from './authorize.js';

export type Router = {
  /** `trustedSender` is the host's verdict on who sent the call (IPC frame or web token). */
  call(method: string, input: unknown, trustedSender: boolean): Promise<Result<unknown>>;
};

export function createRouter(ctx: Ctx, log: (msg: string, err?: unknown) => void = console.error): Router {
  return {
    async call(name, input, trustedSender) {
      if (!trustedSender) return fail('FORBIDDEN', 'Запрос не от окна кассы');
      if (!Object.hasOwn(methods, name)) return fail('NOT_FOUND', `Неизвестная операция: ${name}`);
      const method = name as MethodName;
      const spec = methods[method];
      const parsed = spec.input.safeParse(input ?? {});
      if (!parsed.success) {
        return fail('VALIDATION', firstMessage(parsed.error), { issues: parsed.error.issues.map((i) => ({ path: i.path, message: i.message })) });
      }
      let value: unknown;
      try {
        authorize(ctx, spec.access as Access);
        const handler = handlers[method] as (input: unknown, ctx: Ctx) => unknown;
        value = await handler(parsed.data, ctx);
      } catch (err) {
        if (err instanceof KassaError) return fail(err.code, err.message, err.details);
        log(`kassa: ${method} failed`, err);
        // The action's own transaction rolled back, but a step after its commit may have failed.
        return fail('INTERNAL', 'Внутренняя ошибка программы: операция прервана. Проверьте список документов, прежде чем повторять.');
      }
      const output = spec.output.safeParse(value);
      if (output.success) return { ok: true, value: output.data };
      // Done and stored: saying "nothing changed" here would invite the cashier to do it twice.
      log(`kassa: ${method} answered outside its contract`, output.error);
      return fail('INTERNAL', 'Операция выполнена, но её ответ не прошёл проверку. Не повторяйте её: откройте список документов.', { done: true });
    },
  };
}

function fail(code: ApiError['code'], message: string, details?: unknown): Result<never> {
  return { ok: false, error: details === undefined ? { code, message } : { code, message, details } };
}

function firstMessage(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'Неверные данные';
  // zod's own English messages (wrong type, unknown key) are not for the cashier.
  return /[а-яё]/i.test(issue.message) ? issue.message : 'Неверные данные запроса';
}
