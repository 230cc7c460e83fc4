/**
 * The integrated card terminal over TCP, INPAS SA protocol (sa-protocol.ts). One connection per
 * question. When the answer does not come (the wait ran out, the connection broke after the
 * question went out) the till asks the terminal «последняя операция»: if that is this operation
 * (its ECR number is the journal row) its outcome counts; if the terminal's last operation is an
 * earlier one, ours never started (timeout: no money moved); if the terminal cannot be asked, the
 * adapter throws and the journal keeps the operation as unknown.
 */
import { connect, type Socket } from 'node:net';
import { BYN, encodeMessage, FIELD, frame, OPERATION, STATUS, unframe } from './sa-protocol.js';
import type { LastOperation, PaymentTerminal, TerminalOutcome } from './terminal.js';

export type SaConfig = { readonly host: string; readonly port: number; readonly timeoutMs: number };
export type SaTerminal = PaymentTerminal & { close(): Promise<void> };

class Unreachable extends Error {}

type Answer = Map<number, string> | 'timeout' | 'lost';

export function createSaTerminal(config: SaConfig): SaTerminal {
  const open = new Set<Socket>();

  /** Sends one request; the terminal's answer, or what happened instead. Throws Unreachable when nothing was sent. */
  function ask(fields: Record<number, string | number>, waitMs = config.timeoutMs): Promise<Answer> {
    return new Promise((resolve, reject) => {
      let sent = false;
      let done = false;
      let buffer: Buffer = Buffer.alloc(0);
      const socket = connect({ host: config.host, port: config.port });
      open.add(socket);
      const finish = (a: Answer | Error) => {
        if (done) return;
        done = true;
        clearTimeout(connectTimer);
        clearTimeout(answerTimer);
        open.delete(socket);
        socket.destroy();
        if (a instanceof Error) reject(a);
        else resolve(a);
      };
      let answerTimer: NodeJS.Timeout | undefined;
      const connectTimer = setTimeout(() => finish(new Unreachable('терминал не принимает соединение')), Math.min(waitMs, 5_000));
      socket.once('connect', () => {
        clearTimeout(connectTimer);
        socket.write(frame(encodeMessage(fields)));
        sent = true;
        answerTimer = setTimeout(() => finish('timeout'), waitMs);
      });
      socket.on('data', (chunk) => {
        buffer = Buffer.concat([buffer, chunk]);
        try {
          const { messages, rest } = unframe(buffer);
          buffer = rest;
          if (messages[0]) finish(messages[0]);
        } catch {
          finish('lost'); // a garbled answer counts as none: ask «последняя операция»
        }
      });
      socket.on('error', (err) => finish(sent ? 'lost' : new Unreachable(err.message)));
      socket.on('close', () => finish(sent ? 'lost' : new Unreachable('соединение закрыто')));
    });
  }

  const outcomeOf = (m: Map<number, string>): TerminalOutcome => {
    const status = Number(m.get(FIELD.status) ?? STATUS.notDone);
    if (status === STATUS.approved) {
      const rrn = m.get(FIELD.rrn) ?? null;
      const authCode = m.get(FIELD.authCode) ?? null;
      return { status: 'approved', reference: rrn ?? authCode ?? `ECR-${m.get(FIELD.ecrNumber) ?? '0'}`, authCode, rrn };
    }
    const text = m.get(FIELD.message) ?? `статус ${status}`;
    return { status: 'declined', message: text };
  };

  async function lastOperation(): Promise<LastOperation> {
    const m = await ask({ [FIELD.operation]: OPERATION.lastOperation });
    if (!(m instanceof Map)) throw new Error('терминал не ответил на запрос «последняя операция»');
    const ecr = m.get(FIELD.ecrNumber);
    if (ecr === undefined || Number(m.get(FIELD.status)) === STATUS.notDone) return null;
    return { opId: Number(ecr), outcome: outcomeOf(m) };
  }

  /** A money operation: its answer, or «последняя операция» when the answer was lost. */
  async function operate(fields: Record<number, string | number>, opId: number): Promise<TerminalOutcome> {
    let answer: Answer;
    try {
      answer = await ask({ ...fields, [FIELD.ecrNumber]: opId });
    } catch (err) {
      if (err instanceof Unreachable) return { status: 'declined', message: `терминал недоступен (${err.message})` };
      throw err;
    }
    if (answer instanceof Map) return outcomeOf(answer);
    // The outcome is unknown: the terminal knows. If it cannot be asked, this throws (journal: unknown).
    const last = await lastOperation();
    if (last && last.opId === opId) return last.outcome;
    return { status: 'timeout' };
  }

  return {
    purchase: (form, amount, extra) =>
      form !== 'card'
        ? Promise.resolve({ status: 'declined', message: 'терминал принимает только карты' })
        : operate({ [FIELD.operation]: OPERATION.sale, [FIELD.amount]: amount, [FIELD.currency]: BYN }, extra?.opId ?? 0),
    refund: (_form, amount, reference, extra) => {
      const fields: Record<number, string | number> = { [FIELD.operation]: OPERATION.refund, [FIELD.amount]: amount, [FIELD.currency]: BYN };
      if (reference) fields[FIELD.rrn] = reference;
      return operate(fields, extra?.opId ?? 0);
    },
    cancel: (_form, reference, extra) => operate({ [FIELD.operation]: OPERATION.cancel, [FIELD.rrn]: reference }, extra?.opId ?? 0),
    async check() {
      try {
        const m = await ask({ [FIELD.operation]: OPERATION.test }, Math.min(config.timeoutMs, 10_000));
        if (!(m instanceof Map)) return { ok: false, message: 'Терминал не ответил на проверку связи' };
        const ok = Number(m.get(FIELD.status)) === STATUS.approved;
        return { ok, message: ok ? 'Связь с банком есть (терминал INPAS SA)' : (m.get(FIELD.message) ?? 'Терминал: нет связи с банком') };
      } catch (err) {
        return { ok: false, message: `Терминал недоступен: ${String(err instanceof Error ? err.message : err)}` };
      }
    },
    lastOperation: () => lastOperation(),
    async reconcile() {
      try {
        const m = await ask({ [FIELD.operation]: OPERATION.reconciliation });
        if (!(m instanceof Map)) return { ok: false, message: 'Терминал не ответил на сверку итогов' };
        const ok = Number(m.get(FIELD.status)) === STATUS.approved;
        return { ok, message: m.get(FIELD.message) ?? (ok ? 'Сверка итогов выполнена' : 'Сверка итогов не выполнена') };
      } catch (err) {
        return { ok: false, message: `Сверка итогов: терминал недоступен (${String(err instanceof Error ? err.message : err)})` };
      }
    },
    close() {
      for (const s of open) s.destroy();
      open.clear();
      return Promise.resolve();
    },
  };
}
