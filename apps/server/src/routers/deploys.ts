import { deploysOverview } from '../domain/deploys/overview.js';
import { procedure, router } from '../trpc.js';

export const deploys = router({
  overview: procedure('health.read').query(({ ctx }) => deploysOverview(ctx)),
});
