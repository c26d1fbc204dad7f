import { TRPCError } from '@trpc/server';
import { sql } from 'kysely';
import { z } from 'zod';
import {
  COMMISSION_BPS,
  commissionTierInputSchema,
  formatBps,
  formatCents,
  instructorSuspendInputSchema,
  instructorUnsuspendInputSchema,
  payoutHoldInputSchema,
  splitPrice,
  uuid,
  verificationOverrideInputSchema,
  type InstructorDetail,
} from '@ops/shared';
import { defineAction } from '../domain/actions/define.js';
import { applyCancellations, cancellationEffects, notifyEffect, planCancellations } from '../domain/bookings/cancel.js';
import { instructorDetail, loadInstructor, loadPayouts } from '../domain/instructors/instructors.js';
import { loadBookingsMoney } from '../domain/refunds/bookings-money.js';
import { settleNote } from '../domain/refunds/messages.js';
import { settleRefunds } from '../domain/refunds/settle.js';
import { procedure, router } from '../trpc.js';
import { actionProcedures } from './action-procedures.js';
import { reactivateAccount, suspendAccount } from '../domain/accounts.js';

const sum = (rows: Array<{ amount_cents: number }>) => rows.reduce((s, r) => s + r.amount_cents, 0);

const suspend = defineAction({
  name: 'instructors.suspend',
  permission: 'instructors.manage',
  input: instructorSuspendInputSchema,
  async plan({ db, input, ctx, lock }) {
    const instructor = await loadInstructor(db, input.userId, lock);
    if (instructor.status === 'suspended')
      throw new TRPCError({ code: 'BAD_REQUEST', message: 'userId: this instructor is already suspended' });
    const now = ctx.now();
    const [bookings, payouts] = await Promise.all([
      loadBookingsMoney(db, { instructorId: instructor.id, upcomingAfter: now }, lock),
      loadPayouts(db, instructor.id, ['pending'], lock),
    ]);
    const cascade = planCancellations(bookings, now, [instructor.id]);
    const students = cascade.notifyUserIds.length - 1;
    const holdCents = sum(payouts);
    return {
      resourceType: 'user',
      resourceId: instructor.id,
      summary: `Suspend instructor ${instructor.displayName}: ${bookings.length} upcoming booking(s) cancelled and refunded per policy, ${payouts.length} pending payout(s) held`,
      effects: [
        { kind: 'account' as const, label: `Suspend ${instructor.displayName}: no new bookings, no sign-in` },
        ...(bookings.length > 0
          ? cancellationEffects(cascade)
          : [{ kind: 'info' as const, label: 'No upcoming bookings to cancel', count: 0 }]),
        {
          kind: 'account' as const,
          label: `Hold ${payouts.length} pending payout${payouts.length === 1 ? '' : 's'} totalling ${formatCents(holdCents)}`,
          amountCents: holdCents,
          count: payouts.length,
        },
        notifyEffect(cascade.notifyUserIds.length, `the instructor and ${students} student${students === 1 ? '' : 's'}`),
      ],
      warnings:
        bookings.length > 0 ? ['Students lose their lessons; refunds follow the cancellation policy for each lesson.'] : [],
      typeToConfirm: instructor.displayName,
      requiresApproval: bookings.length > 0,
      state: { instructor, cascade, payoutIds: payouts.map((p) => p.id), holdCents },
    };
  },
  async apply({ tx, plan, ctx, reason, idempotencyKey }) {
    const { instructor, cascade, payoutIds, holdCents } = plan.state;
    const now = ctx.now();
    await suspendAccount(tx, instructor.id, reason, now);
    await tx
      .updateTable('instructor_profiles')
      .set({ payout_hold: true, payout_hold_reason: `Suspended: ${reason}`, updated_at: now })
      .where('user_id', '=', instructor.id)
      .execute();
    if (payoutIds.length > 0) {
      await tx
        .updateTable('payouts')
        .set({ status: 'held', hold_reason: `Instructor suspended: ${reason}`, updated_at: now })
        .where('id', 'in', payoutIds)
        .execute();
    }
    const done = await applyCancellations(tx, cascade, {
      origin: 'cascade',
      staffId: ctx.staff.id,
      reason,
      now,
      idempotencyKey,
      template: 'instructor_suspended',
      message: 'An instructor account was suspended; affected lessons are cancelled and refunded according to our policy.',
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
        cancelledBookings: cascade.bookings.length,
        refundIds: done.refundIds,
        refundTotalCents: cascade.refundTotalCents,
        heldPayouts: payoutIds.length,
        heldPayoutCents: holdCents,
        notifications: done.notificationCount,
      },
      message: `${instructor.displayName} suspended: ${cascade.bookings.length} cancellation(s), ${done.refundIds.length} refund(s) totalling ${formatCents(cascade.refundTotalCents)}, ${payoutIds.length} payout(s) held (${formatCents(holdCents)}), ${done.notificationCount} notification(s).`,
      ...(done.pendingIds.length > 0 ? { afterCommit: async () => settleNote(await settleRefunds(ctx, done.pendingIds)) } : {}),
    };
  },
});

