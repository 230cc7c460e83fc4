/**
 * The core both hosts run: the database, the services and the one router. No Electron here.
 */
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from './db/database.js';
import { createRouter, type Router } from './api/router.js';
import { createTrainingSko } from './fiscal/training-sko.js';
import { startOutboxSender, type OutboxSender } from './fiscal/outbox.js';
import type { SkoGateway } from './fiscal/gateway.js';
import { seedFirstRun } from './services/seed.js';
import type { Clock, Ctx, Emit } from './services/context.js';
import type { EventName, EventPayload } from '../preload/contract.js';

export type CoreOptions = {
  readonly dataDir: string;
  readonly clock?: Clock;
  readonly sko?: SkoGateway;
  readonly log?: (msg: string, err?: unknown) => void;
};

export type Core = {
  readonly router: Router;
  readonly ctx: Ctx;
  readonly outbox: OutboxSender;
  /** Subscribes to every event; returns an unsubscribe function. */
  onEvent(listener: <E extends EventName>(event: E, payload: EventPayload<E>) => void): () => void;
  close(): void;
};

export const DB_FILE = 'kassa.sqlite';

export function createCore(options: CoreOptions): Core {
  mkdirSync(options.dataDir, { recursive: true });
  const clock = options.clock ?? (() => new Date());
  const db = openDatabase(join(options.dataDir, DB_FILE));
  const bus = new EventEmitter();
  const emit: Emit = (event, payload) => bus.emit('event', event, payload);
  const deps = { db, clock, sko: options.sko ?? createTrainingSko(clock), emit };
  const outbox = startOutboxSender(deps, options.log);
  const ctx: Ctx = { ...deps, session: { userId: null }, fiscal: outbox };
  seedFirstRun(ctx);
  return {
    router: createRouter(ctx, options.log),
    ctx,
    outbox,
    onEvent(listener) {
      bus.on('event', listener);
      return () => bus.off('event', listener);
    },
    close() {
      outbox.stop();
      db.close();
    },
  };
}
