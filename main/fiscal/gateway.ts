/**
 * The till's side of the operator's control service (СКО). Each operator's protocol is one
 * adapter behind this interface; ours (docs/sko-protocol.md) is http-gateway.ts, and training
 * mode runs it against the built-in emulator on loopback.
 */

/** A document as the outbox keeps it: fixed at creation, sent as is on every retry. */
export type SkoDocument = {
  readonly idempotencyKey: string;
  readonly kind: string;
  readonly shiftNumber: number;
  readonly numberInShift: number;
  readonly createdAt: string;
  readonly cashierId: string;
  readonly total: number;
  readonly body: unknown;
};

/** The СКО's answer, already checked by the adapter (signature, and that it is about this document). */
export type SkoAnswer = {
  readonly skoDocId: string;
  readonly acceptedAt: string;
  readonly verifyUrl: string;
  readonly signature: string;
  readonly keyId: string;
};

export type SkoRequisites = {
  readonly tillId: string;
  readonly organization: string;
  readonly unp: string;
  readonly registrationNumber: string;
  readonly tradeObject: string | null;
  readonly address: string | null;
};

export type SkoTokenState = 'none' | 'valid' | 'expired' | 'replaced' | 'invalid';

export type SkoConnectionInfo = {
  readonly endpoint: string;
  readonly token: { readonly state: SkoTokenState; readonly expiresAt: string | null };
  readonly inFlight: number;
  /** The most requests that were ever in flight at once (never above the protocol's 3). */
  readonly maxInFlightSeen: number;
};

/**
 * Why a request failed, as the outbox needs to know it:
 * - `unreachable`, `timeout`, `dropped`, `server`, `rate_limited`, `auth`: try again later, same key;
 * - `tampered`: the answer failed the signature or does not describe this document — logged, retried;
 * - `rejected`: the СКО refused the document itself (numbering, totals…) — a person must look.
 */
export type SkoErrorKind = 'unreachable' | 'timeout' | 'dropped' | 'server' | 'rate_limited' | 'auth' | 'tampered' | 'rejected' | 'not_found';

export class SkoError extends Error {
  constructor(
    readonly kind: SkoErrorKind,
    readonly code: string,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'SkoError';
  }
}

export type SkoGateway = {
  readonly training: boolean;
  /** Unlocks the till with the PIN from the contract; throws a KassaError when refused. */
  unlock(pin: string): Promise<{ message: string; training: boolean }>;
  /** Delivers one document. The same idempotency key always gets the same answer. Throws SkoError. */
  submit(doc: SkoDocument): Promise<SkoAnswer>;
  /** The till's requisites as the operator registered them ("Заполнить из ПК"). Throws SkoError. */
  requisites(): Promise<SkoRequisites>;
  /** A light authenticated round trip, for diagnostics. Throws SkoError. */
  ping(): Promise<{ latencyMs: number; serverTime: string }>;
  info(): SkoConnectionInfo;
  /** Aborts what is in flight; later calls fail. */
  close(): void;
};

export function isSkoError(err: unknown): err is SkoError {
  return err instanceof SkoError;
}
