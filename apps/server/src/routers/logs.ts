import { can, logsEventInputSchema, logsRequestInputSchema, logsSearchInputSchema } from '@ops/shared';
import { searchLogs, sentryEvent, traceRequest } from '../domain/logs/lookup.js';
import { procedure, router } from '../trpc.js';

export const logs = router({
  search: procedure('health.read')
    .input(logsSearchInputSchema)
    .query(({ ctx, input }) => searchLogs(ctx, input)),
  request: procedure('health.read')
    .input(logsRequestInputSchema)
    .query(({ ctx, input }) => traceRequest(ctx, can(ctx.staff.role, 'audit.read') ? ctx.db : null, input.requestId)),
  event: procedure('health.read')
    .input(logsEventInputSchema)
    .query(({ ctx, input }) => sentryEvent(ctx, input.eventId)),
});
