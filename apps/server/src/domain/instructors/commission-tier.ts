import { COMMISSION_BPS, commissionTierInputSchema, formatBps, formatCents, plural, splitPrice } from '@ops/shared';
import { defineAction } from '../actions/define.js';
import { DomainError } from '../errors.js';
import { refuseErased } from '../erased.js';
import { loadBookingsMoney } from '../refunds/bookings-money.js';
import { loadInstructor } from './instructors.js';
import { repriceBookings, setCommissionTier } from './profile.js';

/** Moves an instructor to another commission tier and reprices their upcoming bookings with the new split. */
export const changeCommissionTier = defineAction({
  name: 'instructors.commissionTier',
  title: 'Change commission tier',
  description: "Change an instructor's commission tier.",
  destructive: false,
  permission: 'instructors.manage',
  input: commissionTierInputSchema,
  async plan({ db, input, ctx, lock }) {
    const instructor = await loadInstructor(db, input.userId, lock);
    refuseErased(instructor, ctx.config.BUSINESS_TIME_ZONE);
    if (instructor.commissionTier === input.tier)
      throw new DomainError('CONFLICT', `tier: the instructor is already ${input.tier}`);
    const upcoming = await loadBookingsMoney(db, { instructorId: instructor.id, upcomingAfter: ctx.now() }, lock);
    const feeBefore = upcoming.reduce((s, b) => s + b.platformFeeCents, 0);
    const payoutBefore = upcoming.reduce((s, b) => s + b.instructorPayoutCents, 0);
    // Under lock (execute) the prices cannot move before apply writes these splits.
    const repriced = upcoming.map((b) => ({ id: b.id, ...splitPrice(b.priceCents, input.tier) }));
    const feeAfter = repriced.reduce((s, x) => s + x.platformFeeCents, 0);
    const payoutAfter = repriced.reduce((s, x) => s + x.instructorPayoutCents, 0);
    return {
      resourceType: 'user',
      resourceId: instructor.id,
      summary: `Commission tier for ${instructor.displayName}: ${instructor.commissionTier} (${formatBps(COMMISSION_BPS[instructor.commissionTier])}) → ${input.tier} (${formatBps(COMMISSION_BPS[input.tier])})`,
      effects: [
        { kind: 'account' as const, label: `Commission tier ${instructor.commissionTier} → ${input.tier}` },
        {
          kind: 'booking' as const,
          label: `${plural(upcoming.length, 'upcoming booking')}: platform fees ${formatCents(feeBefore)} → ${formatCents(feeAfter)}, instructor payouts ${formatCents(payoutBefore)} → ${formatCents(payoutAfter)}`,
          count: upcoming.length,
          amountCents: payoutAfter - payoutBefore,
        },
      ],
      warnings: [],
      typeToConfirm: null,
      requiresApproval: false,
      state: {
        instructor,
        repriced,
        before: upcoming.map((b) => ({
          id: b.id,
          platformFeeCents: b.platformFeeCents,
          instructorPayoutCents: b.instructorPayoutCents,
        })),
        totals: { feeBefore, feeAfter, payoutBefore, payoutAfter },
      },
    };
  },
  async apply({ tx, input, plan, ctx }) {
    const now = ctx.now();
    await setCommissionTier(tx, plan.state.instructor.id, input.tier, now);
    await repriceBookings(tx, plan.state.repriced, now);
    // The split of every repriced booking on both sides, so the audit entry alone says what money moved (and how to
    // put it back), not only that the tier changed.
    const { before, repriced, totals } = plan.state;
    return {
      before: {
        commissionTier: plan.state.instructor.commissionTier,
        platformFeeCents: totals.feeBefore,
        instructorPayoutCents: totals.payoutBefore,
        bookings: before,
      },
      after: {
        commissionTier: input.tier,
        repricedBookings: repriced.length,
        platformFeeCents: totals.feeAfter,
        instructorPayoutCents: totals.payoutAfter,
        bookings: repriced,
      },
      message: `Commission tier is now ${input.tier}; ${plural(plan.state.repriced.length, 'upcoming booking')} repriced.`,
    };
  },
});
