import { formatCents, payoutHoldInputSchema, plural } from '@ops/shared';
import { defineAction } from '../actions/define.js';
import { DomainError } from '../errors.js';
import { refuseErased } from '../erased.js';
import { loadInstructor, loadPayouts } from './instructors.js';
import { setPayoutHold, setPayoutsStatus } from './profile.js';

const sum = (rows: Array<{ amount_cents: number }>) => rows.reduce((s, r) => s + r.amount_cents, 0);

/** Holds an instructor's pending payouts (and future ones), or releases the held ones. */
export const holdPayouts = defineAction({
  name: 'instructors.payoutHold',
  title: 'Payout hold',
  description: "Hold or release an instructor's payouts.",
  destructive: true,
  permission: 'payouts.hold',
  input: payoutHoldInputSchema,
  async plan({ db, input, ctx, lock }) {
    const instructor = await loadInstructor(db, input.userId, lock);
    refuseErased(instructor, ctx.config.BUSINESS_TIME_ZONE);
    const payouts = await loadPayouts(db, instructor.id, [input.hold ? 'pending' : 'held'], lock);
    if (instructor.payoutHold === input.hold && payouts.length === 0) {
      throw new DomainError('CONFLICT', `hold: payouts are already ${input.hold ? 'on hold' : 'released'}`);
    }
    const total = sum(payouts);
    return {
      resourceType: 'user',
      resourceId: instructor.id,
      summary: `${input.hold ? 'Hold' : 'Release'} payouts of ${instructor.displayName}`,
      effects: [
        {
          kind: 'money' as const,
          label: `${input.hold ? 'Hold' : 'Release'} ${plural(payouts.length, `${input.hold ? 'pending' : 'held'} payout`)} totalling ${formatCents(total)}`,
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
    await setPayoutHold(tx, plan.state.instructor.id, input.hold, input.hold ? reason : null, now);
    await setPayoutsStatus(tx, plan.state.payoutIds, input.hold ? 'held' : 'pending', input.hold ? reason : null, now);
    return {
      before: { payoutHold: plan.state.instructor.payoutHold },
      after: { payoutHold: input.hold, payouts: plan.state.payoutIds.length, amountCents: plan.state.total },
      message: `${plural(plan.state.payoutIds.length, 'payout')} ${input.hold ? 'held' : 'released'} (${formatCents(plan.state.total)}).`,
    };
  },
});
