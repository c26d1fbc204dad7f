import type { Transaction } from 'kysely';
import type { Database, DbOrTx } from '@ops/db';
import type { StripeRefundInfo } from '../../integrations/stripe/gateway.js';

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
  /** Where the event's payload and the source the handler trusts disagree (the replay preview warns of it). */
  discrepancies?: string[];
}

export interface HandlerArgs {
  db: DbOrTx;
  /** `data.object` of the event. */
  object: Record<string, unknown>;
  now: Date;
  /** Lock the rows the plan depends on (inside the processing transaction). */
  lock: boolean;
  /**
   * What was read from Stripe before any transaction began (`prefetchEvent`), for events whose object does not carry
   * everything (a charge's refunds); null when the event needs nothing or Stripe is not configured. Handlers never
   * call a vendor themselves: on the embedded database the transaction holds the one connection, so a vendor whose
   * answer needs the database (the stand-in) would wait for it forever.
   */
  prefetched: Prefetched | null;
}

export interface Prefetched {
  refunds?: StripeRefundInfo[];
  /** Why the read failed (transient: the handler fails retryably, the event is processed again later). */
  error?: string;
}

export type WebhookHandler = (args: HandlerArgs) => Promise<HandlerPlan>;

/**
 * An event that can never be applied (unknown payment, malformed object): recorded as failed, not retryable, and
 * acknowledged so the sender stops. Any other error is transient (retryable, answered 5xx).
 */
export class WebhookHandlerError extends Error {
  override name = 'WebhookHandlerError';
}

export const NO_LINKS: WebhookLinks = { bookingId: null, userId: null, paymentId: null };
