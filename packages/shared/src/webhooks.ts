import { z } from 'zod';
import { recordRefSchema, uuid } from './common.js';

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

const isoDate = z.iso.datetime({ offset: true, message: 'must be an ISO date-time' });

export const webhookListInputSchema = z.object({
  source: z.enum(WEBHOOK_SOURCES, { message: 'source: must be stripe or checkr' }).nullish(),
  status: z.enum(WEBHOOK_STATUSES, { message: 'status: unknown status' }).nullish(),
  type: z.string().trim().max(100).nullish(),
  from: isoDate.nullish(),
  to: isoDate.nullish(),
  /** A booking, user or payment id the event touched, or a booking's short id. */
  entityId: recordRefSchema.nullish(),
  cursor: z.string().max(200).nullish(),
  limit: z.number().int().min(1).max(200).default(50),
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

export const webhookReplayInputSchema = z.object({ id: uuid });
export type WebhookReplayInput = z.infer<typeof webhookReplayInputSchema>;

export const webhookReplayManyInputSchema = z.object({
  ids: z.array(uuid).min(1, { message: 'ids: select at least one event' }).max(50, { message: 'ids: at most 50 events at once' }),
});
export type WebhookReplayManyInput = z.infer<typeof webhookReplayManyInputSchema>;
