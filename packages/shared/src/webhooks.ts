import { z } from 'zod';
import {
  cursorSchema,
  fromInstantDescription,
  isoInstantSchema,
  limitSchema,
  recordRefSchema,
  toInstantDescription,
  uuid,
} from './common.js';

/** The webhook ledger (DESIGN.md "webhooks"): list filters, detail and replay inputs, shared by server and web. */
export const WEBHOOK_SOURCES = ['stripe', 'checkr'] as const;
export type WebhookSource = (typeof WEBHOOK_SOURCES)[number];
export const WEBHOOK_STATUSES = ['received', 'processed', 'failed', 'replayed', 'skipped', 'rejected'] as const;
export type WebhookStatus = (typeof WEBHOOK_STATUSES)[number];

/** The Stripe event types the marketplace handles; every other type is acknowledged and skipped. */
export const STRIPE_HANDLED_TYPES = [
  'payment_intent.succeeded',
  'payment_intent.amount_capturable_updated',
  'payment_intent.payment_failed',
  'charge.refunded',
  'charge.dispute.created',
  'payout.paid',
  'payout.failed',
] as const;
export type StripeHandledType = (typeof STRIPE_HANDLED_TYPES)[number];

export const webhookListInputSchema = z.object({
  source: z
    .enum(WEBHOOK_SOURCES, { message: 'source: must be stripe or checkr' })
    .nullish()
    .describe('Only events from this sender: stripe or checkr.'),
  status: z
    .enum(WEBHOOK_STATUSES, { message: 'status: unknown status' })
    .nullish()
    .describe(
      'Only events in this state: received, processed, failed, replayed, skipped (a type we do not handle) or rejected (its signature did not verify).',
    ),
  type: z
    .string()
    .trim()
    .max(100)
    .nullish()
    .describe('Only events of this type, exactly as the sender names it, e.g. payment_intent.succeeded.'),
  from: isoInstantSchema.nullish().describe(fromInstantDescription('events received')),
  to: isoInstantSchema.nullish().describe(toInstantDescription('events received')),
  /** A booking, user or payment id the event touched, or a booking's short id. */
  entityId: recordRefSchema
    .nullish()
    .describe("Only events about this booking, person or payment: its id (a uuid) or a booking's 8-character short id."),
  /**
   * Failed events only: true for those another delivery may succeed on (or whose retryability the ledger did not
   * record: `failedMayRetry`), false for permanent failures (a person reconciles them by hand).
   */
  retryable: z
    .boolean()
    .nullish()
    .describe(
      'Failed events only: true for retryable ones (a replay may succeed), false for permanent failures (a replay cannot fix them).',
    ),
  cursor: cursorSchema,
  limit: limitSchema,
});
export type WebhookListInput = z.input<typeof webhookListInputSchema>;

export interface WebhookListItem {
  id: string;
  source: string;
  eventId: string | null;
  type: string;
  status: WebhookStatus;
  attempts: number;
  receivedAt: string;
  processedAt: string | null;
  durationMs: number | null;
  error: string | null;
  replayOf: string | null;
  bookingId: string | null;
  userId: string | null;
  paymentId: string | null;
  /** For a failed event: true when another delivery may succeed, false when the failure is permanent; else null. */
  retryable: boolean | null;
}

export interface WebhookDetail extends WebhookListItem {
  headers: Record<string, string>;
  payload: unknown;
  replays: WebhookListItem[];
  original: WebhookListItem | null;
}

/**
 * Whether another delivery of a failed event may succeed: the one rule behind the command center's failed-webhooks
 * split, the ledger's `retryable` filter and its Retryable column. A permanent failure (an event about something we
 * do not have, a replay whose handler refused it) will fail however often it is delivered: a person reconciles it by
 * hand (for Stripe, money moved that we cannot match). A retryable one may succeed on replay, and so may one whose
 * retryability was never recorded (rows written before the ledger kept it).
 */
export function failedMayRetry(retryable: boolean | null): boolean {
  return retryable !== false;
}

/** How far back the command center's "failed in 24 h" figure reaches. */
export const FAILED_WEBHOOKS_WINDOW_MS = 24 * 3_600_000;

/** Where the window of the "failed in 24 h" figure read at `now` starts (ISO). */
export function failedWebhooksSince(now: Date): string {
  return new Date(now.getTime() - FAILED_WEBHOOKS_WINDOW_MS).toISOString();
}

/** Which failed events a figure counts: all of them, or only the retryable (true) or permanent (false) ones. */
export type FailedWebhooksKind = boolean | null;

/**
 * The ledger's URL search listing exactly what a failed-webhooks figure counts: failed events received at or after
 * `since` (any time when null), all of them or only the retryable or permanent ones.
 */
export function failedWebhooksSearch(
  since: string | null,
  retryable: FailedWebhooksKind = null,
): { status: 'failed'; retryable?: boolean; since?: string } {
  return {
    status: 'failed',
    ...(retryable === null ? {} : { retryable }),
    ...(since === null ? {} : { since }),
  };
}

/** The same as a console address, for lines that carry a plain href (the command center's problems). */
export function failedWebhooksHref(since: string | null, retryable: FailedWebhooksKind = null): string {
  const { retryable: r, ...rest } = failedWebhooksSearch(since, retryable);
  return `/webhooks?${new URLSearchParams({ ...rest, ...(r === undefined ? {} : { retryable: String(r) }) }).toString()}`;
}

/** The ledger's list filter for that search: what the figure counts, read through the list procedure. */
export function failedWebhooksFilter(
  since: string | null,
  retryable: FailedWebhooksKind = null,
): Pick<WebhookListInput, 'status' | 'retryable' | 'from'> {
  return { status: 'failed', retryable, from: since };
}

/** A webhook event by its row in the ledger. */
export const webhookEventIdSchema = uuid.describe(
  "The webhook event's id in our ledger (a uuid), as the webhook list gives it; not the sender's evt_ id.",
);
export const webhookReplayInputSchema = z.object({ id: webhookEventIdSchema });
export type WebhookReplayInput = z.infer<typeof webhookReplayInputSchema>;

export const webhookReplayManyInputSchema = z.object({
  ids: z
    .array(uuid)
    .min(1, { message: 'ids: select at least one event' })
    .max(50, { message: 'ids: at most 50 events at once' })
    .describe('The webhook events to replay, 1 to 50: their ids in our ledger (uuids), as the webhook list gives them.'),
});
export type WebhookReplayManyInput = z.infer<typeof webhookReplayManyInputSchema>;
