import { z } from 'zod';
import { dayRangeBounds, isReversedDayRange } from '../../lib/filter-fields';
import { isoDaySchema, recordRefSchema, WEBHOOK_SOURCES, WEBHOOK_STATUSES, type WebhookListInput } from '@ops/shared';

/** The ledger's URL search params: every filtered view is a link someone can paste into a ticket. */
export const webhookSearchSchema = z.object({
  source: z.enum(WEBHOOK_SOURCES).optional().catch(undefined),
  status: z.enum(WEBHOOK_STATUSES).optional().catch(undefined),
  type: z.string().max(100).optional().catch(undefined),
  from: isoDaySchema.optional().catch(undefined),
  to: isoDaySchema.optional().catch(undefined),
  // Kept as the link wrote it, so the form can say what is wrong with it (the list ignores it until corrected).
  entity: z.string().trim().max(200).optional().catch(undefined),
});
export type WebhookSearch = z.infer<typeof webhookSearchSchema>;

/** The link's filters the list cannot apply: an entity that is no id, a day range whose From is after its To. */
export function unappliedFilters(s: WebhookSearch): Array<'Related entity' | 'From–To'> {
  const out: Array<'Related entity' | 'From–To'> = [];
  if (s.entity !== undefined && !recordRefSchema.safeParse(s.entity).success) out.push('Related entity');
  if (isReversedDayRange(s)) out.push('From–To');
  return out;
}

export function webhookListInput(s: WebhookSearch): Omit<WebhookListInput, 'cursor'> {
  return {
    source: s.source ?? null,
    status: s.status ?? null,
    type: s.type || null,
    ...dayRangeBounds(s),
    entityId: unappliedFilters(s).includes('Related entity') ? null : (s.entity ?? null),
    limit: 50,
  };
}
