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
    .query(({ ctx, input }): Promise<WebhookDetail> => findWebhookEvent(ctx.db, input.id)),
  replay: actionProcedures(replayWebhook),
  replayMany: actionProcedures(replayWebhooks),
});
