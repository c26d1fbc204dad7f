import type { Insertable } from 'kysely';
import { renderText, splitPrice, type RefundRule } from '@ops/shared';
import type {
  BackgroundJobsTable,
  BookingStatus,
  BookingsTable,
  CancelledBy,
  CommissionTier,
  CreditLedgerTable,
  NotificationsTable,
  PaymentStatus,
  PaymentsTable,
  RefundMethod,
  RefundStatus,
  RefundsTable,
  UsersTable,
  OverrideCode,
  WebhookEventsTable,
} from '../schema.js';
import type { Rng } from './prng.js';

/**
 * Pure row builders shared by the sample generator and the story planter. The payment model they encode:
 * a card is authorized 24 h before the lesson and captured 2 h after it ends.
 */

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * schema.ts declares defaulted timestamps as `Generated<Timestamp>`, which nests one ColumnType in another, so
 * Kysely's insert type for them is the ColumnType object rather than `string | Date`. The value sent is an ISO
 * string either way; this one cast keeps the builders typed until the schema alias is flattened.
 */
type GeneratedTimestamp = NonNullable<Insertable<UsersTable>['created_at']>;
export const genTs = (ms: number): GeneratedTimestamp => iso(ms);

/**
 * A job the marketplace's queue has finished: scheduled at `atMs`, started 0.8 s later and done after `tookMs`. One
 * shape for the sample's history, its planted dead capture and the sample beat's live runs.
 */
export function finishedJobRow(job: {
  queue: string;
  task: string;
  status: 'succeeded' | 'failed' | 'dead';
  atMs: number;
  tookMs: number;
  attempts?: number;
  error?: string | null;
}): Insertable<BackgroundJobsTable> {
  return {
    queue: job.queue,
    task: job.task,
    status: job.status,
    attempts: job.attempts ?? 1,
    max_attempts: 5,
    payload: JSON.stringify({ task: job.task }),
    scheduled_at: genTs(job.atMs),
    started_at: iso(job.atMs + 800),
    finished_at: iso(job.atMs + job.tookMs),
    error: job.error ?? null,
    created_at: genTs(job.atMs - 1000),
  };
}

/** Epoch milliseconds of a timestamp value as the builders store it (an ISO string). */
export const msOf = (value: unknown): number => (value instanceof Date ? value.getTime() : Date.parse(String(value)));

export interface BookingSpec {
  id: string;
  paymentId: string;
  shortId: string;
  studentId: string;
  instructorId: string;
  tier: CommissionTier;
  instructorServiceId: string | null;
  serviceId: string;
  priceCents: number;
  durationMinutes: number;
  lessonStartMs: number;
  createdAtMs: number;
  status: BookingStatus;
  /** Defaults from the status and the lesson time. */
  paymentStatus?: PaymentStatus;
  creditsAppliedCents?: number;
  cancelledAtMs?: number;
  cancelledBy?: CancelledBy;
  cancellationReason?: string;
}

export interface BuiltBooking {
  booking: Insertable<BookingsTable> & { id: string; price_cents: number; instructor_payout_cents: number };
  payment: Insertable<PaymentsTable> & {
    id: string;
    amount_cents: number;
    stripe_payment_intent_id: string;
    status: PaymentStatus;
  };
}

const CARD_BRANDS: ReadonlyArray<readonly [string, number]> = [
  ['visa', 55],
  ['mastercard', 28],
  ['amex', 12],
  ['discover', 5],
];

/**
 * A student's cards: the same two for every booking (most pay with the first), as a real customer keeps a card on
 * file rather than a new one per lesson. Derived from the student's id, so every booking of theirs agrees.
 */
export function studentCard(studentId: string, which: 0 | 1): { brand: string; last4: string } {
  let h = 2_166_136_261;
  for (const ch of `${studentId}:${which}`) h = Math.imul(h ^ ch.charCodeAt(0), 16_777_619) >>> 0;
  const total = CARD_BRANDS.reduce((n, [, w]) => n + w, 0);
  let pick = h % total;
  const brand = CARD_BRANDS.find(([, w]) => (pick -= w) < 0)?.[0] ?? 'visa';
  return { brand, last4: String(Math.floor(h / total) % 10_000).padStart(4, '0') };
}

