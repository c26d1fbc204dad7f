import { creditAdjustInputSchema, formatCents } from '@ops/shared';
import { defineAction } from '../actions/define.js';
import { DomainError } from '../errors.js';
import { refuseErased } from '../erased.js';
import { addCreditAdjustment, creditAddedCents, creditBalanceCents } from './credits.js';
import { loadStudent } from './students.js';

/**
 * Adds or removes a student's credit with a ledger entry; the balance never goes below zero, and adding more than the
 * approval threshold in 24 hours waits for a second admin.
 */
export const adjustCredit = defineAction({
  name: 'students.adjustCredit',
  title: 'Adjust credit',
  description: "Add or remove credit on a student's balance.",
  destructive: true,
  permission: 'credits.adjust',
  input: creditAdjustInputSchema,
  async plan({ db, input, ctx, lock }) {
    const student = await loadStudent(db, input.userId, lock);
    refuseErased(student, ctx.config.BUSINESS_TIME_ZONE);
    const [balance, added] = await Promise.all([
      creditBalanceCents(db, student.id),
      input.amountCents > 0 ? creditAddedCents(db, { staffId: ctx.staff.id, studentId: student.id, now: ctx.now() }) : 0,
    ]);
    const next = balance + input.amountCents;
    if (next < 0) {
      throw new DomainError(
        'BAD_REQUEST',
        `amountCents: would make the balance negative (${formatCents(balance)} ${formatCents(input.amountCents)} = ${formatCents(next)})`,
      );
    }
    // Credit is money to the student like a refund: over the approval threshold (with what this staff member added
    // to them in the last 24 hours, so it cannot be split) a second admin approves it. Removing credit never waits.
    const threshold = ctx.config.REFUND_APPROVAL_THRESHOLD_CENTS;
    const addedAfter = added + input.amountCents;
    const approvalReason =
      input.amountCents > 0 && addedAfter > threshold
        ? `Needs a second admin: the credit you added to this student in the last 24 hours would total ${formatCents(addedAfter)} (${formatCents(added)} already + ${formatCents(input.amountCents)} now), over the ${formatCents(threshold)} approval threshold.`
        : null;
    const verb = input.amountCents > 0 ? 'Add' : 'Remove';
    return {
      resourceType: 'user',
      resourceId: student.id,
      summary: `${verb} ${formatCents(Math.abs(input.amountCents))} of credit for ${student.displayName}`,
      effects: [
        {
          kind: 'money' as const,
          label: `${verb} ${formatCents(Math.abs(input.amountCents))} of credit`,
          amountCents: input.amountCents,
        },
        { kind: 'info' as const, label: `Balance ${formatCents(balance)} → ${formatCents(next)}`, amountCents: next },
      ],
      warnings: [
        ...(student.status !== 'active' ? [`This student is ${student.status}.`] : []),
        ...(approvalReason ? [approvalReason] : []),
      ],
      typeToConfirm: null,
      requiresApproval: approvalReason !== null,
      state: { balance, next },
    };
  },
  async apply({ tx, input, plan, ctx, reason }) {
    const ledgerEntryId = await addCreditAdjustment(tx, {
      userId: input.userId,
      amountCents: input.amountCents,
      reason,
      staffId: ctx.staff.id,
    });
    return {
      before: { balanceCents: plan.state.balance },
      after: { balanceCents: plan.state.next, ledgerEntryId, amountCents: input.amountCents },
      message: `Credit balance is now ${formatCents(plan.state.next)}.`,
    };
  },
});
