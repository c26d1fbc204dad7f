import { sql } from 'kysely';
import type { BookingStatus, PaymentStatus, PayoutStatus, DbOrTx } from '@ops/db';
import { maskName } from '@ops/shared';

/** A booking with what the refund rules need: its payment and what refunds already took. */
export interface BookingMoney {
  id: string;
  shortId: string;
  status: BookingStatus;
  lessonStart: string;
  priceCents: number;
  platformFeeCents: number;
  instructorPayoutCents: number;
  studentId: string;
  instructorId: string;
  /** "Marcus R.": how a preview names the instructor; "Sarah C.", the student. */
  instructorName: string;
  studentName: string;
  /** Credit the student spent on this booking (`credits_applied_cents`): the card paid only the rest. */
  creditsAppliedCents: number;
  /** Of that credit, what earlier refunds or cancellations already put back on the student's balance. */
  creditReturnedCents: number;
  /** What refunds (pending or settled) already gave the student of the card payment, instructor shares aside. */
  studentRefundedCents: number;
  payment: {
    id: string;
    status: PaymentStatus;
    amountCents: number;
    /** What Stripe's charge is (a partial release captures less than the payment); null until captured. */
    amountCapturedCents: number | null;
    amountRefundedCents: number;
    intentId: string;
    cardLast4: string | null;
    disputedAt: string | null;
    disputeStatus: string | null;
  } | null;
  /**
   * What refunds (pending or settled) gave the student on this booking — money back, card or credit, and on a booking
   * still booked what a release let them off paying: the measure of the refund limits. A release that came with the
   * booking's cancellation gave nothing away, and an instructor's share is not the student's.
   */
  givenBackCents: number;
  /** The instructor's payouts are on hold: a payout scheduled for this booking is held, not paid. */
  instructorPayoutHeld: boolean;
  refundableCents: number;
  /** The instructor's payouts for this booking still standing (waiting or paid), latest first. */
  payouts: Array<{ id: string; status: PayoutStatus; amountCents: number }>;
}

export type BookingFilter =
  { bookingIds: string[] } | { instructorId: string; upcomingAfter: Date } | { studentId: string; upcomingAfter: Date };

const OPEN_STATUSES: BookingStatus[] = ['pending', 'confirmed'];
const MONEY_TAKEN: PaymentStatus[] = ['authorized', 'captured', 'partially_refunded', 'refunded', 'pending'];

/**
 * Loads bookings with their payments and refund totals in a fixed number of queries whatever their count. With
 * `lock`, the booking and payment rows are locked (FOR UPDATE) first, so every refund path on one booking is
 * serialised and what it computed cannot change before it commits.
 */
