import { TRPCError } from '@trpc/server';
import { webhookEventIdSchema, webhookListInputSchema, type WebhookDetail } from '@ops/shared';
import { z } from 'zod';
import { findWebhookEvent, listWebhookEvents } from '../domain/webhooks/ledger.js';
import { replayWebhook, replayWebhooks } from '../domain/webhooks/replay.js';
import { procedure, router } from '../trpc.js';
import { actionProcedures } from './action-procedures.js';

export const webhooks = router({
  list: procedure('webhooks.read')
    .input(webhookListInputSchema)
    .query(({ ctx, input }) => listWebhookEvents(ctx.db, input)),
  byId: procedure('webhooks.read')
    .input(z.object({ id: webhookEventIdSchema }))
    .query(async ({ ctx, input }): Promise<WebhookDetail> => {
      const event = await findWebhookEvent(ctx.db, input.id);
      if (!event) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such webhook event' });
      return event;
    }),
  replay: actionProcedures(replayWebhook),
  replayMany: actionProcedures(replayWebhooks),
});
