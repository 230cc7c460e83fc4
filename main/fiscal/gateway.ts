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

/**
 * A document as the СКО keeps it (a copy by shift and number), in the till's terms; its
 * `idempotencyKey` is the key it was accepted under — the till's own key of that document.
 */
export type SkoCopy = Omit<SkoDocument, 'body'> & {
  readonly lines: readonly {
    readonly name: string;
    readonly barcode: string | null;
    readonly quantity: number;
    readonly unit: string;
    readonly price: number;
    readonly amount: number;
    readonly vatRate: number | null;
    readonly section: number;
    readonly discount: number;
    readonly markCode: string | null;
  }[];
  readonly payments: readonly { readonly form: string; readonly amount: number }[];
  readonly change: number;
  readonly currency: string | null;
  /** The document a return or an annulment refers to. */
  readonly refersTo: { readonly shiftNumber: number; readonly numberInShift: number } | null;
  readonly answer: SkoAnswer;
};

export type SkoCopyQuery = { readonly shiftNumber: number; readonly numberInShift: number } | { readonly shiftNumber: number };

export type SkoGateway = {
  readonly training: boolean;
  /** Unlocks the till with the PIN from the contract; throws a KassaError when refused. */
  unlock(pin: string): Promise<{ message: string; training: boolean }>;
  /**
   * The exact request bytes for a document. The outbox keeps them before the first send and
   * sends the same bytes on every retry, whatever a later version or binding would build.
   * Throws SkoError (`rejected` when the document cannot be expressed in the protocol).
   */
  prepare(doc: SkoDocument): Promise<string>;
  /**
   * The same bytes as `prepare`, now and without the network, when the binding they name is
   * already known; null when only `prepare` can make them (not bound yet, or the document cannot
   * be expressed: `prepare` then says why). Lets the document's own transaction keep its request
   * bytes, so a sale costs one fsync, not two.
   */
  prepareNow?(doc: SkoDocument): string | null;
  /**
   * Delivers one document: `body` as `prepare` made it (made now when absent). The same
   * idempotency key always gets the same answer. Throws SkoError.
   */
  submit(doc: SkoDocument, body?: string): Promise<SkoAnswer>;
  /**
   * Checks an answer the till keeps against the request it sent, with the keys it trusts now:
   * null when the signature verifies, otherwise why not. No network.
   */
  verifyStored(doc: SkoDocument, body: string, answer: SkoAnswer): string | null;
  /** The СКО's copy of a document by shift and number, or the Z of a shift; its answer verified. Throws SkoError. */
  copy(q: SkoCopyQuery): Promise<SkoCopy>;
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
