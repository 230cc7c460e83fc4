/**
 * The one router both hosts bind to: sender check → zod parse → authorization (role × shift
 * state) → handler → { ok, value } | { ok: false, error }. Nothing else registers handlers.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { methods, type MethodName, type Result, type ApiError } from '../../preload/contract/index.js';
import { isDiskFull } from '../db/disk-space.js';
import { KassaError } from '../domain/errors.js';
import type { Ctx } from '../services/context.js';
import { handlers } from './handlers/index.js';
import { authorize } from './authorize.js';
import { sessionCall } from '../services/session-idle.js';
import type { Logger } from '../log/logger.js';
import { phase } from '../log/trace.js';

export type Router = {
  /** `trustedSender` is the host's verdict on who sent the call (IPC frame or web token). */
  call(method: string, input: unknown, trustedSender: boolean): Promise<Result<unknown>>;
  /** The till is closing: calls from now on are refused unrun; resolves once every call in flight has its answer. */
  drain(): Promise<void>;
};

/**
 * Every call gets a request id; each log line of the call carries it, and an INTERNAL answer
 * hands it back (`details.requestId`) so the line is found from what the cashier saw.
 */
export function createRouter(ctx: Ctx, logger: Logger): Router {
  let inFlight = 0;
  let draining = false;
  const idle: (() => void)[] = [];
  const router: Router = {
    async call(name, input, trustedSender) {
      if (draining) return fail('CONFLICT', 'Касса закрывается: операция не выполнена. Повторите её после запуска.');
      inFlight++;
      try {
        return await answer(name, input, trustedSender);
      } finally {
        if (--inFlight === 0) idle.splice(0).forEach((done) => done());
      }
    },
    drain() {
      draining = true;
      return inFlight === 0 ? Promise.resolve() : new Promise((resolve) => idle.push(resolve));
    },
  };
  return router;

  async function answer(name: string, input: unknown, trustedSender: boolean): Promise<Result<unknown>> {
    const requestId = randomUUID();
    // Made when the call has something to log: a pino child redacts its bindings, on every call otherwise.
    let child: Logger | undefined;
    const log = () => (child ??= logger.child({ requestId, method: name }));
    const refuse = (code: ApiError['code'], message: string, details?: unknown): Result<never> => {
      log().debug({ code, message }, 'refused');
      return fail(code, message, details);
    };
    if (!trustedSender) return refuse('FORBIDDEN', 'Запрос не от окна кассы');
    if (!Object.hasOwn(methods, name)) return refuse('NOT_FOUND', `Неизвестная операция: ${name}`);
    const method = name as MethodName;
    const spec = methods[method];
    let parsed: ReturnType<typeof spec.input.safeParse>;
    try {
      parsed = spec.input.safeParse(input ?? {});
    } catch (err) {
      // A check of the contract failed on an input it did not foresee: a bug, but one request must never end the till.
      log().error({ err }, 'input check failed');
      return fail('INTERNAL', 'Внутренняя ошибка программы: запрос не проверен, ничего не сделано.', { requestId });
    }
    if (!parsed.success) {
      return refuse('VALIDATION', firstMessage(parsed.error), { issues: parsed.error.issues.map((i) => ({ path: i.path, message: i.message })) });
    }
    let value: unknown;
    try {
      sessionCall(ctx); // an idle session ends here, so this call already meets the login
      authorize(ctx, spec.access);
      phase('validation');
      const handler = handlers[method] as (input: unknown, ctx: Ctx) => unknown;
      value = await handler(parsed.data, ctx);
    } catch (err) {
      if (err instanceof KassaError && err.code !== 'INTERNAL') return refuse(err.code, err.message, err.details);
      if (isDiskFull(err)) {
        // The action's own transaction rolled back; selling goes on once room is made, no restart.
        log().error({ err }, 'disk full');
        return fail('DISK_FULL', DISK_FULL_MESSAGE, { requestId });
      }
      log().error({ err }, 'failed');
      if (err instanceof KassaError) return fail(err.code, err.message, withRequestId(err.details, requestId));
      // The action's own transaction rolled back, but a step after its commit may have failed.
      return fail('INTERNAL', 'Внутренняя ошибка программы: операция прервана. Проверьте список документов, прежде чем повторять.', { requestId });
    }
    phase('service');
    let output: { success: true; data: unknown } | { success: false; error: unknown };
    try {
      output = spec.output.safeParse(value);
    } catch (err) {
      output = { success: false, error: err };
    }
    phase('output check');
    if (output.success) return { ok: true, value: output.data };
    // Done and stored: saying "nothing changed" here would invite the cashier to do it twice.
    log().error({ err: output.error }, 'answered outside its contract');
    return fail('INTERNAL', 'Операция выполнена, но её ответ не прошёл проверку. Не повторяйте её: откройте список документов.', { done: true, requestId });
  }
}

const DISK_FULL_MESSAGE =
  'Нет места на диске: операция не записана. Освободите место на диске с данными кассы и повторите; проверьте список документов, если чек уже печатался.';

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
