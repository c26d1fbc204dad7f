import { sql } from 'kysely';
import { fraudSignals, maskEmail, maskName, maskPhone, type SupportRefundRow, type User360 } from '@ops/shared';
import type { DbOrTx } from '@ops/db';
import { DomainError } from '../errors.js';
import { instructorPayoutsQuery } from '../instructors/instructors.js';
import { creditBalanceCents, listCreditLedger } from '../students/credits.js';
import { accountFlags, userSuggestions } from './flags.js';
import {
  NOTIFICATION_COLUMNS,
  REFUND_COLUMNS,
  auditForUserQuery,
  auditRow,
  noteRow,
  notificationRow,
  pendingApprovalRow,
} from './rows.js';
import { USER_COLUMNS } from './search.js';

/** Lists on the 360 show the latest rows; the stats carry the totals. */
export const LIST_LIMIT = 100;
/** Refunds feed the fraud signals, so they are read further back. */
export const REFUND_LIMIT = 500;

export async function findUserForSupport(db: DbOrTx, userId: string) {
  return db
    .selectFrom('users')
    .leftJoin('instructor_profiles as ip', 'ip.user_id', 'users.id')
    .select([
      ...USER_COLUMNS,
      'users.verified_at',
      'users.created_at',
      'users.suspended_at',
      'users.suspension_reason',
      'users.erased_at',
      'users.stripe_customer_id',
      'ip.background_check_status',
      'ip.commission_tier',
      'ip.payout_hold',
      'ip.payout_hold_reason',
      'ip.verification_override',
      'ip.city',
    ])
    .where('users.id', '=', userId)
    .executeTakeFirst();
}

/**
 * Everything about one person in a fixed number of queries (1 + 9 in parallel), whatever the history length:
 * each list is bounded and the totals come from one aggregate.
 */