export function defaultPaymentStatus(
  status: BookingStatus,
  lessonStartMs: number,
  durationMinutes: number,
  nowMs: number,
): PaymentStatus {
  const captureAt = lessonStartMs + durationMinutes * 60_000 + 2 * HOUR;
  if (status === 'completed' || status === 'no_show') return captureAt <= nowMs ? 'captured' : 'authorized';
  if (status === 'cancelled') return 'cancelled';
  if (status === 'pending') return 'pending';
  return lessonStartMs - DAY <= nowMs ? 'authorized' : 'pending';
}

export function buildBooking(rng: Rng, nowMs: number, spec: BookingSpec): BuiltBooking {
  const split = splitPrice(spec.priceCents, spec.tier);
  const credits = spec.creditsAppliedCents ?? 0;
  const endMs = spec.lessonStartMs + spec.durationMinutes * 60_000;
  const confirmedAtMs = spec.status === 'pending' ? null : Math.min(spec.createdAtMs + rng.int(2, 180) * 60_000, nowMs);
  const booking: BuiltBooking['booking'] = {
    id: spec.id,
    short_id: spec.shortId,
    student_id: spec.studentId,
    instructor_id: spec.instructorId,
    instructor_service_id: spec.instructorServiceId,
    service_id: spec.serviceId,
    status: spec.status,
    lesson_start: iso(spec.lessonStartMs),
    duration_minutes: spec.durationMinutes,
    price_cents: spec.priceCents,
    platform_fee_cents: split.platformFeeCents,
    instructor_payout_cents: split.instructorPayoutCents,
    credits_applied_cents: credits,
    created_at: genTs(spec.createdAtMs),
    confirmed_at: confirmedAtMs === null ? null : iso(confirmedAtMs),
    completed_at: spec.status === 'completed' ? iso(Math.min(endMs + rng.int(0, 90) * 60_000, nowMs)) : null,
    cancelled_at: spec.status === 'cancelled' && spec.cancelledAtMs !== undefined ? iso(spec.cancelledAtMs) : null,
    cancelled_by: spec.status === 'cancelled' ? (spec.cancelledBy ?? 'student') : null,
    cancellation_reason: spec.status === 'cancelled' ? (spec.cancellationReason ?? 'Schedule conflict') : null,
    updated_at: genTs(Math.min(nowMs, Math.max(spec.createdAtMs, spec.cancelledAtMs ?? endMs))),
  };

  const status = spec.paymentStatus ?? defaultPaymentStatus(spec.status, spec.lessonStartMs, spec.durationMinutes, nowMs);
  const authorizeAt = Math.max(spec.lessonStartMs - DAY, spec.createdAtMs + 60_000);
  const captureAt = endMs + 2 * HOUR;
  const charged =
    status !== 'pending' && status !== 'failed' && !(status === 'cancelled' && authorizeAt > (spec.cancelledAtMs ?? nowMs));
  const captured = status === 'captured' || status === 'partially_refunded' || status === 'refunded';
  const amount = spec.priceCents - credits;
  const card = studentCard(spec.studentId, rng.chance(0.15) ? 1 : 0);
  const payment: BuiltBooking['payment'] = {
    id: spec.paymentId,
    booking_id: spec.id,
    stripe_payment_intent_id: rng.stripeId('pi'),
    stripe_charge_id: charged ? rng.stripeId('ch') : null,
    amount_cents: amount,
    amount_refunded_cents: 0,
    status,
    authorize_at: iso(authorizeAt),
    capture_at: iso(captureAt),
    authorized_at: charged ? iso(Math.min(authorizeAt, nowMs)) : null,
    captured_at: captured ? iso(Math.min(captureAt, nowMs)) : null,
    failed_at: status === 'failed' ? iso(Math.min(authorizeAt, nowMs)) : null,
    failure_code: status === 'failed' ? 'card_declined' : null,
    failure_message: status === 'failed' ? 'Your card was declined.' : null,
    card_brand: card.brand,
    card_last4: card.last4,
    created_at: genTs(spec.createdAtMs),
    updated_at: genTs(Math.min(nowMs, captured ? captureAt : Math.max(spec.createdAtMs, authorizeAt))),
  };
  return { booking, payment };
}

export interface RefundSpec {
  id: string;
  built: BuiltBooking;
  amountCents: number;
  method: RefundMethod;
  policyRule: RefundRule;
  overrideCode?: OverrideCode | null;
  instructorPayoutCents: number;
  status?: RefundStatus;
  createdAtMs: number;
  reason: string;
  staffId?: string | null;
  creditId?: string;
}

