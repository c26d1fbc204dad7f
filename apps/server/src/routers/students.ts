import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { creditAdjustInputSchema, formatCents, maskEmail, maskName, maskPhone, uuid } from '@ops/shared';
import { defineAction } from '../domain/actions/define.js';
import { suspendStudent, unsuspendStudent } from '../domain/students/suspend.js';
import { creditBalanceCents, listCreditLedger, type CreditLedgerEntry } from '../domain/students/credits.js';
import { procedure, router } from '../trpc.js';
import { actionProcedures } from './action-procedures.js';

export interface StudentSummary {
  id: string;
  displayName: string;
  maskedEmail: string;
  maskedPhone: string | null;
  status: string;
  verified: boolean;
  createdAt: string;
  creditBalanceCents: number;
  ledger: CreditLedgerEntry[];
}

const adjustCredit = defineAction({
  name: 'students.adjustCredit',
  permission: 'credits.adjust',
  input: creditAdjustInputSchema,
  async plan({ db, input, lock }) {
    let q = db.selectFrom('users').select(['id', 'first_name', 'last_name', 'role', 'status']).where('id', '=', input.userId);
    if (lock) q = q.forUpdate();
    const user = await q.executeTakeFirst();
    if (!user || user.role !== 'student') throw new TRPCError({ code: 'NOT_FOUND', message: 'userId: no such student' });
    const balance = await creditBalanceCents(db, user.id);
    const next = balance + input.amountCents;
    if (next < 0) {
      throw new TRPCError({
        code: 'BAD_REQUEST',
        message: `amountCents: would make the balance negative (${formatCents(balance)} ${formatCents(input.amountCents)} = ${formatCents(next)})`,
      });
    }
    const verb = input.amountCents > 0 ? 'Add' : 'Remove';
    return {
      resourceType: 'user',
      resourceId: user.id,
      summary: `${verb} ${formatCents(Math.abs(input.amountCents))} of credit for ${maskName(user.first_name, user.last_name)}`,
      effects: [
        {
          kind: 'money' as const,
          label: `${verb} ${formatCents(Math.abs(input.amountCents))} of credit`,
          amountCents: input.amountCents,
        },
        { kind: 'info' as const, label: `Balance ${formatCents(balance)} → ${formatCents(next)}`, amountCents: next },
      ],
      warnings: user.status !== 'active' ? [`This student is ${user.status}.`] : [],
      typeToConfirm: null,
      requiresApproval: false,
      state: { balance, next },
    };
  },
  async apply({ tx, input, plan, ctx, reason }) {
    const entry = await tx
      .insertInto('credit_ledger')
      .values({
        user_id: input.userId,
        amount_cents: input.amountCents,
        kind: 'adjustment',
        reason,
        created_by_staff_id: ctx.staff.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return {
      before: { balanceCents: plan.state.balance },
      after: { balanceCents: plan.state.next, ledgerEntryId: entry.id, amountCents: input.amountCents },
      message: `Credit balance is now ${formatCents(plan.state.next)}.`,
    };
  },
});

export const students = router({
  byId: procedure('users.read')
    .input(z.object({ userId: uuid }))
    .query(async ({ ctx, input }): Promise<StudentSummary> => {
      const [user, balance, ledger] = await Promise.all([
        ctx.db
          .selectFrom('users')
          .select(['id', 'first_name', 'last_name', 'email', 'phone', 'status', 'verified_at', 'created_at', 'role'])
          .where('id', '=', input.userId)
          .executeTakeFirst(),
        creditBalanceCents(ctx.db, input.userId),
        listCreditLedger(ctx.db, input.userId),
      ]);
      if (!user || user.role !== 'student') throw new TRPCError({ code: 'NOT_FOUND', message: 'No such student' });
      return {
        id: user.id,
        displayName: maskName(user.first_name, user.last_name),
        maskedEmail: maskEmail(user.email),
        maskedPhone: maskPhone(user.phone),
        status: user.status,
        verified: user.verified_at !== null,
        createdAt: user.created_at,
        creditBalanceCents: balance,
        ledger,
      };
    }),
  adjustCredit: actionProcedures(adjustCredit),
  suspend: actionProcedures(suspendStudent),
  unsuspend: actionProcedures(unsuspendStudent),
});
