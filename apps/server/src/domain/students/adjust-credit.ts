import { creditAdjustInputSchema, formatCents } from '@ops/shared';
import { defineAction } from '../actions/define.js';
import { DomainError } from '../errors.js';
import { refuseErased } from '../erased.js';
import { loadGivenBackByStaff, lockGivenBack, staffApprovalReason } from '../refunds/limits.js';
import { fraudWarnings } from '../support/fraud.js';
import { addCreditAdjustment, creditBalanceCents } from './credits.js';
import { loadStudent } from './students.js';

/**
 * Adds or removes a student's credit with a ledger entry; the balance never goes below zero, and adding credit that
 * takes what this staff member gave the student back in 24 hours (refunds and credit together) over the approval
 * threshold waits for a second admin.
 */
export const adjustCredit = defineAction({
  name: 'students.adjustCredit',
  title: 'Adjust credit',
  description: "Add or remove credit on a student's balance.",
  destructive: true,
  permission: 'credits.adjust',
  input: creditAdjustInputSchema,
  async plan({ db, input, ctx, lock }) {
    if (lock && input.amountCents > 0) await lockGivenBack(db, { staffId: ctx.staff.id, studentIds: [input.userId] });
    const student = await loadStudent(db, input.userId, lock);
    refuseErased(student, ctx.config.BUSINESS_TIME_ZONE);
    const balance = await creditBalanceCents(db, student.id);
    const next = balance + input.amountCents;
    if (next < 0) {
      throw new DomainError(
        'BAD_REQUEST',
        `amountCents: would make the balance negative (${formatCents(balance)} ${formatCents(input.amountCents)} = ${formatCents(next)})`,
      );
    }
    // Credit is money to the student like a refund, and counts with refunds toward one total: over the approval
    // threshold (with what this staff member refunded or added to them in the last 24 hours, so neither can be split
    // off) a second admin approves it. Removing credit never waits.
    const approvalReason =
      input.amountCents > 0
        ? staffApprovalReason(
            input.amountCents,
            await loadGivenBackByStaff(db, { staffId: ctx.staff.id, studentId: student.id, now: ctx.now() }),
            ctx.config.REFUND_APPROVAL_THRESHOLD_CENTS,
            student.displayName,
          )
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
        // Credit is money to the student like a refund: the same warning the person's page shows.
        ...(input.amountCents > 0 ? await fraudWarnings(db, student.id) : []),
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
