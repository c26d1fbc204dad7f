import { paymentsPipeline } from '../domain/payments/pipeline.js';
import { procedure, router } from '../trpc.js';

export const payments = router({
  pipeline: procedure('health.read').query(({ ctx }) => paymentsPipeline(ctx.db, ctx.now())),
});
