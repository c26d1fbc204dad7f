import { DAY, HOUR, buildRefund, buildStripeWebhook, chargeObject, genTs, iso, type BuiltBooking } from '../factories.js';
import { SARAH } from '../stories.js';
import type { StoryKit } from './kit.js';
import type { StoryInstructors } from './people.js';

/** Sarah Chen: eight bookings, one disputed, one refunded (by an admin, to card), one soon, one big. Returns the refunded one. */
export function plantSarah(kit: StoryKit, { elena, david }: StoryInstructors): BuiltBooking {
  const { rng, nowMs, rows, admin, support, nextId, book, at } = kit;
  const disputed = book({
    id: SARAH.disputedBookingId,
    paymentId: SARAH.disputedPaymentId,
    shortId: SARAH.disputedShortId,
    studentId: SARAH.userId,
    teacher: elena,
    serviceId: 'piano',
    minutes: 60,
    startMs: at(-40),
    status: 'completed',
  });
  disputed.payment.disputed_at = iso(nowMs - 6 * DAY);
  disputed.payment.dispute_status = 'needs_response';
  // Stripe gives seven days from the dispute for evidence: due tomorrow.
  disputed.payment.dispute_evidence_due_by = iso(nowMs + DAY);
  const refunded = book({
    id: SARAH.refundedBookingId,
    shortId: SARAH.refundedShortId,
    studentId: SARAH.userId,
    teacher: elena,
    serviceId: 'piano',
    minutes: 60,
    startMs: at(-20),
    status: 'completed',
  });
  book({
    id: SARAH.soonBookingId,
    shortId: SARAH.soonShortId,
    studentId: SARAH.userId,
    teacher: elena,
    serviceId: 'piano',
    minutes: 60,
    startMs: nowMs + 8 * HOUR,
    status: 'confirmed',
    createdMs: nowMs - 6 * DAY,
  });
  book({
    id: SARAH.bigBookingId,
    shortId: SARAH.bigShortId,
    studentId: SARAH.userId,
    teacher: elena,
    serviceId: 'sat-prep',
    minutes: 240,
    startMs: at(4),
    status: 'confirmed',
    createdMs: nowMs - 2 * DAY,
  });
  for (const [days, teacher, service] of [
    [-90, elena, 'piano'],
    [-70, david, 'spanish'],
    [-55, elena, 'piano'],
    [-10, david, 'spanish'],
  ] as const) {
    book({ studentId: SARAH.userId, teacher, serviceId: service, minutes: 60, startMs: at(days), status: 'completed' });
  }
  const sarahRefund = buildRefund(rng, {
    id: SARAH.refundId,
    built: refunded,
    amountCents: refunded.payment.amount_cents,
    method: 'card',
    policyRule: 'override',
    overrideCode: 'PLATFORM_ERROR',
    instructorPayoutCents: 0,
    createdAtMs: at(-19, 3),
    reason: 'Video link failed; lesson cut short',
    staffId: admin?.id ?? null,
  });
  sarahRefund.refund.stripe_refund_id = SARAH.stripeRefundId;
  rows.refunds.push(sarahRefund.refund);
  rows.credit_ledger.push({
    id: nextId(),
    user_id: SARAH.userId,
    amount_cents: 2_000,
    kind: 'promo',
    reason: 'Welcome credit',
    created_at: genTs(nowMs - 319 * DAY),
  });
  rows.booking_notes.push(
    {
      id: nextId(),
      user_id: SARAH.userId,
      booking_id: SARAH.disputedBookingId,
      kind: 'dispute',
      body: 'Card issuer opened a dispute (reason: product_not_received). Student says the lesson happened; evidence due in 7 days.',
      author_staff_id: support?.id ?? null,
      created_at: genTs(nowMs - 6 * DAY + 2 * HOUR),
    },
    {
      id: nextId(),
      user_id: SARAH.userId,
      booking_id: SARAH.refundedBookingId,
      kind: 'support_interaction',
      body: 'Student reported the video link failed halfway. Refunded in full to card.',
      author_staff_id: support?.id ?? null,
      created_at: genTs(at(-19, 2)),
    },
  );
  rows.webhook_events.push(
    buildStripeWebhook({
      id: nextId(),
      eventId: SARAH.disputeWebhookEventId,
      type: 'charge.dispute.created',
      createdMs: nowMs - 6 * DAY,
      object: {
        id: rng.stripeId('du'),
        object: 'dispute',
        amount: disputed.payment.amount_cents,
        currency: 'usd',
        charge: disputed.payment.stripe_charge_id,
        payment_intent: disputed.payment.stripe_payment_intent_id,
        reason: 'product_not_received',
        status: 'needs_response',
        evidence_details: { due_by: Math.floor((nowMs + DAY) / 1000), has_evidence: false },
      },
      bookingId: SARAH.disputedBookingId,
      paymentId: SARAH.disputedPaymentId,
      userId: SARAH.userId,
    }),
    buildStripeWebhook({
      id: nextId(),
      eventId: rng.stripeId('evt'),
      type: 'charge.refunded',
      createdMs: at(-19, 3) + 60_000,
      object: chargeObject(refunded.payment, SARAH.stripeCustomerId),
      bookingId: SARAH.refundedBookingId,
      paymentId: refunded.payment.id,
      userId: SARAH.userId,
    }),
  );
  return refunded;
}
