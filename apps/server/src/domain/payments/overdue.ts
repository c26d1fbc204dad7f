import { sql, type ExpressionBuilder } from 'kysely';
import type { Database, Db } from '@ops/db';
import type { OverduePaymentRow } from '@ops/shared';

/** A scheduled payment step counts as overdue once it is this late (the marketplace's worker runs every few minutes). */
export const PAYMENT_GRACE_MS = 15 * 60_000;

/** The instant before which a scheduled authorisation or capture is overdue. */
export function overdueCutoff(now: Date): string {
  return new Date(now.getTime() - PAYMENT_GRACE_MS).toISOString();
}

/** The status of a payment's booking, looked up per row (an index scan on the booking's key). */
export const bookingStatusOf = (eb: ExpressionBuilder<Database, 'payments'>) =>
  eb.selectFrom('bookings').select('bookings.status').whereRef('bookings.id', '=', 'payments.booking_id');

/**
 * The overdue rule, the one the command center counts and both pages list by: a step past its time plus the grace.
 * A booking's payment is authorised 24 h before the lesson once its instructor has confirmed it; a booking still
 * waiting for confirmation has nothing to authorise yet, so its pending payment is not late whatever its time says.
 */
export function isOverdue(cutoff: string) {
  return (eb: ExpressionBuilder<Database, 'payments'>) =>
    eb.or([
      eb.and([
        eb('payments.status', '=', 'pending'),
        eb('payments.authorize_at', '<', cutoff),
        // A lookup per late row (a few): an EXISTS here is planned as a hash of every confirmed booking.
        eb(bookingStatusOf(eb), '=', 'confirmed'),
      ]),
      eb.and([eb('payments.status', '=', 'authorized'), eb('payments.capture_at', '<', cutoff)]),
    ]);
}

/** The overdue payments, longest overdue first (by the time of the step that is late), each linked to its booking. */
export async function overduePayments(db: Db, now: Date, limit: number): Promise<OverduePaymentRow[]> {
  const rows = await db
    .selectFrom('payments')
    .innerJoin('bookings', 'bookings.id', 'payments.booking_id')
    .select([
      'payments.id as paymentId',
      'payments.booking_id as bookingId',
      'bookings.short_id as shortId',
      'payments.status',
      'payments.authorize_at',
      'payments.capture_at',
      'payments.amount_cents as amountCents',
      'payments.stripe_payment_intent_id as paymentIntentId',
    ])
    .where(isOverdue(overdueCutoff(now)))
    .orderBy(sql`case when payments.status = 'pending' then payments.authorize_at else payments.capture_at end`)
    .orderBy('payments.id')
    .limit(limit)
    .execute();
  return rows.map(({ status, authorize_at, capture_at, ...row }) => {
    const kind = status === 'pending' ? ('authorize' as const) : ('capture' as const);
    const due = kind === 'authorize' ? authorize_at : capture_at;
    return { ...row, kind, dueAt: due === null ? '' : new Date(due).toISOString() };
  });
}
