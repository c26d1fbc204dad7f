import { tokenCreateInputSchema, tokenRevokeInputSchema } from '@ops/shared';
import { createAccessToken, listAccessTokens, revokeAccessToken } from '../domain/tokens/tokens.js';
import { authedProcedure, router } from '../trpc.js';

/** A staff member's own personal access tokens (for assistants on /mcp). */
export const tokens = router({
  list: authedProcedure.query(({ ctx }) => listAccessTokens(ctx.db, ctx.staff.id)),
  create: authedProcedure
    .input(tokenCreateInputSchema)
    .mutation(({ ctx, input }) => createAccessToken(ctx.db, ctx.staff, ctx.request, input, ctx.now())),
  revoke: authedProcedure
    .input(tokenRevokeInputSchema)
    .mutation(({ ctx, input }) => revokeAccessToken(ctx.db, ctx.staff, ctx.request, input.id, ctx.now())),
});
