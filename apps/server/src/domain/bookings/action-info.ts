import type { DbOrTx } from '@ops/db';
import { maskName, type BookingActionInfo, type RefundRow } from '@ops/shared';
import { DomainError } from '../errors.js';
import { loadBookingsMoney } from '../refunds/bookings-money.js';
import { disputeRefusal } from '../refunds/compute.js';
import { completionOf } from './complete.js';

/** What the booking's action buttons need: its money, the two people (masked) and its refunds, newest first. */
export async function loadBookingActionInfo(db: DbOrTx, bookingId: string): Promise<BookingActionInfo> {
  const [money, people, refunds] = await Promise.all([
    loadBookingsMoney(db, { bookingIds: [bookingId] }, false),
    db
      .selectFrom('bookings')
      .innerJoin('users as s', 's.id', 'bookings.student_id')
      .innerJoin('users as i', 'i.id', 'bookings.instructor_id')
      .select(['bookings.duration_minutes', 's.first_name as sf', 's.last_name as sl', 'i.first_name as if', 'i.last_name as il'])
      .where('bookings.id', '=', bookingId)
      .executeTakeFirst(),
    db
      .selectFrom('refunds')
      .select([
        'id',
        'booking_id',
        'amount_cents',
        'instructor_payout_cents',
        'method',
        'policy_rule',
        'override_code',
        'status',
        'stripe_refund_id',
        'error',
        'created_at',
        'settled_at',
      ])
      .where('booking_id', '=', bookingId)
      .orderBy('created_at', 'desc')
      .limit(100)
      .execute(),
  ]);
  const b = money[0];
  if (!b || !people) throw new DomainError('NOT_FOUND', 'No such booking');
  const completion = completionOf(b);
  return {
    id: b.id,
    shortId: b.shortId,
    status: b.status,
    lessonStart: b.lessonStart,
    durationMinutes: people.duration_minutes,
    priceCents: b.priceCents,
    platformFeeCents: b.platformFeeCents,
    instructorPayoutCents: b.instructorPayoutCents,
    studentId: b.studentId,
    studentName: maskName(people.sf, people.sl),
    instructorId: b.instructorId,
    instructorName: maskName(people.if, people.il),
    payment: b.payment
      ? {
          id: b.payment.id,
          status: b.payment.status,
          amountCents: b.payment.amountCents,
          amountRefundedCents: b.payment.amountRefundedCents,
          cardLast4: b.payment.cardLast4,
        }
      : null,
    refundableCents: b.refundableCents,
    refundRefusal: disputeRefusal(b),
    completeRefusal: typeof completion === 'string' ? completion : null,
    refunds: refunds.map((r): RefundRow => ({
      id: r.id,
      bookingId: r.booking_id,
      amountCents: r.amount_cents,
      instructorCents: r.instructor_payout_cents,
      method: r.method,
      policyRule: r.policy_rule,
      overrideCode: r.override_code,
      status: r.status,
      stripeRefundId: r.stripe_refund_id,
      error: r.error,
      createdAt: r.created_at,
      settledAt: r.settled_at,
    })),
  };
}
