/** What every service receives: its effects as parameters, so tests pass real ones. */
import type { Db } from '../db/database.js';
import type { SkoGateway } from '../fiscal/gateway.js';
import type { EventName, EventPayload } from '../../preload/contract.js';

export type Clock = () => Date;

export type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** The till has one person at the keyboard; both hosts share this session. */
export type Session = { userId: number | null };

/** The СКО outbox sender, as services see it. */
export type Fiscal = {
  /** Delivers every document due now; resolves when that pass is over. */
  kick(): Promise<void>;
  pending(): { pending: number; oldestAt: string | null };
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
};
