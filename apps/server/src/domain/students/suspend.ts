import { plural, studentSuspendInputSchema, studentUnsuspendInputSchema } from '@ops/shared';
import { DomainError } from '../errors.js';
import { refuseErased } from '../erased.js';
import { defineAction } from '../actions/define.js';
import { cancellationEffects, notifyEffect, planCancellations, suspendWithCancellations } from '../bookings/cascade.js';
import { loadBookingsMoney } from '../refunds/bookings-money.js';
import { cancellationApprovalReasons, lockGivenBack } from '../refunds/limits.js';
import { moneyBackText } from '../refunds/messages.js';
import { settleAfterCommit } from '../refunds/settle.js';
import { reactivateAccount } from '../accounts.js';
import { loadStudent } from './students.js';

export const suspendStudent = defineAction({
  name: 'students.suspend',
  title: 'Suspend student',
  description:
    'Suspend a student (no sign-in, no new bookings); with cancelUpcoming, also cancel and refund their upcoming bookings as the preview lists.',
  destructive: true,
  permission: 'students.manage',
  input: studentSuspendInputSchema,
  async plan({ db, input, ctx, lock }) {
    if (lock && input.cancelUpcoming) await lockGivenBack(db, { staffId: ctx.staff.id, studentIds: [input.userId] });
    const student = await loadStudent(db, input.userId, lock);
    refuseErased(student, ctx.config.BUSINESS_TIME_ZONE);
    if (student.status === 'suspended') throw new DomainError('CONFLICT', 'userId: this student is already suspended');
    const now = ctx.now();
    const upcoming = await loadBookingsMoney(db, { studentId: student.id, upcomingAfter: now }, lock);
    const cascade = planCancellations(input.cancelUpcoming ? upcoming : [], now, [student.id]);
    const approvalReasons = await cancellationApprovalReasons(
      db,
      cascade.refunds,
      new Map(cascade.bookings.map((b) => [b.id, b.givenBackCents])),
      { staffId: ctx.staff.id, now, approvalThresholdCents: ctx.config.REFUND_APPROVAL_THRESHOLD_CENTS },
    );
    return {
      resourceType: 'user',
      resourceId: student.id,
      summary: `Suspend student ${student.displayName}${input.cancelUpcoming ? ` and cancel ${plural(upcoming.length, 'upcoming booking')}` : ''}`,
      effects: [
        { kind: 'account' as const, label: `Suspend ${student.displayName}: no sign-in, no new bookings` },
        ...(input.cancelUpcoming && upcoming.length > 0 ? cancellationEffects(cascade, ctx.config.BUSINESS_TIME_ZONE) : []),
        notifyEffect(
          cascade.notifyUserIds.length,
          input.cancelUpcoming && upcoming.length > 0 ? 'the student and their instructors' : 'the student',
        ),
      ],
      warnings: [
        ...(!input.cancelUpcoming && upcoming.length > 0
          ? [`${plural(upcoming.length, 'upcoming booking')} ${upcoming.length === 1 ? 'stays' : 'stay'} booked.`]
          : []),
        ...approvalReasons,
      ],
      typeToConfirm: null,
      requiresApproval: approvalReasons.length > 0,
      state: { student, cascade },
    };
  },
  async apply({ tx, plan, ctx, reason, idempotencyKey }) {
    const { student, cascade } = plan.state;
    const now = ctx.now();
    const done = await suspendWithCancellations(tx, { ctx, now, reason, idempotencyKey }, student.id, cascade, {
      action: 'students.suspend',
      template: 'account_suspended',
      message: 'An account was suspended; affected lessons are cancelled and refunded according to our policy.',
    });
    return {
      before: { status: student.status },
      after: {
        status: 'suspended',
        ...done.auditAfter,
      },
      message: `${student.displayName} suspended; ${plural(cascade.bookings.length, 'booking')} cancelled, ${moneyBackText(cascade.refunds)}.`,
      ...settleAfterCommit(ctx, done.pendingIds),
    };
  },
});

export const unsuspendStudent = defineAction({
  name: 'students.unsuspend',
  title: 'Unsuspend student',
  description: 'Lift a student suspension.',
  destructive: false,
  permission: 'students.manage',
  input: studentUnsuspendInputSchema,
  async plan({ db, input, ctx, lock }) {
    const student = await loadStudent(db, input.userId, lock);
    refuseErased(student, ctx.config.BUSINESS_TIME_ZONE);
    if (student.status !== 'suspended')
      throw new DomainError('CONFLICT', `userId: this student is ${student.status}, not suspended`);
    return {
      resourceType: 'user',
      resourceId: student.id,
      summary: `Unsuspend student ${student.displayName}`,
      effects: [{ kind: 'account' as const, label: `Reactivate ${student.displayName}` }],
      warnings: [],
      typeToConfirm: null,
      requiresApproval: false,
      state: student,
    };
  },
  async apply({ tx, plan, ctx }) {
    const now = ctx.now();
    await reactivateAccount(tx, plan.state.id, now);
    return {
      before: { status: 'suspended' },
      after: { status: 'active' },
      message: `${plan.state.displayName} is active again.`,
    };
  },
});
