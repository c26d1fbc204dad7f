import { TRPCError } from '@trpc/server';
import {
  approvalDecideInputSchema,
  approvalListInputSchema,
  type ApprovalItem,
  type Effect,
  type ExecuteResult,
} from '@ops/shared';
import { executeApproval } from '../domain/actions/run.js';
import { expireApprovals, listApprovals } from '../domain/approvals/approvals.js';
import { writeAudit } from '../domain/audit.js';
import { procedure, router } from '../trpc.js';

export const approvals = router({
  list: procedure('approvals.decide')
    .input(approvalListInputSchema)
    .query(async ({ ctx, input }): Promise<ApprovalItem[]> => {
      await expireApprovals(ctx.db, ctx.now());
      return listApprovals(ctx.db, input.view, ctx.staff.id);
    }),
  approve: procedure('approvals.decide')
    .input(approvalDecideInputSchema)
    .mutation(({ ctx, input }): Promise<ExecuteResult> => executeApproval(ctx, input.approvalId, input.reason)),
  reject: procedure('approvals.decide')
    .input(approvalDecideInputSchema)
    .mutation(async ({ ctx, input }): Promise<ExecuteResult> => {
      const auditId = await ctx.db.transaction().execute(async (tx) => {
        const approval = await tx
          .selectFrom('approvals')
          .select(['id', 'status', 'requested_by_staff_id', 'action', 'resource_type', 'resource_id', 'effects'])
          .where('id', '=', input.approvalId)
          .forUpdate()
          .executeTakeFirst();
        if (!approval) throw new TRPCError({ code: 'NOT_FOUND', message: 'approvalId: no such approval request' });
        if (approval.status !== 'pending')
          throw new TRPCError({ code: 'CONFLICT', message: `This request was already ${approval.status}.` });
        if (approval.requested_by_staff_id === ctx.staff.id) {
          throw new TRPCError({ code: 'FORBIDDEN', message: 'You cannot decide your own request; another admin must.' });
        }
        await tx
          .updateTable('approvals')
          .set({ status: 'rejected', decided_by_staff_id: ctx.staff.id, decided_at: ctx.now(), decision_reason: input.reason })
          .where('id', '=', approval.id)
          .execute();
        return writeAudit(tx, ctx.staff, ctx.request, {
          action: 'approvals.rejected',
          resourceType: approval.resource_type,
          resourceId: approval.resource_id,
          before: { approvalId: approval.id, action: approval.action, status: 'pending', effects: approval.effects as Effect[] },
          after: { approvalId: approval.id, status: 'rejected' },
          reason: input.reason,
        });
      });
      return { auditId, approvalId: input.approvalId, message: 'Request rejected; nothing was done.' };
    }),
});
