import { creditAdjustInputSchema, formatCents } from '@ops/shared';
import { defineAction } from '../actions/define.js';
import { DomainError } from '../errors.js';
import { addCreditAdjustment, creditBalanceCents } from './credits.js';
import { loadStudent } from './students.js';

/** Adds or removes a student's credit with a ledger entry; the balance never goes below zero. */
export const adjustCredit = defineAction({
  name: 'students.adjustCredit',
  description: "Add or remove credit on a student's balance.",
  destructive: true,
  permission: 'credits.adjust',
  input: creditAdjustInputSchema,
  async plan({ db, input, lock }) {
    const student = await loadStudent(db, input.userId, lock);
    const balance = await creditBalanceCents(db, student.id);
    const next = balance + input.amountCents;
    if (next < 0) {
      throw new DomainError(
        'BAD_REQUEST',
        `amountCents: would make the balance negative (${formatCents(balance)} ${formatCents(input.amountCents)} = ${formatCents(next)})`,
      );
    }
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
      warnings: student.status !== 'active' ? [`This student is ${student.status}.`] : [],
      typeToConfirm: null,
      requiresApproval: false,
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