const unsuspend = defineAction({
  name: 'instructors.unsuspend',
  permission: 'instructors.manage',
  input: instructorUnsuspendInputSchema,
  async plan({ db, input, lock }) {
    const instructor = await loadInstructor(db, input.userId, lock);
    if (instructor.status !== 'suspended')
      throw new TRPCError({ code: 'BAD_REQUEST', message: `userId: this instructor is ${instructor.status}, not suspended` });
    return {
      resourceType: 'user',
      resourceId: instructor.id,
      summary: `Unsuspend instructor ${instructor.displayName}`,
      effects: [
        { kind: 'account' as const, label: `Reactivate ${instructor.displayName}` },
        ...(instructor.payoutHold ? [{ kind: 'info' as const, label: 'Payouts stay on hold until released separately' }] : []),
      ],
      warnings: [],
      typeToConfirm: null,
      requiresApproval: false,
      state: instructor,
    };
  },
  async apply({ tx, plan, ctx }) {
    const now = ctx.now();
    await reactivateAccount(tx, plan.state.id, now);
    return {
      before: { status: plan.state.status },
      after: { status: 'active' },
      message: `${plan.state.displayName} is active again.`,
    };
  },
});

const verificationOverride = defineAction({
  name: 'instructors.verificationOverride',
  permission: 'instructors.manage',
  input: verificationOverrideInputSchema,
  async plan({ db, input, lock }) {
    const instructor = await loadInstructor(db, input.userId, lock);
    if (instructor.verificationOverride === input.enabled) {
      throw new TRPCError({
        code: 'BAD_REQUEST',
        message: `enabled: the verification override is already ${input.enabled ? 'on' : 'off'}`,
      });
    }
    return {
      resourceType: 'user',
      resourceId: instructor.id,
      summary: `${input.enabled ? 'Bypass' : 'Stop bypassing'} the background check for ${instructor.displayName}`,
      effects: [
        input.enabled
          ? {
              kind: 'account' as const,
              label: `Treat ${instructor.displayName} as verified although the background check is ${instructor.backgroundCheckStatus}`,
            }
          : {
              kind: 'account' as const,
              label: `Require the background check again (currently ${instructor.backgroundCheckStatus})`,
            },
      ],
      warnings: input.enabled && instructor.backgroundCheckStatus === 'failed' ? ['The background check failed.'] : [],
      typeToConfirm: null,
      requiresApproval: false,
      state: instructor,
    };
  },
  async apply({ tx, input, plan, ctx, reason }) {
    await tx
      .updateTable('instructor_profiles')
      .set({
        verification_override: input.enabled,
        verification_override_reason: input.enabled ? reason : null,
        updated_at: ctx.now(),
      })
      .where('user_id', '=', plan.state.id)
      .execute();
    return {
      before: { verificationOverride: plan.state.verificationOverride },
      after: { verificationOverride: input.enabled },
      message: input.enabled ? 'Background check bypassed.' : 'Background check required again.',
    };
  },
});

