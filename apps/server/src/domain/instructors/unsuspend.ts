import { instructorUnsuspendInputSchema } from '@ops/shared';
import { reactivateAccount } from '../accounts.js';
import { defineAction } from '../actions/define.js';
import { DomainError } from '../errors.js';
import { refuseErased } from '../erased.js';
import { loadInstructor } from './instructors.js';

/** Reactivates a suspended instructor; a payout hold stays until released on its own. */
export const unsuspendInstructor = defineAction({
  name: 'instructors.unsuspend',
  title: 'Unsuspend instructor',
  description: 'Lift an instructor suspension.',
  destructive: false,
  permission: 'instructors.manage',
  input: instructorUnsuspendInputSchema,
  async plan({ db, input, ctx, lock }) {
    const instructor = await loadInstructor(db, input.userId, lock);
    refuseErased(instructor, ctx.config.BUSINESS_TIME_ZONE);
    if (instructor.status !== 'suspended')
      throw new DomainError('CONFLICT', `userId: this instructor is ${instructor.status}, not suspended`);
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