export interface BuiltRefund {
  refund: Insertable<RefundsTable> & { id: string };
  credit: (Insertable<CreditLedgerTable> & { id: string }) | null;
}

/** A refund row (and its credit ledger entry for credit refunds); updates the payment's refunded amount in place. */
export function buildRefund(rng: Rng, spec: RefundSpec): BuiltRefund {
  const status = spec.status ?? 'succeeded';
  const { booking, payment } = spec.built;
  // Drawn for every card refund so the sample stays the same; a pending refund has not reached Stripe yet, so the
  // console's reconciler sends it (with its idempotency key) on first start and the stand-in knows it from then on.
  const stripeId = spec.method === 'card' && status !== 'failed' ? rng.stripeId('re') : null;
  const refund: BuiltRefund['refund'] = {
    id: spec.id,
    booking_id: booking.id,
    payment_id: payment.id,
    student_id: booking.student_id,
    amount_cents: spec.amountCents,
    method: spec.method,
    policy_rule: spec.policyRule,
    override_code: spec.overrideCode ?? null,
    instructor_payout_cents: spec.instructorPayoutCents,
    reason: spec.reason,
    status,
    stripe_refund_id: status === 'pending' ? null : stripeId,
    idempotency_key: `seed-${spec.id}`,
    error: status === 'failed' ? 'charge_already_refunded' : null,
    created_by_staff_id: spec.staffId ?? null,
    created_at: genTs(spec.createdAtMs),
    settled_at: status === 'succeeded' ? iso(spec.createdAtMs + rng.int(2, 600) * 1000) : null,
  };
  if (spec.method === 'card' && status === 'succeeded') {
    const refunded = (payment.amount_refunded_cents ?? 0) + spec.amountCents;
    payment.amount_refunded_cents = refunded;
    payment.status = refunded >= payment.amount_cents ? 'refunded' : 'partially_refunded';
  }
  const credit =
    spec.method === 'credit' && status === 'succeeded'
      ? {
          id: spec.creditId ?? rng.uuid(),
          user_id: booking.student_id,
          amount_cents: spec.amountCents,
          kind: 'refund' as const,
          reason: `Refund for booking ${booking.short_id}`,
          booking_id: booking.id,
          refund_id: spec.id,
          created_by_staff_id: spec.staffId ?? null,
          created_at: genTs(spec.createdAtMs),
        }
      : null;
  return { refund, credit };
}

export const TEMPLATES = {
  booking_confirmation: {
    name: 'Booking confirmation',
    subject: 'Your {{serviceName}} lesson is booked',
    body: 'Hi {{firstName}},\n\nYour {{serviceName}} lesson with {{instructorName}} on {{lessonTime}} is confirmed (booking {{shortId}}).\n\nSee you there!',
  },
  lesson_reminder: {
    name: 'Lesson reminder',
    subject: 'Reminder: your {{serviceName}} lesson on {{lessonTime}}',
    body: 'Hi {{firstName}},\n\nA reminder that your {{serviceName}} lesson with {{instructorName}} starts {{lessonTime}} (booking {{shortId}}).',
  },
  lesson_completed: {
    name: 'Lesson completed',
    subject: 'How was your {{serviceName}} lesson?',
    body: 'Hi {{firstName}},\n\nThanks for learning with {{instructorName}}. Your card was charged {{amount}} for booking {{shortId}}. Leave a review any time.',
  },
  announcement_general: {
    name: 'General announcement',
    subject: '{{headline}}',
    body: 'Hi {{firstName}},\n\n{{message}}\n\nThe Lessons team',
  },
  refund_issued: {
    name: 'Refund issued',
    subject: 'Your refund for booking {{shortId}}',
    body: 'Hi {{firstName}},\n\nWe refunded {{amount}} to your {{method}} for booking {{shortId}}.',
  },
} as const;

export type TemplateKey = keyof typeof TEMPLATES;

export interface NotificationSpec {
  id: string;
  userId: string;
  bookingId: string | null;
  template: TemplateKey;
  vars: Record<string, string>;
  createdAtMs: number;
  channel?: 'email' | 'in_app' | 'sms';
  status?: 'queued' | 'sent' | 'failed' | 'skipped';
}

