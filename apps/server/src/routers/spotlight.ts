import { spotlightFindInputSchema, type SpotlightResponse } from '@ops/shared';
import { findAnything } from '../domain/spotlight/find.js';
import { procedure, router } from '../trpc.js';

/** Ctrl-K. Every role may ask; each kind of record is looked up only for roles that may open its page. */
export const spotlight = router({
  find: procedure('health.read')
    .input(spotlightFindInputSchema)
    .query(({ ctx, input }): Promise<SpotlightResponse> => findAnything(ctx.db, ctx.staff.role, input.q)),
});
