import { bookingCancelInputSchema, formatCents, plural } from '@ops/shared';
import { defineAction } from '../actions/define.js';
import { DomainError } from '../errors.js';
import { loadBookingsMoney } from '../refunds/bookings-money.js';
import { expectedPayment, paymentAudit, refundAudit } from '../refunds/audit.js';
import { creditBackEffect, refundEffects } from '../refunds/compute.js';
import { cancellationApprovalReasons, givenBackBy, lockGivenBackOnBooking } from '../refunds/limits.js';
import { describeLessonTime, refundRecorded } from '../refunds/messages.js';
import { settleAfterCommit } from '../refunds/settle.js';
import { fraudWarnings } from '../support/fraud.js';
import { applyCancellations, notifyEffect, planCancellations } from './cascade.js';

const OPEN = new Set(['pending', 'confirmed']);

/** Force cancels one open booking: refunds per the cancellation policy and notifies both people. */
export const cancelBooking = defineAction({
  name: 'bookings.cancel',
  title: 'Force cancel booking',
  description: 'Cancel a booking, with the refund and notifications the policy implies.',
  destructive: true,
  permission: 'bookings.cancel',
  input: bookingCancelInputSchema,
  async plan({ db, input, ctx, lock }) {
    if (lock) await lockGivenBackOnBooking(db, { staffId: ctx.staff.id, bookingId: input.bookingId });
    const [booking] = await loadBookingsMoney(db, { bookingIds: [input.bookingId] }, lock);
    if (!booking) throw new DomainError('NOT_FOUND', 'bookingId: no such booking');
    if (!OPEN.has(booking.status)) {
      throw new DomainError(
        'CONFLICT',
        `bookingId: booking ${booking.shortId} is ${booking.status}; only pending or confirmed bookings can be cancelled`,
      );
    }
    const now = ctx.now();
    const plan = planCancellations([booking], now);
    const refund = plan.refunds[0] ?? null;
    const approvalReasons = await cancellationApprovalReasons(db, plan.refunds, new Map([[booking.id, booking.givenBackCents]]), {
      staffId: ctx.staff.id,
      now,
      approvalThresholdCents: ctx.config.REFUND_APPROVAL_THRESHOLD_CENTS,
    });
    // A cancellation that gives the student money back warns of fraud signals as a refund does (a release of money
    // never charged gives nothing).
    const fraud = refund && givenBackBy(refund, { cancelling: true }) > 0 ? await fraudWarnings(db, booking.studentId) : [];
    return {
      resourceType: 'booking',
      resourceId: booking.id,
      summary: `Force cancel booking ${booking.shortId} (${describeLessonTime(booking.lessonStart, now)})${refund ? `: ${refund.decision.explanation}` : ''}`,
      effects: [
        { kind: 'booking' as const, label: `Cancel booking ${booking.shortId} and release the instructor's slot` },
        ...(refund
          ? refundEffects(refund, booking.payment?.cardLast4 ?? null)
          : [{ kind: 'info' as const, label: 'Nothing to refund on this booking' }]),
        ...plan.creditReturns.flatMap((c) => [
          { kind: 'info' as const, label: `Rule for the spent credit: ${c.explanation}` },
          creditBackEffect(c),
        ]),
        notifyEffect(plan.notifyUserIds.length, 'the student and the instructor'),
      ],
      warnings: [...fraud, ...approvalReasons],
      typeToConfirm: null,
      requiresApproval: approvalReasons.length > 0,
      state: { booking, plan },
    };
  },
  async apply({ tx, plan, ctx, reason, idempotencyKey }) {
    const { booking } = plan.state;
    const refund = plan.state.plan.refunds[0];
    const done = await applyCancellations(tx, plan.state.plan, {
      origin: 'staff',
      staffId: ctx.staff.id,
      reason,
      now: ctx.now(),
      idempotencyKey,
      template: 'booking_cancelled',
      message: `Your lesson ${booking.shortId} was cancelled by our team. Any refund follows our cancellation policy.`,
    });
    const refundId = refund ? (done.refundIdByBooking.get(booking.id) ?? null) : null;
    // Where the money goes, as a refund's own row and a suspension's cascade rows record it; written before Stripe is
    // called, so the payment is the one Stripe will leave (the settle step's row records its answer).
    return {
      before: {
        status: booking.status,
        refundableCents: booking.refundableCents,
        payment: booking.payment ? paymentAudit(booking.payment) : null,
      },
      after: {
        status: 'cancelled',
        refund: refund ? refundAudit(refund, refundId) : null,
        refundIds: done.refundIds,
        refundableCents: refund ? refund.remainingAfterCents : booking.refundableCents,
        creditBackCents: done.creditBackCents,
        payment: booking.payment ? (refund ? expectedPayment(refund, booking.payment) : paymentAudit(booking.payment)) : null,
        notifications: done.notificationCount,
      },
      message: `Booking ${booking.shortId} cancelled. ${refund ? refundRecorded(refund) : 'Nothing to refund.'}${refund || done.creditBackCents === 0 ? '' : ` ${formatCents(done.creditBackCents)} of spent credit returned to the balance.`} Email to ${plural(done.notificationCount, 'person', 'people')} queued for sending.`,
      ...settleAfterCommit(ctx, done.pendingIds),
    };
  },
});