export function buildNotification(spec: NotificationSpec): Insertable<NotificationsTable> {
  const t = TEMPLATES[spec.template];
  const status = spec.status ?? 'sent';
  return {
    id: spec.id,
    user_id: spec.userId,
    booking_id: spec.bookingId,
    channel: spec.channel ?? 'email',
    template: spec.template,
    subject: renderText(t.subject, spec.vars),
    body_text: renderText(t.body, spec.vars),
    status,
    dedupe_key: spec.bookingId === null ? null : `${spec.template}:${spec.bookingId}:${spec.channel ?? 'email'}`,
    error: status === 'failed' ? 'mailbox unavailable (550)' : null,
    created_at: genTs(spec.createdAtMs),
    sent_at: status === 'sent' ? iso(spec.createdAtMs + 2_000) : null,
  };
}

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const lessonTime = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  weekday: 'short',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
});

/** Formatters are built once: creating one per call dominates generation time. */
export function formatUsd(cents: number): string {
  return usd.format(cents / 100);
}

export function lessonTimeText(ms: number): string {
  return lessonTime.format(ms);
}

export interface StripeWebhookSpec {
  id: string;
  eventId: string;
  type: string;
  createdMs: number;
  object: Record<string, unknown>;
  status?: 'processed' | 'failed' | 'received' | 'skipped';
  error?: string | null;
  attempts?: number;
  bookingId?: string | null;
  userId?: string | null;
  paymentId?: string | null;
  durationMs?: number;
  /** A failure's retryability, as the ledger records it (false: permanent); null when not recorded. */
  retryable?: boolean | null;
}

/** A Stripe event around `object`, as Stripe delivers it to a webhook endpoint (the stand-in, tests and the seed). */
export function stripeEventEnvelope<Type extends string, Payload>(
  id: string,
  type: Type,
  object: Payload,
  createdMs = Date.now(),
) {
  return {
    id,
    object: 'event' as const,
    api_version: '2024-06-20',
    created: Math.floor(createdMs / 1000),
    type,
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
  };
}

/** A Stripe webhook as received: a real event envelope, the signature header sanitized. */
export function buildStripeWebhook(spec: StripeWebhookSpec): Insertable<WebhookEventsTable> {
  const status = spec.status ?? 'processed';
  const payload = stripeEventEnvelope(spec.eventId, spec.type, spec.object, spec.createdMs);
  const receivedMs = spec.createdMs + 400;
  const duration = spec.durationMs ?? 40;
  return {
    id: spec.id,
    source: 'stripe',
    event_id: spec.eventId,
    type: spec.type,
    status,
    headers: JSON.stringify({
      'content-type': 'application/json; charset=utf-8',
      'stripe-signature': '[redacted]',
      'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
    }),
    payload: JSON.stringify(payload),
    error: spec.error ?? null,
    attempts: spec.attempts ?? 1,
    received_at: genTs(receivedMs),
    processed_at: status === 'processed' || status === 'failed' ? iso(receivedMs + duration) : null,
    duration_ms: status === 'received' ? null : duration,
    replay_of: null,
    booking_id: spec.bookingId ?? null,
    user_id: spec.userId ?? null,
    payment_id: spec.paymentId ?? null,
    retryable: status === 'failed' ? (spec.retryable ?? null) : null,
  };
}

export function paymentIntentObject(
  p: BuiltBooking['payment'],
  customer: string | null,
  bookingShortId: string,
): Record<string, unknown> {
  return {
    id: p.stripe_payment_intent_id,
    object: 'payment_intent',
    amount: p.amount_cents,
    amount_received: p.status === 'captured' ? p.amount_cents : 0,
    currency: 'usd',
    customer,
    latest_charge: p.stripe_charge_id ?? null,
    status: p.status === 'captured' ? 'succeeded' : p.status === 'failed' ? 'requires_payment_method' : 'requires_capture',
    capture_method: 'manual',
    metadata: { booking_id: p.booking_id, short_id: bookingShortId },
  };
}

export function chargeObject(
  p: BuiltBooking['payment'],
  customer: string | null,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id: p.stripe_charge_id,
    object: 'charge',
    amount: p.amount_cents,
    amount_refunded: p.amount_refunded_cents ?? 0,
    currency: 'usd',
    customer,
    payment_intent: p.stripe_payment_intent_id,
    refunded: p.status === 'refunded',
    paid: true,
    captured: true,
    payment_method_details: { type: 'card', card: { brand: p.card_brand, last4: p.card_last4 } },
    ...extra,
  };
}
