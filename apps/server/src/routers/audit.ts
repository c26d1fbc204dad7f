import { z } from 'zod';
import { auditSearchInputSchema, type AuditChainStatus, type AuditEntryDetail } from '@ops/shared';
import { auditChainStatus } from '../domain/audit/chain.js';
import { exportAuditLog, findAuditEntry, listStaffActors, searchAudit } from '../domain/audit/search.js';
import { procedure, router } from '../trpc.js';

export const audit = router({
  search: procedure('audit.read')
    .input(auditSearchInputSchema)
    .query(({ ctx, input }) => searchAudit(ctx.db, input)),
  byId: procedure('audit.read')
    .input(
      z.object({
        id: z
          .number({ message: 'id: must be an audit entry number' })
          .int()
          .positive()
          .describe("The audit entry's number, e.g. 1234: an audit list's id or an execute's auditId."),
      }),
    )
    .query(({ ctx, input }): Promise<AuditEntryDetail> => findAuditEntry(ctx.db, input.id)),
  actors: procedure('audit.read').query(({ ctx }) => listStaffActors(ctx.db)),
  /** The chain badge: verifies from the last checkpoint (or from the first row with `full`). */
  chain: procedure('audit.read')
    .input(
      z
        .object({
          full: z
            .boolean()
            .default(false)
            .describe(
              'true verifies from the first row instead of the last checkpoint, which takes longer (false when omitted).',
            ),
        })
        .default({ full: false }),
    )
    .query(({ ctx, input }): Promise<AuditChainStatus> =>
      auditChainStatus(ctx.db, { full: input.full, now: ctx.now(), signingKey: ctx.config.auditSigningKey }),
    ),
  /** Reading the log out in bulk is itself recorded, in the same transaction as the read. */
  exportCsv: procedure('audit.read')
    .input(auditSearchInputSchema.omit({ cursor: true, limit: true }))
    .mutation(({ ctx, input }) => exportAuditLog(ctx, input)),
});
