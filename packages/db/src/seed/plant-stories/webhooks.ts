import { HOUR, buildStripeWebhook, chargeObject, paymentIntentObject } from '../factories.js';
import { FAILED_WEBHOOKS, MARCUS } from '../stories.js';
import type { StoryKit } from './kit.js';
import type { StoryPayments } from './payments.js';

/**
 * Twelve failed Stripe webhooks in the last 24 hours (half about known payments, waiting for a person; half permanent),
 * and the declined card's event.
 */
export function plantFailedWebhooks(kit: StoryKit, { failed, stuck }: StoryPayments): void {
  const { rng, nowMs, rows, nextId, customers, built } = kit;
  const linkable = [
    ...stuck,
    ...[...built.values()].filter((b) => b.booking.instructor_id === MARCUS.userId && b.booking.status === 'completed'),
  ];
  FAILED_WEBHOOKS.eventIds.forEach((eventId, i) => {
    const type = i % 3 === 2 ? 'charge.refunded' : 'payment_intent.succeeded';
    const linked = i % 2 === 1 ? linkable[(i >> 1) % linkable.length] : undefined;
    const unknownIntent = rng.stripeId('pi');
    const object = linked
      ? type === 'charge.refunded'
        ? chargeObject(linked.payment, customers.get(linked.booking.student_id) ?? null, {
            refunded: true,
            amount_refunded: linked.payment.amount_cents,
          })
        : {
            ...paymentIntentObject(linked.payment, customers.get(linked.booking.student_id) ?? null, linked.booking.short_id),
            status: 'succeeded',
            amount_received: linked.payment.amount_cents,
          }
      : type === 'charge.refunded'
        ? {
            id: rng.stripeId('ch'),
            object: 'charge',
            amount: 9_000,
            amount_refunded: 9_000,
            currency: 'usd',
            payment_intent: unknownIntent,
            refunded: true,
          }
        : {
            id: unknownIntent,
            object: 'payment_intent',
            amount: 9_000,
            amount_received: 9_000,
            currency: 'usd',
            status: 'succeeded',
            capture_method: 'manual',
          };
    rows.webhook_events.push(
      buildStripeWebhook({
        id: FAILED_WEBHOOKS.webhookIds[i] ?? nextId(),
        eventId,
        type,
        createdMs: nowMs - (23 - i * 1.8) * HOUR,
        object,
        status: 'failed',
        attempts: 3,
        durationMs: linked ? 5_000 : 35,
        error: linked ? `timeout updating payment ${linked.payment.id} after 5000ms` : `payment not found for ${unknownIntent}`,
        // As the handler records them: an event about a payment we do not have is permanent. A timeout's is left
        // unrecorded (the sweeper retries only recorded retryable ones), so the story stays failed for a person.
        retryable: linked ? null : false,
        bookingId: linked?.booking.id ?? null,
        paymentId: linked?.payment.id ?? null,
        userId: linked?.booking.student_id ?? null,
      }),
    );
  });
  rows.webhook_events.push(
    buildStripeWebhook({
      id: nextId(),
      eventId: rng.stripeId('evt'),
      type: 'payment_intent.payment_failed',
      createdMs: nowMs - 2 * HOUR,
      object: {
        ...paymentIntentObject(failed.payment, customers.get(failed.booking.student_id) ?? null, failed.booking.short_id),
        last_payment_error: { code: 'card_declined', message: 'Your card was declined.' },
      },
      bookingId: failed.booking.id,
      paymentId: failed.payment.id,
      userId: failed.booking.student_id,
    }),
  );
}
