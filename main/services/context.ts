/** What every service receives: its effects as parameters, so tests pass real ones. */
import type { Db } from '../db/database.js';
import type { SkoGateway } from '../fiscal/gateway.js';
import type { EventName, EventPayload } from '../../preload/contract/index.js';
import type { ScryptCost } from './password-hash.js';

export type Clock = () => Date;

export type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** The till has one person at the keyboard; both hosts share this session. `lastCallAt`: for the idle logout (session-idle.ts). */
export type Session = { userId: number | null; lastCallAt?: number };

/** What the outbox sender knows about its own work (fiscal diagnostics). */
export type OutboxState = {
  readonly inFlight: number;
  /** Documents the СКО refused: they stay queued (and block Z) until a person acts. */
  readonly rejected: number;
  /** Waiting documents held by a refused one ahead of them (a Z or a shift opening needs it accepted). */
  readonly blocked: number;
  /** The СКО session was replaced by another login, or the СКО says the till is locked: enter the PIN again. */
  readonly needsPin: boolean;
  /** The whole queue waits until then (СКО unreachable, or it asked to slow down). */
  readonly holdUntil: string | null;
  readonly lastError: { readonly at: string; readonly code: string; readonly message: string } | null;
  readonly lastDeliveredAt: string | null;
  readonly lastContactAt: string | null;
  /** The last attempt reached the СКО (null: no attempt yet). */
  readonly reachable: boolean | null;
};

/** The СКО outbox sender, as services see it. */
export type Fiscal = {
  /** Starts every document due now; resolves when nothing is in flight any more. */
  kick(): Promise<void>;
  pending(): { pending: number; oldestAt: string | null };
  /** Delivers until the queue is empty, or nothing more can happen before `timeoutMs`; returns what is left. */
  drain(timeoutMs: number): Promise<{ pending: number; oldestAt: string | null }>;
  /** The queue as the `fiscal.queue` event tells it. */
  queue(): EventPayload<'fiscal.queue'>;
  /** After the PIN is entered again (or a refused document is sent again): forget our own backoff and try now. */
  resume(): void;
  state(): OutboxState;
};

/** What the outbox sender needs: no session, no services. */
export type FiscalDeps = {
  readonly db: Db;
  readonly clock: Clock;
  readonly sko: SkoGateway;
  readonly emit: Emit;
};

export type Ctx = FiscalDeps & {
  readonly session: Session;
  readonly fiscal: Fiscal;
  /** scrypt cost of new password hashes (default PASSWORD_COST; tests pass a cheap one, never production). */
  readonly passwordCost?: ScryptCost;
};
