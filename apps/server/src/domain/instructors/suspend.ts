import { formatCents, instructorSuspendInputSchema, plural } from '@ops/shared';
import { defineAction } from '../actions/define.js';
import { cancellationEffects, notifyEffect, planCancellations, suspendWithCancellations } from '../bookings/cascade.js';
import { DomainError } from '../errors.js';
import { refuseErased } from '../erased.js';
import { loadBookingsMoney } from '../refunds/bookings-money.js';
import { moneyBackText } from '../refunds/messages.js';
import { settleAfterCommit } from '../refunds/settle.js';
import { loadInstructor, loadPayouts } from './instructors.js';
import { setPayoutHold, setPayoutsStatus } from './profile.js';

const sum = (rows: Array<{ amount_cents: number }>) => rows.reduce((s, r) => s + r.amount_cents, 0);

/**
 * Suspends an instructor: upcoming bookings are cancelled and refunded in full to the card (the students are not at
 * fault, so the late-cancellation rules and their instructor share do not apply), pending payouts held, everyone
 * affected notified. With upcoming bookings it needs a second admin.
 */
export const suspendInstructor = defineAction({
  name: 'instructors.suspend',
  title: 'Suspend instructor',
  description:
    'Suspend an instructor: cancels upcoming bookings, refunds each student in full to the card, holds payouts (needs a second admin when bookings are upcoming).',
  destructive: true,
  permission: 'instructors.manage',
  input: instructorSuspendInputSchema,
  async plan({ db, input, ctx, lock }) {
    const instructor = await loadInstructor(db, input.userId, lock);
    refuseErased(instructor, ctx.config.BUSINESS_TIME_ZONE);
    if (instructor.status === 'suspended') throw new DomainError('CONFLICT', 'userId: this instructor is already suspended');
    const now = ctx.now();
    const [bookings, payouts] = await Promise.all([
      loadBookingsMoney(db, { instructorId: instructor.id, upcomingAfter: now }, lock),
      loadPayouts(db, instructor.id, ['pending'], lock),
    ]);
    const cascade = planCancellations(bookings, now, [instructor.id], { instructorSuspended: true });
    const students = cascade.notifyUserIds.length - 1;
    const holdCents = sum(payouts);
    return {
      resourceType: 'user',
      resourceId: instructor.id,
      summary: `Suspend instructor ${instructor.displayName}: ${plural(bookings.length, 'upcoming booking')} cancelled, ${moneyBackText(cascade.refunds)}, ${plural(payouts.length, 'pending payout')} held`,
      effects: [
        { kind: 'account' as const, label: `Suspend ${instructor.displayName}: no new bookings, no sign-in` },
        ...(bookings.length > 0
          ? cancellationEffects(cascade, ctx.config.BUSINESS_TIME_ZONE)
          : [{ kind: 'info' as const, label: 'No upcoming bookings to cancel', count: 0 }]),
        {
          kind: 'account' as const,
          label: `Hold ${plural(payouts.length, 'pending payout')} totalling ${formatCents(holdCents)}`,
          amountCents: holdCents,
          count: payouts.length,
        },
        notifyEffect(cascade.notifyUserIds.length, `the instructor and ${plural(students, 'student')}`),
      ],
      warnings:
        bookings.length > 0
          ? [
              `Needs a second admin: the suspension would cancel ${plural(bookings.length, 'upcoming booking')} of ${plural(students, 'student')}, and suspending an instructor with any upcoming booking needs another admin's approval.`,
              'Students lose their lessons: each gets the whole payment back to the card, and the instructor is paid nothing for them.',
            ]
          : [],
      // The whole id: ids can share their first characters, and the email would show unmasked PII (here and to an
      // assistant over MCP) that staff otherwise see only through an audited reveal.
      typeToConfirm: instructor.id,
      requiresApproval: bookings.length > 0,
      state: { instructor, cascade, payoutIds: payouts.map((p) => p.id), holdCents },
    };
  },
  async apply({ tx, plan, ctx, reason, idempotencyKey }) {
    const { instructor, cascade, payoutIds, holdCents } = plan.state;
    const now = ctx.now();
    await setPayoutHold(tx, instructor.id, true, `Suspended: ${reason}`, now);
    await setPayoutsStatus(tx, payoutIds, 'held', `Instructor suspended: ${reason}`, now);
    const done = await suspendWithCancellations(tx, { ctx, now, reason, idempotencyKey }, instructor.id, cascade, {
      action: 'instructors.suspend',
      template: 'instructor_suspended',
      message: 'An instructor account was suspended; affected lessons are cancelled and refunded in full to the card.',
    });
    return {
      before: {
        status: instructor.status,
        payoutHold: instructor.payoutHold,
        upcomingBookings: cascade.bookings.map((b) => b.id),
      },
      after: {
        status: 'suspended',
        payoutHold: true,
        ...done.auditAfter,
        heldPayouts: payoutIds.length,
        heldPayoutCents: holdCents,
        notifications: done.notificationCount,
      },
      message: `${instructor.displayName} suspended: ${plural(cascade.bookings.length, 'cancellation')}, ${moneyBackText(cascade.refunds)}, ${plural(payoutIds.length, 'payout')} held (${formatCents(holdCents)}), ${plural(done.notificationCount, 'notification')}.`,
      ...settleAfterCommit(ctx, done.pendingIds),
    };
  },
});
