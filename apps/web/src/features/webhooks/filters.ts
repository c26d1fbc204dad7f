import { z } from 'zod';
import { businessDayStart } from '../../lib/business-time';
import { isoDaySchema, recordRefSchema, WEBHOOK_SOURCES, WEBHOOK_STATUSES, type WebhookListInput } from '@ops/shared';

/** The ledger's URL search params: every filtered view is a link someone can paste into a ticket. */
export const webhookSearchSchema = z.object({
  source: z.enum(WEBHOOK_SOURCES).optional().catch(undefined),
  status: z.enum(WEBHOOK_STATUSES).optional().catch(undefined),
  type: z.string().max(100).optional().catch(undefined),
  from: isoDaySchema.optional().catch(undefined),
  to: isoDaySchema.optional().catch(undefined),
  entity: recordRefSchema.optional().catch(undefined),
});
export type WebhookSearch = z.infer<typeof webhookSearchSchema>;

export function webhookListInput(s: WebhookSearch): Omit<WebhookListInput, 'cursor'> {
  return {
    source: s.source ?? null,
    status: s.status ?? null,
    type: s.type || null,
    from: s.from ? businessDayStart(s.from) : null,
    to: s.to ? businessDayStart(s.to, 1) : null,
    entityId: s.entity ?? null,
    limit: 50,
  };
}
