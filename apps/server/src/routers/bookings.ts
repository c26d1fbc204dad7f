import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import {
  bookingCancelInputSchema,
  bookingCompleteInputSchema,
  formatCents,
  maskName,
  uuid,
  type BookingActionInfo,
  type RefundRow,
} from '@ops/shared';
import { defineAction } from '../domain/actions/define.js';
import { applyCancellations, notifyEffect, planCancellations } from '../domain/bookings/cancel.js';
import { completeBooking, loadCompletion } from '../domain/bookings/complete.js';
import { loadBookingsMoney } from '../domain/refunds/bookings-money.js';
import { refundEffects } from '../domain/refunds/compute.js';
import { describeLessonTime, settleNote } from '../domain/refunds/messages.js';
import { settleRefunds } from '../domain/refunds/settle.js';
import { procedure, router } from '../trpc.js';
import { actionProcedures } from './action-procedures.js';

const OPEN = new Set(['pending', 'confirmed']);

const cancel = defineAction({
  name: 'bookings.cancel',
  permission: 'bookings.cancel',
  input: bookingCancelInputSchema,
  async plan({ db, input, ctx, lock }) {
    const [booking] = await loadBookingsMoney(db, { bookingIds: [input.bookingId] }, lock);
    if (!booking) throw new TRPCError({ code: 'NOT_FOUND', message: 'bookingId: no such booking' });
    if (!OPEN.has(booking.status)) {
      throw new TRPCError({
        code: 'BAD_REQUEST',
        message: `bookingId: booking ${booking.shortId} is ${booking.status}; only pending or confirmed bookings can be cancelled`,
      });
    }
    const now = ctx.now();
    const plan = planCancellations([booking], now);
    const refund = plan.refunds[0] ?? null;
    return {
      resourceType: 'booking',
      resourceId: booking.id,
      summary: `Force cancel booking ${booking.shortId} (${describeLessonTime(booking.lessonStart, now)})${refund ? `: ${refund.decision.explanation}` : ''}`,
      effects: [
        { kind: 'booking' as const, label: `Cancel booking ${booking.shortId} and release the instructor's slot` },
        ...(refund
          ? refundEffects(refund, booking.payment?.cardLast4 ?? null)
          : [{ kind: 'info' as const, label: 'Nothing to refund on this booking' }]),
        notifyEffect(plan.notifyUserIds.length, 'the student and the instructor'),
      ],
      warnings: [],
      typeToConfirm: null,
      requiresApproval: booking.committedCents + (refund?.amountCents ?? 0) > ctx.config.REFUND_APPROVAL_THRESHOLD_CENTS,
      state: { booking, plan },
    };
  },
  async apply({ tx, plan, ctx, reason, idempotencyKey }) {
    const { booking } = plan.state;
    const done = await applyCancellations(tx, plan.state.plan, {
      origin: 'staff',
      staffId: ctx.staff.id,
      reason,
      now: ctx.now(),
      idempotencyKey,
      template: 'booking_cancelled',
      message: `Your lesson ${booking.shortId} was cancelled by our team. Any refund follows our cancellation policy.`,
    });
    return {
      before: { status: booking.status, refundableCents: booking.refundableCents },
      after: { status: 'cancelled', refundIds: done.refundIds, notifications: done.notificationCount },
      message: `Booking ${booking.shortId} cancelled; ${done.refundIds.length} refund(s) recorded; ${done.notificationCount} people notified.`,
      ...(done.pendingIds.length > 0 ? { afterCommit: async () => settleNote(await settleRefunds(ctx, done.pendingIds)) } : {}),
    };
  },
});

const complete = defineAction({
  name: 'bookings.complete',
  permission: 'bookings.complete',
  input: bookingCompleteInputSchema,
  async plan({ db, input, lock }) {
    const c = await loadCompletion(db, input.bookingId, lock);
    return {
      resourceType: 'booking',
      resourceId: c.booking.id,
      summary: `Force complete booking ${c.booking.shortId}`,
      effects: [
        ...(c.needsCapture
          ? [
              {
                kind: 'money' as const,
                label: `Capture ${formatCents(c.paymentAmountCents)} on the card${c.cardLast4 ? ` ending ${c.cardLast4}` : ''}`,
                amountCents: c.paymentAmountCents,
              },
            ]
          : [{ kind: 'info' as const, label: 'The payment is already captured' }]),
        { kind: 'booking' as const, label: `Mark booking ${c.booking.shortId} completed` },
        {
          kind: 'money' as const,
          label: `Schedule a payout of ${formatCents(c.payoutCents)} to the instructor${c.payoutHeld ? ' (held: their payouts are on hold)' : ''}`,
          amountCents: c.payoutCents,
        },
      ],
      warnings: new Date(c.booking.lessonStart) > new Date() ? ['The lesson has not started yet.'] : [],
      typeToConfirm: null,
      requiresApproval: false,
      state: c,
    };
  },
  async apply({ tx, plan, ctx, idempotencyKey }) {
    return completeBooking(tx, ctx, plan.state, idempotencyKey);
  },
});

export const bookings = router({
  byId: procedure('bookings.read')
    .input(z.object({ bookingId: uuid }))
    .query(async ({ ctx, input }): Promise<BookingActionInfo> => {
      const [money, people, refunds] = await Promise.all([
        loadBookingsMoney(ctx.db, { bookingIds: [input.bookingId] }, false),
        ctx.db
          .selectFrom('bookings')
          .innerJoin('users as s', 's.id', 'bookings.student_id')
          .innerJoin('users as i', 'i.id', 'bookings.instructor_id')
          .select([
            'bookings.duration_minutes',
            's.first_name as sf',
            's.last_name as sl',
            'i.first_name as if',
            'i.last_name as il',
          ])
          .where('bookings.id', '=', input.bookingId)
          .executeTakeFirst(),
        ctx.db
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
          .where('booking_id', '=', input.bookingId)
          .orderBy('created_at', 'desc')
          .limit(100)
          .execute(),
      ]);
      const b = money[0];
      if (!b || !people) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such booking' });
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
    }),
  cancel: actionProcedures(cancel),
  complete: actionProcedures(complete),
});
