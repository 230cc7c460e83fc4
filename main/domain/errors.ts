import type { ErrorCode } from '../../preload/contract/index.js';

/** A refusal the cashier should read: a code from the contract's closed list and a Russian message. */
export class KassaError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'KassaError';
  }
}
