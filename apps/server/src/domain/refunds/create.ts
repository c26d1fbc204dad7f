import { SUPPORT_REFUND_LIMIT_CENTS, can, formatCents, refundCreateInputSchema } from '@ops/shared';
import { defineAction } from '../actions/define.js';
import { DomainError } from '../errors.js';
import { erasedOn, loadErasedAt } from '../erased.js';
import { fraudWarnings } from '../support/fraud.js';
import { loadBookingsMoney } from './bookings-money.js';
import { computeRefund, refundEffects, RefundInputError } from './compute.js';
import { checkRefundLimits, givenBackBy, loadGivenBackByStaff, lockGivenBackOnBooking } from './limits.js';
import { describeLessonTime, refundRecorded } from './messages.js';
import { recordRefunds } from './record.js';
import { expectedPayment, paymentAudit, refundAudit } from './audit.js';
import { settleAfterCommit } from './settle.js';

/**
 * Refund a booking (card or credit by the refund policy, or an override code): limited to the support cap without
 * `refunds.execute`, and over the approval threshold — per booking, and per staff member and student over 24 h —
 * it waits for a second admin. Card refunds are recorded pending and settled with Stripe after the commit.
 */
export const createRefund = defineAction({
  name: 'refunds.create',
  title: 'Refund booking',
  description: `Refund a booking (all that is left, or amountCents; overrideCode to go beyond the policy). The limits count what the student is given back, card or credit, not an instructor's late-cancellation share: without refunds.execute up to ${formatCents(SUPPORT_REFUND_LIMIT_CENTS)} per booking, and over the approval threshold it waits for a second admin.`,
  destructive: true,
  permission: 'refunds.execute.limited',
  input: refundCreateInputSchema,
  async plan({ db, input, ctx, lock }) {
    if (lock) await lockGivenBackOnBooking(db, { staffId: ctx.staff.id, bookingId: input.bookingId });
    const [booking] = await loadBookingsMoney(db, { bookingIds: [input.bookingId] }, lock);
    if (!booking) throw new DomainError('NOT_FOUND', 'bookingId: no such booking');
    const now = ctx.now();
    let refund;
    try {
      refund = computeRefund(booking, { now, amountCents: input.amountCents, overrideCode: input.overrideCode });
    } catch (error) {
      if (error instanceof RefundInputError) throw new DomainError('BAD_REQUEST', error.message);
      throw error;
    }
    if (!refund) throw new DomainError('CONFLICT', `bookingId: nothing is left to refund on booking ${booking.shortId}`);
    const warnings: string[] = [];
    // The payment of an erased student is kept by law and may still be refunded to the card it came from; credit
    // would land on an account that can never be used again.
    const studentErasedAt = await loadErasedAt(db, booking.studentId);
    if (studentErasedAt !== null) {
      const on = erasedOn(studentErasedAt, ctx.config.BUSINESS_TIME_ZONE);
      if (refund.decision.method === 'credit' || refund.creditBackCents > 0) {
        throw new DomainError(
          'PRECONDITION_FAILED',
          `bookingId: the student of booking ${booking.shortId} was erased on ${on}; credit cannot reach them, only a card refund can`,
        );
      }
      warnings.push(`The student was erased on ${on}: the money goes back to the card only.`);
    }
    // The same warning the person's page shows: a refund is what a fraud pattern asks for.
    warnings.push(...(await fraudWarnings(db, booking.studentId)));
    if (booking.status === 'confirmed' || booking.status === 'pending')
      warnings.push('The booking stays booked; use Force cancel to cancel it and refund in one step.');
    if (refund.capturesFirst)
      warnings.push('The card payment is only authorized: it is captured first, then the credit is granted.');
    const limits = checkRefundLimits(
      givenBackBy(refund, { cancelling: false }),
      {
        bookingBeforeCents: booking.givenBackCents,
        staffToStudentBefore: await loadGivenBackByStaff(db, {
          staffId: ctx.staff.id,
          studentId: booking.studentId,
          now,
        }),
      },
      { supportCapCents: SUPPORT_REFUND_LIMIT_CENTS, approvalThresholdCents: ctx.config.REFUND_APPROVAL_THRESHOLD_CENTS },
      booking.studentName,
    );
    // Over the support cap is a refusal (below): the preview lists it with the warnings, once.
    warnings.push(...limits.approvalReasons);
    return {
      resourceType: 'booking',
      resourceId: booking.id,
      summary: `Refund ${formatCents(refund.amountCents)} of booking ${booking.shortId} (${describeLessonTime(booking.lessonStart, now)}): ${refund.decision.explanation}`,
      effects: refundEffects(refund, booking.payment?.cardLast4 ?? null),
      warnings,
      typeToConfirm: null,
      requiresApproval: limits.approvalReasons.length > 0,
      state: { booking, refund, limits },
    };
  },
  refuse(plan, staff) {
    const message = plan.state.limits.supportCapMessage;
    return message && !can(staff.role, 'refunds.execute') ? message : null;
  },
  async apply({ tx, plan, ctx, reason, idempotencyKey }) {
    const { booking, refund } = plan.state;
    const recorded = await recordRefunds(tx, [refund], {
      // An override (a duplicate charge, an instructor no-show, a platform error, fraud) is staff correcting the
      // marketplace's mistake, not the student asking: it does not count toward the student's refund signals.
      origin: refund.overrideCode ? 'staff' : 'student_request',
      staffId: ctx.staff.id,
      reason,
      now: ctx.now(),
      keyFor: () => idempotencyKey,
    });
    // Written before Stripe is called (card refunds and captures settle after the commit): the row states what will
    // happen at Stripe and how the payment will stand, as the preview did; the settle step's own row
    // (`refunds.settle`) records Stripe's answer and when it came.
    return {
      before: {
        refundableCents: booking.refundableCents,
        payment: booking.payment ? paymentAudit(booking.payment) : null,
      },
      after: {
        refundId: recorded.refundIds[0] ?? null,
        refund: refundAudit(refund, recorded.refundIds[0] ?? null),
        refundableCents: refund.remainingAfterCents,
        creditBackCents: refund.creditBackCents,
        payoutCuts: refund.payoutCuts,
        alreadyPaidCents: refund.alreadyPaidCents,
        payment: booking.payment ? expectedPayment(refund, booking.payment) : null,
      },
      message: refundRecorded(refund),
      ...settleAfterCommit(ctx, recorded.pendingIds),
    };
  },
});
