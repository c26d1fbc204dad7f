import type { Transaction } from 'kysely';
import type { Database, Db } from '@ops/db';

export type DbOrTx = Db | Transaction<Database>;

export interface WebhookLinks {
  bookingId: string | null;
  userId: string | null;
  paymentId: string | null;
}

/**
 * What a handler would do with one event, computed from current state without changing it: the readable list
 * of changes (the replay preview shows it) and `apply`, which makes them inside the caller's transaction. An
 * event whose changes are already in place plans no changes: handlers are idempotent.
 */
export interface HandlerPlan {
  links: WebhookLinks;
  changes: string[];
  apply: ((tx: Transaction<Database>) => Promise<void>) | null;
}

export interface HandlerArgs {
  db: DbOrTx;
  /** `data.object` of the event. */
  object: Record<string, unknown>;
  now: Date;
  /** Lock the rows the plan depends on (inside the processing transaction). */
  lock: boolean;
}

export type WebhookHandler = (args: HandlerArgs) => Promise<HandlerPlan>;

/** An event that cannot be applied (unknown payment, malformed object): recorded as failed with this message. */
export class WebhookHandlerError extends Error {
  override name = 'WebhookHandlerError';
}

export const NO_LINKS: WebhookLinks = { bookingId: null, userId: null, paymentId: null };
