/**
 * What went wrong, in transport-neutral words; the tRPC layer maps `code` to its own error codes in one place.
 * BAD_REQUEST is input that is wrong whatever the data; a refusal because of the resource's state (already done,
 * done by someone else since the list was read, no longer in a state the action applies to) is CONFLICT; a condition
 * outside the request that must hold first (an expired token, an erased person, an integration not configured) is
 * PRECONDITION_FAILED.
 */
export type DomainErrorCode = 'BAD_REQUEST' | 'NOT_FOUND' | 'CONFLICT' | 'FORBIDDEN' | 'PRECONDITION_FAILED' | 'BAD_GATEWAY';

/** A refusal the domain raises (bad input naming the field, missing row, state that forbids the action). */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
