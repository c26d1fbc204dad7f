import { approvalDecideInputSchema, approvalListInputSchema, type ApprovalItem, type ExecuteResult } from '@ops/shared';
import { executeApproval } from '../domain/actions/run.js';
import { expireApprovals, listApprovals, rejectApproval } from '../domain/approvals/approvals.js';
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
      const auditId = await rejectApproval(ctx, input.approvalId, input.reason);
      return { auditId, approvalId: input.approvalId, message: 'Request rejected; nothing was done.', created: null };
    }),
});
