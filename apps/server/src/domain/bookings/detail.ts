import { maskEmail, maskName, type BookingDetail } from '@ops/shared';
import type { DbOrTx } from '@ops/db';
import { DomainError } from '../errors.js';
import { bookingSuggestions, bookingTimeline } from '../support/flags.js';
import {
  NOTIFICATION_COLUMNS,
  REFUND_COLUMNS,
  auditForBookingQuery,
  auditRow,
  noteRow,
  notificationRow,
  pendingApprovalRow,
} from '../support/rows.js';
import { bookingWithParties } from './with-parties.js';

const LIMIT = 200;

/**
 * One booking with its payment, refunds, the actions on it waiting for approval, notes, notifications, webhooks and
 * audit: 1 + 7 queries in parallel.
 */
export async function loadBookingDetail(db: DbOrTx, bookingId: string, now: Date): Promise<BookingDetail> {
  const [row, payment, refunds, approvals, notes, notifications, webhooks, audit] = await Promise.all([
    bookingWithParties(db)
      .select([
        'b.id',
        'b.short_id as shortId',
        'b.status',
        'b.service_id as serviceId',
        'sv.name as serviceName',
        'b.lesson_start as lessonStart',
        'b.duration_minutes as durationMinutes',
        'b.price_cents as priceCents',
        'b.platform_fee_cents as platformFeeCents',
        'b.instructor_payout_cents as instructorPayoutCents',
        'b.credits_applied_cents as creditsAppliedCents',
        'b.created_at as createdAt',
        'b.confirmed_at as confirmedAt',
        'b.completed_at as completedAt',
        'b.cancelled_at as cancelledAt',
        'b.cancelled_by as cancelledBy',
        'b.cancellation_reason as cancellationReason',
        's.id as student_id',
        's.first_name as s_first',
        's.last_name as s_last',
        's.email as s_email',
        's.status as s_status',
        's.erased_at as s_erased_at',
        'i.id as instructor_id',
        'i.first_name as i_first',
        'i.last_name as i_last',
        'i.status as i_status',
      ])
      .where('b.id', '=', bookingId)
      .executeTakeFirst(),
    db
      .selectFrom('payments')
      .select([
        'id',
        'status',
        'amount_cents as amountCents',
        'amount_refunded_cents as amountRefundedCents',
        'authorize_at as authorizeAt',
        'capture_at as captureAt',
        'authorized_at as authorizedAt',
        'captured_at as capturedAt',
        'failed_at as failedAt',
        'failure_code as failureCode',
        'failure_message as failureMessage',
        'card_brand as cardBrand',
        'card_last4 as cardLast4',
        'disputed_at as disputedAt',
        'dispute_status as disputeStatus',
        'dispute_evidence_due_by as disputeEvidenceDueBy',
      ])
      .where('booking_id', '=', bookingId)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst(),
    db
      .selectFrom('refunds as r')
      .select(REFUND_COLUMNS)
      .where('r.booking_id', '=', bookingId)
      .orderBy('r.created_at', 'desc')
      .limit(LIMIT)
      .execute(),
    db
      .selectFrom('approvals as a')
      .innerJoin('staff_users as s', 's.id', 'a.requested_by_staff_id')
      .select(['a.id', 'a.action', 'a.summary', 's.email as requested_by', 'a.requested_at', 'a.expires_at'])
      .where('a.status', '=', 'pending')
      .where('a.resource_type', '=', 'booking')
      .where('a.resource_id', '=', bookingId)
      .where('a.expires_at', '>', now.toISOString())
      .orderBy('a.requested_at')
      .execute(),
    db
      .selectFrom('booking_notes as n')
      .leftJoin('staff_users as s', 's.id', 'n.author_staff_id')
      .select(['n.id', 'n.booking_id', 'n.kind', 'n.body', 's.email as author_email', 'n.created_at'])
      .where('n.booking_id', '=', bookingId)
      .orderBy('n.created_at', 'desc')
      .limit(LIMIT)
      .execute(),
    db
      .selectFrom('notifications')
      .select(NOTIFICATION_COLUMNS)
      .where('booking_id', '=', bookingId)
      .orderBy('created_at', 'desc')
      .limit(LIMIT)
      .execute(),
    db
      .selectFrom('webhook_events')
      .select(['id', 'source', 'type', 'status', 'received_at as receivedAt', 'error'])
      .where('booking_id', '=', bookingId)
      .orderBy('received_at')
      .limit(LIMIT)
      .execute(),
    auditForBookingQuery(db, bookingId, LIMIT).execute(),
  ]);
  if (!row) throw new DomainError('NOT_FOUND', 'bookingId: no such booking');
  // The booking's, the payment's and the webhooks' columns are selected under the names the page reads; the
  // people's are masked here.
  const { student_id, s_first, s_last, s_email, s_status, s_erased_at, instructor_id, i_first, i_last, i_status, ...booking } =
    row;

  const parts: Omit<BookingDetail, 'timeline' | 'suggestedActions'> = {
    booking,
    student: {
      id: student_id,
      displayName: maskName(s_first, s_last),
      maskedEmail: maskEmail(s_email),
      status: s_status,
      erasedAt: s_erased_at,
    },
    instructor: { id: instructor_id, displayName: maskName(i_first, i_last), status: i_status },
    payment: payment ?? null,
    refunds: refunds.map((r) => ({ ...r, shortId: booking.shortId })),
    pendingApprovals: approvals.map(pendingApprovalRow),
    notes: notes.map((n) => noteRow(n, booking.shortId)),
    notifications: notifications.map(notificationRow),
    webhooks,
    audit: audit.map(auditRow),
  };
  return { ...parts, timeline: bookingTimeline(parts, now), suggestedActions: bookingSuggestions(parts, now) };
}
