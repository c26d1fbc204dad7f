import type { Transaction } from 'kysely';
import type { Database, DbOrTx } from '@ops/db';
import type { StripeGateway, StripeRefundInfo } from '../../integrations/stripe/gateway.js';

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
  /** Stripe, for events whose object does not carry everything (a charge's refunds); null when not configured. */
  stripe: StripeGateway | null;
  /** What was read from the vendor before the transaction began (see `prefetchFor`), so no lock waits on HTTP. */
  prefetched: Prefetched | null;
}

export interface Prefetched {
  refunds?: StripeRefundInfo[];
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
