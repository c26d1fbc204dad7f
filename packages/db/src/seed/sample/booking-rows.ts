import {
  DAY,
  HOUR,
  buildNotification,
  buildStripeWebhook,
  chargeObject,
  formatUsd,
  genTs,
  iso,
  lessonTimeText,
  msOf,
  paymentIntentObject,
} from '../factories.js';
import type { BuiltBookings } from './bookings.js';
import type { People } from './people.js';
import type { SampleWorld } from './world.js';

/**
 * The rows each built booking leaves behind: the booking and its payment, the instructor's payout, the messages of
 * the last 90 days, and Stripe's webhooks of the last 120 (with refunds' and some that were skipped).
 */
export function addBookingRows(w: SampleWorld, people: People, { built, refundSpecs }: BuiltBookings): void {
  const { rng, nowMs, rows, serviceName } = w;
  // A payout is overdue once the business day it was scheduled for has passed (the console's rule), so every payout
  // of a day before today was paid (or failed, or held): right after midnight, yesterday's evening ones too.
  const todayStartMs = w.startOf(0);
  const { students } = people;
  const customer = new Map(students.map((s) => [s.id, s.row]));
  const notifyFrom = nowMs - 90 * DAY;
  const webhooksFrom = nowMs - 120 * DAY;
  const splitRefunds = new Map(refundSpecs.filter((r) => r.policyRule === 'split_under_12h').map((r) => [r.built, r]));
  const builtById = new Map(built.map((x) => [x.b.booking.id, x]));
  for (const { b, plan: p } of built) {
    rows.bookings.push(b.booking);
    rows.payments.push(b.payment);
    const pay = b.payment;
    const endMs = p.startMs + p.minutes * 60_000;
    const splitRefund = splitRefunds.get(b);
    const earns =
      (p.status === 'completed' && pay.status !== 'refunded') ||
      (p.status === 'no_show' && p.studentNoShowOrInstructor === 'student') ||
      splitRefund !== undefined;
    if (earns && endMs < nowMs) {
      const amount = splitRefund ? splitRefund.instructorPayoutCents : b.booking.instructor_payout_cents;
      const scheduled = endMs + 3 * DAY;
      const old = scheduled < todayStartMs;
      // Paid (or failed) after its time and never after now, however close to midnight it was scheduled.
      const settledAt = (after: number) => Math.min(scheduled + after, nowMs);
      const failed = old && rng.chance(0.004);
      const status = p.teacher.hold && !old ? 'held' : failed ? 'failed' : old ? 'paid' : 'pending';
      if (amount > 0) {
        rows.payouts.push({
          id: rng.uuid(),
          instructor_id: p.teacher.id,
          booking_id: b.booking.id,
          amount_cents: amount,
          status,
          scheduled_for: iso(scheduled),
          paid_at: status === 'paid' ? iso(settledAt(2 * HOUR)) : null,
          failed_at: status === 'failed' ? iso(settledAt(HOUR)) : null,
          failure_reason:
            status === 'failed' ? rng.pick(['account_closed', 'invalid_account_number', 'debit_not_authorized']) : null,
          hold_reason: status === 'held' ? 'Identity re-verification' : null,
          stripe_transfer_id: status === 'paid' ? rng.stripeId('tr') : null,
          created_at: genTs(endMs + HOUR),
          updated_at: genTs(status === 'paid' ? settledAt(2 * HOUR) : Math.min(nowMs, endMs + HOUR)),
        });
      }
    }
    if (p.startMs >= notifyFrom) {
      const vars = {
        firstName: p.student.first,
        instructorName: `${p.teacher.first} ${p.teacher.last}`,
        serviceName: serviceName.get(p.offering.serviceId) ?? 'Lesson',
        lessonTime: lessonTimeText(p.startMs),
        shortId: b.booking.short_id,
        amount: formatUsd(pay.amount_cents),
      };
      const optOut = customer.get(p.student.id)?.marketing_opt_out === true;
      if (b.booking.confirmed_at) {
        rows.notifications.push(
          buildNotification({
            id: rng.uuid(),
            userId: p.student.id,
            bookingId: b.booking.id,
            template: 'booking_confirmation',
            vars,
            createdAtMs: msOf(b.booking.confirmed_at),
            status: rng.chance(0.01) ? 'failed' : 'sent',
          }),
        );
      }
      if (p.status !== 'cancelled' && p.status !== 'pending' && p.startMs - DAY <= nowMs) {
        const sms = rng.chance(0.15);
        rows.notifications.push(
          buildNotification({
            id: rng.uuid(),
            userId: p.student.id,
            bookingId: b.booking.id,
            template: 'lesson_reminder',
            vars,
            channel: sms ? 'sms' : 'email',
            createdAtMs: Math.max(p.startMs - DAY, p.createdMs + 5 * 60_000),
            status: sms && optOut ? 'skipped' : 'sent',
          }),
        );
      }
      if (p.status === 'completed' && endMs + HOUR <= nowMs) {
        rows.notifications.push(
          buildNotification({
            id: rng.uuid(),
            userId: p.student.id,
            bookingId: b.booking.id,
            template: 'lesson_completed',
            vars,
            createdAtMs: endMs + HOUR,
          }),
        );
      }
    }
    const cus = customer.get(p.student.id)?.stripe_customer_id ?? null;
    const hook = (type: string, createdMs: number, object: Record<string, unknown>): void => {
      if (createdMs < webhooksFrom || createdMs > nowMs) return;
      rows.webhook_events.push(
        buildStripeWebhook({
          id: rng.uuid(),
          eventId: rng.stripeId('evt'),
          type,
          createdMs,
          object,
          bookingId: b.booking.id,
          paymentId: pay.id,
          userId: p.student.id,
          durationMs: rng.int(12, 180),
        }),
      );
    };
    if (pay.captured_at)
      hook('payment_intent.succeeded', msOf(pay.captured_at), {
        ...paymentIntentObject(pay, cus, b.booking.short_id),
        status: 'succeeded',
        amount_received: pay.amount_cents,
      });
    else if (pay.authorized_at)
      hook(
        'payment_intent.amount_capturable_updated',
        msOf(pay.authorized_at),
        paymentIntentObject(pay, cus, b.booking.short_id),
      );
    if (pay.failed_at)
      hook('payment_intent.payment_failed', msOf(pay.failed_at), {
        ...paymentIntentObject(pay, cus, b.booking.short_id),
        last_payment_error: { code: pay.failure_code, message: pay.failure_message },
      });
  }
  for (const r of rows.refunds) {
    const b = builtById.get(r.booking_id);
    if (!b || r.method !== 'card' || r.status !== 'succeeded' || !r.created_at) continue;
    const createdMs = msOf(r.created_at);
    if (createdMs < webhooksFrom) continue;
    rows.webhook_events.push(
      buildStripeWebhook({
        id: rng.uuid(),
        eventId: rng.stripeId('evt'),
        type: 'charge.refunded',
        createdMs: createdMs + 30_000,
        object: chargeObject(b.b.payment, customer.get(b.plan.student.id)?.stripe_customer_id ?? null),
        bookingId: r.booking_id,
        paymentId: r.payment_id ?? null,
        userId: r.student_id,
        durationMs: rng.int(12, 120),
      }),
    );
  }
  for (let i = 0; i < 40; i++) {
    const ms = nowMs - rng.int(60, 120 * 24 * 60) * 60_000;
    rows.webhook_events.push(
      buildStripeWebhook({
        id: rng.uuid(),
        eventId: rng.stripeId('evt'),
        type: 'customer.updated',
        createdMs: ms,
        object: { id: rng.stripeId('cus', 14), object: 'customer' },
        status: 'skipped',
        durationMs: 2,
      }),
    );
  }
}