export async function loadBookingsMoney(db: DbOrTx, filter: BookingFilter, lock: boolean): Promise<BookingMoney[]> {
  let q = db
    .selectFrom('bookings')
    .select([
      'id',
      'short_id',
      'status',
      'lesson_start',
      'price_cents',
      'platform_fee_cents',
      'instructor_payout_cents',
      'student_id',
      'instructor_id',
      'credits_applied_cents',
      (eb) =>
        eb
          .selectFrom('instructor_profiles')
          .select('payout_hold')
          .whereRef('instructor_profiles.user_id', '=', 'bookings.instructor_id')
          .as('payout_hold'),
    ]);
  if ('bookingIds' in filter) {
    if (filter.bookingIds.length === 0) return [];
    q = q.where('id', 'in', filter.bookingIds);
  } else {
    q =
      'instructorId' in filter
        ? q.where('instructor_id', '=', filter.instructorId)
        : q.where('student_id', '=', filter.studentId);
    q = q.where('status', 'in', OPEN_STATUSES).where('lesson_start', '>', filter.upcomingAfter.toISOString());
  }
  q = q.orderBy('lesson_start').orderBy('id');
  if (lock) q = q.forUpdate();
  const bookings = await q.execute();
  if (bookings.length === 0) return [];
  const ids = bookings.map((b) => b.id);

  let pq = db
    .selectFrom('payments')
    .select([
      'id',
      'booking_id',
      'status',
      'amount_cents',
      'amount_captured_cents',
      'amount_refunded_cents',
      'stripe_payment_intent_id',
      'card_last4',
      'disputed_at',
      'dispute_status',
      'created_at',
    ])
    .where('booking_id', 'in', ids)
    .orderBy('created_at');
  if (lock) pq = pq.forUpdate();
  let payoutsQuery = db
    .selectFrom('payouts')
    .select(['id', 'booking_id', 'status', 'amount_cents'])
    .where('booking_id', 'in', ids)
    .where('status', 'in', ['pending', 'held', 'paid'])
    .orderBy('created_at', 'desc')
    .orderBy('id');
  if (lock) payoutsQuery = payoutsQuery.forUpdate();
  const people = [...new Set(bookings.flatMap((b) => [b.instructor_id, b.student_id]))];
  const [payments, sums, payoutRows, names, creditReturns] = await Promise.all([
    pq.execute(),
    db
      .selectFrom('refunds')
      .select([
        'booking_id',
        sql<number>`coalesce(sum(amount_cents + instructor_payout_cents), 0)::int`.as('committed'),
        sql<number>`coalesce(sum(amount_cents) filter (where kind = 'refund'), 0)::int`.as('given_back'),
        sql<number>`coalesce(sum(amount_cents) filter (where kind = 'release'), 0)::int`.as('released'),
      ])
      .where('booking_id', 'in', ids)
      .where('status', '<>', 'failed')
      .groupBy('booking_id')
      .execute(),
    payoutsQuery.execute(),
    db.selectFrom('users').select(['id', 'first_name', 'last_name']).where('id', 'in', people).execute(),
    // A return of applied credit is the booking's credit payment reversed: a positive `booking_payment` entry; a
    // refund that failed takes its return back with a negative one that names the refund (undo.ts).
    db
      .selectFrom('credit_ledger')
      .select(['booking_id', sql<number>`coalesce(sum(amount_cents), 0)::int`.as('returned')])
      .where('booking_id', 'in', ids)
      .where('kind', '=', 'booking_payment')
      .where((eb) => eb.or([eb('amount_cents', '>', 0), eb('refund_id', 'is not', null)]))
      .groupBy('booking_id')
      .execute(),
  ]);
  const creditReturnedByBooking = new Map(creditReturns.map((c) => [c.booking_id, c.returned]));
  const payoutsByBooking = new Map<string, BookingMoney['payouts']>();
  for (const p of payoutRows) {
    if (p.booking_id === null) continue;
    const list = payoutsByBooking.get(p.booking_id) ?? [];
    list.push({ id: p.id, status: p.status, amountCents: p.amount_cents });
    payoutsByBooking.set(p.booking_id, list);
  }
  const nameById = new Map(names.map((u) => [u.id, maskName(u.first_name, u.last_name)]));
  // The latest payment that took (or may take) money is the booking's payment; a failed retry before it is not.
  const paymentByBooking = new Map<string, (typeof payments)[number]>();
  for (const p of payments) {
    const current = paymentByBooking.get(p.booking_id);
    if (!current || MONEY_TAKEN.includes(p.status) || !MONEY_TAKEN.includes(current.status))
      paymentByBooking.set(p.booking_id, p);
  }
  const sumsByBooking = new Map(sums.map((s) => [s.booking_id, s]));

  return bookings.map((b) => {
    const p = paymentByBooking.get(b.id);
    const taken = sumsByBooking.get(b.id) ?? { committed: 0, given_back: 0, released: 0 };
    const payment = p
      ? {
          id: p.id,
          status: p.status,
          amountCents: p.amount_cents,
          amountCapturedCents: p.amount_captured_cents,
          amountRefundedCents: p.amount_refunded_cents,
          intentId: p.stripe_payment_intent_id,
          cardLast4: p.card_last4,
          disputedAt: p.disputed_at,
          disputeStatus: p.dispute_status,
        }
      : null;
    const refundable =
      payment && MONEY_TAKEN.includes(payment.status)
        ? Math.max(0, payment.amountCents - Math.max(taken.committed, payment.amountRefundedCents))
        : 0;
    return {
      id: b.id,
      shortId: b.short_id,
      status: b.status,
      lessonStart: b.lesson_start,
      priceCents: b.price_cents,
      platformFeeCents: b.platform_fee_cents,
      instructorPayoutCents: b.instructor_payout_cents,
      studentId: b.student_id,
      instructorId: b.instructor_id,
      instructorName: nameById.get(b.instructor_id) ?? 'the instructor',
      studentName: nameById.get(b.student_id) ?? 'the student',
      creditsAppliedCents: b.credits_applied_cents,
      creditReturnedCents: creditReturnedByBooking.get(b.id) ?? 0,
      studentRefundedCents: taken.given_back + taken.released,
      payment,
      // A release with the lesson still on let the student off its charge; one that came with the cancellation did not.
      givenBackCents: taken.given_back + (b.status === 'cancelled' ? 0 : taken.released),
      instructorPayoutHeld: b.payout_hold === true,
      refundableCents: refundable,
      payouts: payoutsByBooking.get(b.id) ?? [],
    };
  });
}
