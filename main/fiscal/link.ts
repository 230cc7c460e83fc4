/**
 * The till's one СКО gateway, whose far end can change while the till runs: going live points it
 * at the operator's СКО, going back to training at the built-in emulator. Services and the outbox
 * hold this gateway; each call goes to the connection of the moment. The switch happens only with
 * the shift closed and the queue empty (services/golive.ts), so nothing is in flight on the old one.
 */
import type { SkoConnection } from './connect.js';
import type { SkoGateway } from './gateway.js';

export type SkoLink = {
  /** What services and the outbox call. */
  readonly gateway: SkoGateway;
  /** The connection of the moment (its `emulator` is the built-in one of training mode, or null). */
  current(): SkoConnection;
  /** From now on calls go to `next`; the connection before it is closed. */
  replace(next: SkoConnection): void;
  close(): void;
};

export function createSkoLink(first: SkoConnection): SkoLink {
  let conn = first;
  const g = () => conn.gateway;
  const gateway: SkoGateway = {
    get training() {
      return g().training;
    },
    unlock: (pin) => g().unlock(pin),
    prepare: (doc) => g().prepare(doc),
    prepareNow: (doc) => g().prepareNow?.(doc) ?? null,
    submit: (doc, body) => g().submit(doc, body),
    verifyStored: (doc, body, answer) => g().verifyStored(doc, body, answer),
    copy: (q) => g().copy(q),
    requisites: () => g().requisites(),
    ping: () => g().ping(),
    info: () => g().info(),
    close: () => conn.close(),
  };
  return {
    gateway,
    current: () => conn,
    replace(next) {
      const before = conn;
      conn = next;
      before.close();
    },
    close: () => conn.close(),
  };
}
