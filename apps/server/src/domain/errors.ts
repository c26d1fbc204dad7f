/** What went wrong, in transport-neutral words; the tRPC layer maps `code` to its own error codes in one place. */
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
