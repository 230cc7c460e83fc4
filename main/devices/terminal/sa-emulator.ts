/**
 * A card terminal speaking INPAS SA over TCP on loopback, for tests and a shop's try-out: it
 * approves or declines as told, can take the money and never answer (or drop the connection), or
 * never start; it remembers its last operation («последняя операция») and its batch until the
 * reconciliation («сверка итогов»).
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { encodeMessage, FIELD, frame, OPERATION, STATUS, unframe } from './sa-protocol.js';

/** What the terminal does with the next money operation. */
export type SaBehaviour = 'approve' | 'decline' | 'approve-silently' | 'approve-and-drop' | 'never-start';

export type SaRecord = { ecr: number; operation: number; amount: number; status: number; authCode: string; rrn: string; of: string | null };

export type SaEmulator = {
  readonly host: string;
  readonly port: number;
  /** Every money operation the terminal carried out, in order. */
  readonly journal: readonly SaRecord[];
  /** Operations since the last reconciliation. */
  readonly batch: readonly SaRecord[];
  /** The behaviour of the following money operations (one each; then `approve`). */
  script(...next: SaBehaviour[]): void;
  /** Called when a money request arrives, before the terminal acts on it. */
  onRequest(fn: ((fields: ReadonlyMap<number, string>) => void) | null): void;
  close(): Promise<void>;
};

export async function startSaEmulator(port = 0): Promise<SaEmulator> {
  const journal: SaRecord[] = [];
  let batch: SaRecord[] = [];
  let script: SaBehaviour[] = [];
  let hook: ((fields: ReadonlyMap<number, string>) => void) | null = null;
  let seq = 0;
  const sockets = new Set<Socket>();

  const reply = (socket: Socket, fields: Record<number, string | number>) => socket.write(frame(encodeMessage(fields)));
  const fieldsOf = (r: SaRecord) => ({
    [FIELD.operation]: r.operation,
    [FIELD.ecrNumber]: r.ecr,
    [FIELD.status]: r.status,
    [FIELD.amount]: r.amount,
    ...(r.status === STATUS.approved ? { [FIELD.authCode]: r.authCode, [FIELD.rrn]: r.rrn } : { [FIELD.message]: 'Отказ: операция отклонена банком' }),
  });

  function money(socket: Socket, m: Map<number, string>) {
    hook?.(m);
    const behaviour = script.shift() ?? 'approve';
    if (behaviour === 'never-start') return; // the terminal hangs before it asks the bank
    const operation = Number(m.get(FIELD.operation));
    seq += 1;
    const of = m.get(FIELD.rrn) ?? null;
    let status: number = behaviour === 'decline' ? STATUS.declined : STATUS.approved;
    if (operation === OPERATION.cancel && !batch.some((r) => r.rrn === of && r.status === STATUS.approved)) status = STATUS.declined;
    const record: SaRecord = {
      ecr: Number(m.get(FIELD.ecrNumber) ?? 0),
      operation,
      amount: Number(m.get(FIELD.amount) ?? 0),
      status,
      authCode: String(100000 + ((seq * 7919) % 900000)),
      rrn: String(433500000000 + seq),
      of,
    };
    journal.push(record);
    if (status === STATUS.approved) batch.push(record);
    if (behaviour === 'approve-silently') return;
    if (behaviour === 'approve-and-drop') {
      socket.destroy();
      return;
    }
    reply(socket, fieldsOf(record));
  }

  function handle(socket: Socket, m: Map<number, string>) {
    const operation = Number(m.get(FIELD.operation));
    if (operation === OPERATION.test) return reply(socket, { [FIELD.operation]: operation, [FIELD.status]: STATUS.approved });
    if (operation === OPERATION.lastOperation) {
      const last = journal.at(-1);
      return reply(socket, last ? fieldsOf(last) : { [FIELD.operation]: operation, [FIELD.status]: STATUS.notDone });
    }
    if (operation === OPERATION.reconciliation) {
      const total = batch.reduce((s, r) => s + (r.operation === OPERATION.sale ? r.amount : r.operation === OPERATION.refund ? -r.amount : 0), 0);
      const count = batch.length;
      batch = [];
      return reply(socket, {
        [FIELD.operation]: operation,
        [FIELD.status]: STATUS.approved,
        [FIELD.message]: `Итоги совпали: операций ${count}, сумма ${(total / 100).toFixed(2)}`,
      });
    }
    money(socket, m);
  }

  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffer: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      try {
        const { messages, rest } = unframe(buffer);
        buffer = rest;
        for (const m of messages) handle(socket, m);
      } catch {
        socket.destroy();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port: address.port,
    journal,
    get batch() {
      return batch;
    },
    script(...next) {
      script = next;
    },
    onRequest(fn) {
      hook = fn;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
