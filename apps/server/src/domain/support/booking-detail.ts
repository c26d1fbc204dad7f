import { maskEmail, maskName, type BookingDetail } from '@ops/shared';
import type { DbOrTx } from '@ops/db';
import { DomainError } from '../errors.js';
import { bookingSuggestions, bookingTimeline } from './flags.js';
import {
  NOTIFICATION_COLUMNS,
  REFUND_COLUMNS,
  auditForBookingQuery,
  auditRow,
  noteRow,
  notificationRow,
  refundRow,
} from './rows.js';

const LIMIT = 200;

/** One booking with its payment, refunds, notes, notifications, webhooks and audit: 1 + 6 queries in parallel. */
export async function loadBookingDetail(db: DbOrTx, bookingId: string, now: Date): Promise<BookingDetail> {
  const [row, payment, refunds, notes, notifications, webhooks, audit] = await Promise.all([
    db
      .selectFrom('bookings as b')
      .innerJoin('users as s', 's.id', 'b.student_id')
      .innerJoin('users as i', 'i.id', 'b.instructor_id')
      .select([
        'b.id',
        'b.short_id',
        'b.status',
        'b.service_id',
        'b.lesson_start',
        'b.duration_minutes',
        'b.price_cents',
        'b.platform_fee_cents',
        'b.instructor_payout_cents',
        'b.credits_applied_cents',
        'b.created_at',
        'b.confirmed_at',
        'b.completed_at',
        'b.cancelled_at',
        'b.cancelled_by',
        'b.cancellation_reason',
        's.id as student_id',
        's.first_name as s_first',
        's.last_name as s_last',
        's.email as s_email',
        's.status as s_status',
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
        'amount_cents',
        'amount_refunded_cents',
        'authorize_at',
        'capture_at',
        'authorized_at',
        'captured_at',
        'failed_at',
        'failure_code',
        'failure_message',
        'card_brand',
        'card_last4',
        'disputed_at',
        'dispute_status',
      ])
      .where('booking_id', '=', bookingId)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst(),
    db
      .selectFrom('refunds as r')
      .select(REFUND_COLUMNS)
      .where('r.booking_id', '=', bookingId)
      .orderBy('r.created_at')
      .limit(LIMIT)
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
      .select(['id', 'source', 'type', 'status', 'received_at', 'error'])
      .where('booking_id', '=', bookingId)
      .orderBy('received_at')
      .limit(LIMIT)
      .execute(),
    auditForBookingQuery(db, bookingId, LIMIT).execute(),
  ]);
  if (!row) throw new DomainError('NOT_FOUND', 'bookingId: no such booking');

  const parts: Omit<BookingDetail, 'timeline' | 'suggestedActions'> = {
    booking: {
      id: row.id,
      shortId: row.short_id,
      status: row.status,
      serviceId: row.service_id,
      lessonStart: row.lesson_start,
      durationMinutes: row.duration_minutes,
      priceCents: row.price_cents,
      platformFeeCents: row.platform_fee_cents,
      instructorPayoutCents: row.instructor_payout_cents,
      creditsAppliedCents: row.credits_applied_cents,
      createdAt: row.created_at,
      confirmedAt: row.confirmed_at,
      completedAt: row.completed_at,
      cancelledAt: row.cancelled_at,
      cancelledBy: row.cancelled_by,
      cancellationReason: row.cancellation_reason,
    },
    student: {
      id: row.student_id,
      displayName: maskName(row.s_first, row.s_last),
      maskedEmail: maskEmail(row.s_email),
      status: row.s_status,
    },
    instructor: { id: row.instructor_id, displayName: maskName(row.i_first, row.i_last), status: row.i_status },
    payment: payment
      ? {
          id: payment.id,
          status: payment.status,
          amountCents: payment.amount_cents,
          amountRefundedCents: payment.amount_refunded_cents,
          authorizeAt: payment.authorize_at,
          captureAt: payment.capture_at,
          authorizedAt: payment.authorized_at,
          capturedAt: payment.captured_at,
          failedAt: payment.failed_at,
          failureCode: payment.failure_code,
          failureMessage: payment.failure_message,
          cardBrand: payment.card_brand,
          cardLast4: payment.card_last4,
          disputedAt: payment.disputed_at,
          disputeStatus: payment.dispute_status,
        }
      : null,
    refunds: refunds.map((r) => refundRow(r, row.short_id)),
    notes: notes.map((n) => noteRow(n, row.short_id)),
    notifications: notifications.map(notificationRow),
    webhooks: webhooks.map((w) => ({
      id: w.id,
      source: w.source,
      type: w.type,
      status: w.status,
      receivedAt: w.received_at,
      error: w.error,
    })),
    audit: audit.map(auditRow),
  };
  return { ...parts, timeline: bookingTimeline(parts, now), suggestedActions: bookingSuggestions(parts, now) };
}
