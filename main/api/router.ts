/**
 * The one router both hosts bind to: sender check → zod parse → authorization (role × shift
 * state) → handler → { ok, value } | { ok: false, error }. Nothing else registers handlers.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { methods, type Access, type MethodName, type Result, type ApiError } from '../../preload/contract/index.js';
import { KassaError } from '../domain/errors.js';
import type { Ctx } from '../services/context.js';
import { handlers } from './handlers/index.js';
import { authorize } from './authorize.js';
import type { Logger } from '../log/logger.js';
import { phase } from '../log/trace.js';

export type Router = {
  /** `trustedSender` is the host's verdict on who sent the call (IPC frame or web token). */
  call(method: string, input: unknown, trustedSender: boolean): Promise<Result<unknown>>;
};

/**
 * Every call gets a request id; each log line of the call carries it, and an INTERNAL answer
 * hands it back (`details.requestId`) so the line is found from what the cashier saw.
 */
export function createRouter(ctx: Ctx, logger: Logger): Router {
  return {
    async call(name, input, trustedSender) {
      const requestId = randomUUID();
      const log = logger.child({ requestId, method: name });
      const refuse = (code: ApiError['code'], message: string, details?: unknown): Result<never> => {
        log.debug({ code, message }, 'refused');
        return fail(code, message, details);
      };
      if (!trustedSender) return refuse('FORBIDDEN', 'Запрос не от окна кассы');
      if (!Object.hasOwn(methods, name)) return refuse('NOT_FOUND', `Неизвестная операция: ${name}`);
      const method = name as MethodName;
      const spec = methods[method];
      const parsed = spec.input.safeParse(input ?? {});
      if (!parsed.success) {
        return refuse('VALIDATION', firstMessage(parsed.error), { issues: parsed.error.issues.map((i) => ({ path: i.path, message: i.message })) });
      }
      let value: unknown;
      try {
        authorize(ctx, spec.access as Access);
        phase('validation');
        const handler = handlers[method] as (input: unknown, ctx: Ctx) => unknown;
        value = await handler(parsed.data, ctx);
      } catch (err) {
        if (err instanceof KassaError && err.code !== 'INTERNAL') return refuse(err.code, err.message, err.details);
        log.error({ err }, 'failed');
        if (err instanceof KassaError) return fail(err.code, err.message, withRequestId(err.details, requestId));
        // The action's own transaction rolled back, but a step after its commit may have failed.
        return fail('INTERNAL', 'Внутренняя ошибка программы: операция прервана. Проверьте список документов, прежде чем повторять.', { requestId });
      }
      phase('service');
      const output = spec.output.safeParse(value);
      phase('output check');
      if (output.success) return { ok: true, value: output.data };
      // Done and stored: saying "nothing changed" here would invite the cashier to do it twice.
      log.error({ err: output.error }, 'answered outside its contract');
      return fail('INTERNAL', 'Операция выполнена, но её ответ не прошёл проверку. Не повторяйте её: откройте список документов.', { done: true, requestId });
    },
  };
}

function withRequestId(details: unknown, requestId: string): unknown {
  return details !== null && typeof details === 'object' && !Array.isArray(details) ? { ...details, requestId } : { requestId };
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