const commissionTier = defineAction({
  name: 'instructors.commissionTier',
  permission: 'instructors.manage',
  input: commissionTierInputSchema,
  async plan({ db, input, ctx, lock }) {
    const instructor = await loadInstructor(db, input.userId, lock);
    if (instructor.commissionTier === input.tier)
      throw new TRPCError({ code: 'BAD_REQUEST', message: `tier: the instructor is already ${input.tier}` });
    const upcoming = await loadBookingsMoney(db, { instructorId: instructor.id, upcomingAfter: ctx.now() }, lock);
    const feeBefore = upcoming.reduce((s, b) => s + b.platformFeeCents, 0);
    const payoutBefore = upcoming.reduce((s, b) => s + b.instructorPayoutCents, 0);
    const after = upcoming.map((b) => splitPrice(b.priceCents, input.tier));
    const feeAfter = after.reduce((s, x) => s + x.platformFeeCents, 0);
    const payoutAfter = after.reduce((s, x) => s + x.instructorPayoutCents, 0);
    return {
      resourceType: 'user',
      resourceId: instructor.id,
      summary: `Commission tier for ${instructor.displayName}: ${instructor.commissionTier} (${formatBps(COMMISSION_BPS[instructor.commissionTier])}) → ${input.tier} (${formatBps(COMMISSION_BPS[input.tier])})`,
      effects: [
        { kind: 'account' as const, label: `Commission tier ${instructor.commissionTier} → ${input.tier}` },
        {
          kind: 'booking' as const,
          label: `${upcoming.length} upcoming booking(s): platform fees ${formatCents(feeBefore)} → ${formatCents(feeAfter)}, instructor payouts ${formatCents(payoutBefore)} → ${formatCents(payoutAfter)}`,
          count: upcoming.length,
          amountCents: payoutAfter - payoutBefore,
        },
      ],
      warnings: [],
      typeToConfirm: null,
      requiresApproval: false,
      state: { instructor, bookingIds: upcoming.map((b) => b.id) },
    };
  },
  async apply({ tx, input, plan, ctx }) {
    const now = ctx.now();
    const bps = COMMISSION_BPS[input.tier];
    await tx
      .updateTable('instructor_profiles')
      .set({ commission_tier: input.tier, founding: input.tier === 'founding', updated_at: now })
      .where('user_id', '=', plan.state.instructor.id)
      .execute();
    if (plan.state.bookingIds.length > 0) {
      // The same ceil-on-fee rounding as splitPrice, in one statement for every upcoming booking.
      const fee = sql<number>`((price_cents::bigint * ${bps} + 9999) / 10000)::int`;
      await tx
        .updateTable('bookings')
        .set({
          platform_fee_cents: fee,
          instructor_payout_cents: sql<number>`price_cents - ((price_cents::bigint * ${bps} + 9999) / 10000)::int`,
          updated_at: now,
        })
        .where('id', 'in', plan.state.bookingIds)
        .execute();
    }
    return {
      before: { commissionTier: plan.state.instructor.commissionTier },
      after: { commissionTier: input.tier, repricedBookings: plan.state.bookingIds.length },
      message: `Commission tier is now ${input.tier}; ${plan.state.bookingIds.length} upcoming booking(s) repriced.`,
    };
  },
});

const payoutHold = defineAction({
  name: 'instructors.payoutHold',
  permission: 'payouts.hold',
  input: payoutHoldInputSchema,
  async plan({ db, input, lock }) {
    const instructor = await loadInstructor(db, input.userId, lock);
    const payouts = await loadPayouts(db, instructor.id, [input.hold ? 'pending' : 'held'], lock);
    if (instructor.payoutHold === input.hold && payouts.length === 0) {
      throw new TRPCError({ code: 'BAD_REQUEST', message: `hold: payouts are already ${input.hold ? 'on hold' : 'released'}` });
    }
    const total = sum(payouts);
    return {
      resourceType: 'user',
      resourceId: instructor.id,
      summary: `${input.hold ? 'Hold' : 'Release'} payouts of ${instructor.displayName}`,
      effects: [
        {
          kind: 'money' as const,
          label: `${input.hold ? 'Hold' : 'Release'} ${payouts.length} ${input.hold ? 'pending' : 'held'} payout${payouts.length === 1 ? '' : 's'} totalling ${formatCents(total)}`,
          amountCents: total,
          count: payouts.length,
        },
        {
          kind: 'account' as const,
          label: input.hold ? 'Future payouts are held until released' : 'Future payouts flow normally',
        },
      ],
      warnings: !input.hold && instructor.status === 'suspended' ? ['This instructor is suspended.'] : [],
      typeToConfirm: null,
      requiresApproval: false,
      state: { instructor, payoutIds: payouts.map((p) => p.id), total },
    };
  },
  async apply({ tx, input, plan, ctx, reason }) {
    const now = ctx.now();
    await tx
      .updateTable('instructor_profiles')
      .set({ payout_hold: input.hold, payout_hold_reason: input.hold ? reason : null, updated_at: now })
      .where('user_id', '=', plan.state.instructor.id)
      .execute();
    if (plan.state.payoutIds.length > 0) {
      await tx
        .updateTable('payouts')
        .set(
          input.hold
            ? { status: 'held', hold_reason: reason, updated_at: now }
            : { status: 'pending', hold_reason: null, updated_at: now },
        )
        .where('id', 'in', plan.state.payoutIds)
        .execute();
    }
    return {
      before: { payoutHold: plan.state.instructor.payoutHold },
      after: { payoutHold: input.hold, payouts: plan.state.payoutIds.length, amountCents: plan.state.total },
      message: `${plan.state.payoutIds.length} payout(s) ${input.hold ? 'held' : 'released'} (${formatCents(plan.state.total)}).`,
    };
  },
});

export const instructors = router({
  byId: procedure('users.read')
    .input(z.object({ userId: uuid }))
    .query(({ ctx, input }): Promise<InstructorDetail> => instructorDetail(ctx.db, input.userId, ctx.now())),
  suspend: actionProcedures(suspend),
  unsuspend: actionProcedures(unsuspend),
  verificationOverride: actionProcedures(verificationOverride),
  commissionTier: actionProcedures(commissionTier),
  payoutHold: actionProcedures(payoutHold),
});