export async function loadUser360(db: DbOrTx, userId: string, now: Date, timeZone: string): Promise<User360> {
  const user = await findUserForSupport(db, userId);
  if (!user) throw new DomainError('NOT_FOUND', 'userId: no such user');
  const side = user.role === 'student' ? ('student_id' as const) : ('instructor_id' as const);
  const other = user.role === 'student' ? ('instructor_id' as const) : ('student_id' as const);

  const [bookings, stats, refunds, creditBalance, ledger, payouts, notes, notifications, audit, approvals] = await Promise.all([
    db
      .selectFrom('bookings as b')
      .innerJoin('users as o', 'o.id', `b.${other}`)
      .innerJoin('services as sv', 'sv.id', 'b.service_id')
      .leftJoinLateral(
        (eb) =>
          eb
            .selectFrom('payments')
            .select(['payments.status', 'payments.amount_cents', 'payments.amount_refunded_cents', 'payments.disputed_at'])
            .whereRef('payments.booking_id', '=', 'b.id')
            .orderBy('payments.created_at', 'desc')
            .limit(1)
            .as('p'),
        (join) => join.onTrue(),
      )
      .select([
        'b.id',
        'b.short_id',
        'b.status',
        'b.service_id',
        'sv.name as service_name',
        'b.lesson_start',
        'b.price_cents',
        'b.created_at',
        'o.first_name',
        'o.last_name',
        'p.status as payment_status',
        'p.amount_cents',
        'p.amount_refunded_cents',
        'p.disputed_at',
      ])
      .where(`b.${side}`, '=', userId)
      .orderBy('b.lesson_start', 'desc')
      .limit(LIST_LIMIT)
      .execute(),
    // Totals kept per person by triggers; only the upcoming count depends on now (an index range from now on).
    sql<{
      total: number;
      completed: number;
      cancelled: number;
      no_shows: number;
      completed_value: number;
      failed_payments: number;
      disputes: number;
      upcoming: number;
    }>`
      select coalesce(t.bookings, 0) as total, coalesce(t.completed, 0) as completed, coalesce(t.cancelled, 0) as cancelled,
        coalesce(t.no_shows, 0) as no_shows, coalesce(t.completed_value_cents, 0) as completed_value, coalesce(t.failed_payments, 0) as failed_payments,
        coalesce(t.disputes, 0) as disputes,
        (select count(*)::int from bookings b
          where b.${sql.ref(side)} = ${userId} and b.lesson_start > ${now.toISOString()}::timestamptz
            and b.status in ('pending', 'confirmed')) as upcoming
      from (select 1) as one left join user_booking_totals t on t.user_id = ${userId}::uuid`
      .execute(db)
      .then((r) => {
        const row = r.rows[0];
        if (!row) throw new Error('stats query returned no row');
        return row;
      }),
    db
      .selectFrom('refunds as r')
      .innerJoin('bookings as b', 'b.id', 'r.booking_id')
      .select([...REFUND_COLUMNS, 'b.short_id as shortId'])
      .where(user.role === 'student' ? 'r.student_id' : 'r.instructor_id', '=', userId)
      .orderBy('r.created_at', 'desc')
      .limit(REFUND_LIMIT)
      .execute(),
    creditBalanceCents(db, userId),
    listCreditLedger(db, userId, LIST_LIMIT),
    instructorPayoutsQuery(db, userId, now, timeZone).select('paid_at as paidAt').limit(LIST_LIMIT).execute(),
    db
      .selectFrom('booking_notes as n')
      .leftJoin('staff_users as s', 's.id', 'n.author_staff_id')
      .leftJoin('bookings as b', 'b.id', 'n.booking_id')
      .select(['n.id', 'n.booking_id', 'b.short_id', 'n.kind', 'n.body', 's.email as author_email', 'n.created_at'])
      .where('n.user_id', '=', userId)
      .orderBy('n.created_at', 'desc')
      .limit(LIST_LIMIT)
      .execute(),
    db
      .selectFrom('notifications')
      .select(NOTIFICATION_COLUMNS)
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .limit(LIST_LIMIT)
      .execute(),
    auditForUserQuery(db, userId, LIST_LIMIT).execute(),
    // What waits for a second admin about this person or one of their bookings, read from the pending approvals (a
    // handful), each booking found by its key: not proportional to the person's history.
    sql<{ id: string; action: string; summary: string; requested_by: string; requested_at: string; expires_at: string }>`
      select a.id, a.action, a.summary, s.email as requested_by, a.requested_at, a.expires_at
      from approvals a join staff_users s on s.id = a.requested_by_staff_id
      where a.status = 'pending' and a.expires_at > ${now.toISOString()}::timestamptz
        and ((a.resource_type = 'user' and a.resource_id = ${userId})
          or (a.resource_type = 'booking' and exists (
            select 1 from bookings b
            where b.id = (case when a.resource_id ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                          then a.resource_id::uuid end)
              and b.${sql.ref(side)} = ${userId}::uuid)))
      order by a.requested_at
      limit 20`
      .execute(db)
      .then((r) => r.rows),
  ]);

  const profile: User360['profile'] = {
    id: user.id,
    role: user.role,
    status: user.status,
    displayName: maskName(user.first_name, user.last_name),
    maskedEmail: maskEmail(user.email),
    maskedPhone: maskPhone(user.phone),
    verified: user.verified_at !== null,
    createdAt: user.created_at,
    suspendedAt: user.suspended_at,
    suspensionReason: user.suspension_reason,
    erasedAt: user.erased_at,
    hasStripeCustomer: user.stripe_customer_id !== null,
    instructor:
      user.role === 'instructor'
        ? {
            backgroundCheckStatus: user.background_check_status ?? 'not_started',
            commissionTier: user.commission_tier ?? 'standard',
            payoutHold: user.payout_hold ?? false,
            payoutHoldReason: user.payout_hold_reason,
            verificationOverride: user.verification_override ?? false,
            city: user.city ?? '',
          }
        : null,
  };
  const refundRows: SupportRefundRow[] = refunds;
  const statsOut: User360['stats'] = {
    bookingsTotal: stats.total,
    completed: stats.completed,
    cancelled: stats.cancelled,
    noShows: stats.no_shows,
    upcoming: stats.upcoming,
    // The totals and the upcoming count are read in one statement, so what is left is exactly the open past ones.
    notMarked: stats.total - stats.completed - stats.cancelled - stats.no_shows - stats.upcoming,
    failedPayments: stats.failed_payments,
    disputes: stats.disputes,
    completedValueCents: stats.completed_value,
    // A release moved no money: it is not a refund in any total.
    refundedCents: refundRows
      .filter((r) => r.status !== 'failed' && r.kind === 'refund')
      .reduce((sum, r) => sum + r.amountCents, 0),
  };
  const fraud = user.role === 'student' ? fraudSignals({ bookingCount: stats.total, refunds: refundRows }) : [];
  const bookingRows: User360['bookings'] = bookings.map((b) => ({
    id: b.id,
    shortId: b.short_id,
    status: b.status,
    counterpartName: maskName(b.first_name, b.last_name),
    serviceId: b.service_id,
    serviceName: b.service_name,
    lessonStart: b.lesson_start,
    priceCents: b.price_cents,
    paymentStatus: b.payment_status ?? null,
    amountCents: b.amount_cents ?? null,
    amountRefundedCents: b.amount_refunded_cents ?? null,
    disputed: b.disputed_at !== null && b.disputed_at !== undefined,
    createdAt: b.created_at,
  }));
  const { suggestions, warnings } = userSuggestions({
    profile,
    stats: statsOut,
    bookings: bookingRows,
    fraudSignals: fraud,
    creditBalanceCents: creditBalance,
  });
  if (stats.total > LIST_LIMIT) warnings.push(`Showing the latest ${LIST_LIMIT} of ${stats.total} bookings.`);

  return {
    profile,
    stats: statsOut,
    flags: accountFlags(profile, statsOut, fraud),
    fraudSignals: fraud,
    suggestedActions: suggestions,
    warnings,
    bookings: bookingRows,
    pendingApprovals: approvals.map(pendingApprovalRow),
    refunds: refundRows.slice(0, LIST_LIMIT),
    creditBalanceCents: creditBalance,
    ledger,
    payouts,
    notes: notes.map((n) => noteRow(n, n.short_id ?? null)),
    notifications: notifications.map(notificationRow),
    audit: audit.map(auditRow),
    listLimit: LIST_LIMIT,
  };
}
