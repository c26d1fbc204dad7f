import { approvalDecideInputSchema, approvalListInputSchema, type ApprovalItem, type ExecuteResult } from '@ops/shared';
import { executeApproval } from '../domain/actions/run.js';
import { rejectApproval } from '../domain/approvals/approvals.js';
import { listApprovalsChecked } from '../domain/approvals/inbox.js';
import { procedure, router } from '../trpc.js';

export const approvals = router({
  list: procedure('approvals.decide')
    .input(approvalListInputSchema)
    .query(({ ctx, input }): Promise<ApprovalItem[]> => listApprovalsChecked(ctx, input.view)),
  approve: procedure('approvals.decide')
    .input(approvalDecideInputSchema)
    .mutation(({ ctx, input }): Promise<ExecuteResult> => executeApproval(ctx, input.approvalId, input.reason)),
  reject: procedure('approvals.decide')
    .input(approvalDecideInputSchema)
    .mutation(({ ctx, input }): Promise<ExecuteResult> => rejectApproval(ctx, input.approvalId, input.reason)),
});
