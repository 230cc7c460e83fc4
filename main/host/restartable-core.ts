/**
 * A core the hosts can close and open again without closing their windows: an import swaps the
 * database file in between. The router and the event subscriptions the hosts hold stay the same
 * objects; calls that arrive during the restart wait for the new core.
 */
import { createCore, type Core, type CoreOptions } from '../core.js';
import type { Router } from '../api/router.js';
import type { EventName, EventPayload } from '../../preload/contract/index.js';
import { appStatus } from '../services/app.js';
import type { Ctx } from '../services/context.js';

type Listener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** How long a restart waits for the calls under way (other than the import itself) to answer. */
const SETTLE_MS = 10_000;

export function createRestartableCore(options: CoreOptions): Core {
  const listeners = new Map<Listener, () => void>();
  let current: Core;
  let restarting: Promise<void> | null = null;
  let calls = 0;

  const open = () => {
    current = createCore({ ...options, restart });
    for (const listener of listeners.keys()) listeners.set(listener, current.onEvent(listener));
  };

  async function restart(swap: () => void | Promise<void>): Promise<Ctx> {
    if (restarting) throw new Error('the core is already restarting');
    let done!: () => void;
    restarting = new Promise((resolve) => (done = resolve));
    try {
      // The call that asked for the restart is one of `calls`; the others finish first.
      const until = Date.now() + SETTLE_MS;
      while (calls > 1 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
      for (const off of listeners.values()) off();
      current.close();
      try {
        await swap();
      } finally {
        open();
      }
      // Nobody is logged in on the new database: the windows show the login and forget what they read.
      current.ctx.emit('session.changed', appStatus(current.ctx));
      return current.ctx;
    } finally {
      restarting = null;
      done();
    }
  }

  open();
  const router: Router = {
    async call(method, input, trustedSender) {
      while (restarting) await restarting;
      calls++;
      try {
        return await current.router.call(method, input, trustedSender);
      } finally {
        calls--;
      }
    },
    drain: () => current.router.drain(),
  };
  return {
    router,
    get ctx() {
      return current.ctx;
    },
    get logger() {
      return current.logger;
    },
    get outbox() {
      return current.outbox;
    },
    get sko() {
      return current.sko;
    },
    get terminalRecovered() {
      return current.terminalRecovered;
    },
    get exports() {
      return current.exports;
    },
    onEvent(listener) {
      listeners.set(listener, current.onEvent(listener));
      return () => {
        listeners.get(listener)?.();
        listeners.delete(listener);
      };
    },
    close: () => current.close(),
  };
}
