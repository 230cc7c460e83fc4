/**
 * The till's side of the operator's control service (СКО). Each operator's protocol is one
 * adapter behind this interface; training mode uses the built-in emulator.
 */
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

export type SkoAnswer = {
  readonly skoDocId: string;
  readonly acceptedAt: string;
  readonly verifyUrl: string;
  readonly signature: string;
};

export type SkoGateway = {
  readonly training: boolean;
  /** Unlocks the till with the PIN from the contract; throws a KassaError when refused. */
  unlock(pin: string): Promise<{ message: string }>;
  /** Delivers one document. The same idempotency key always gets the same answer. */
  submit(doc: SkoDocument): Promise<SkoAnswer>;
};
