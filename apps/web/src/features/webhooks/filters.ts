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
  /** Failed events a replay may fix (true) or permanent failures (false): shared `failedMayRetry`. */
  retryable: z.boolean().optional().catch(undefined),
  /** An instant, not a day: the command center's "failed in 24 h" figure links with the start of its window. */
  since: z.iso.datetime({ offset: true }).optional().catch(undefined),
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

/** The later of two lower bounds (ISO instants), either possibly unset. */
function laterOf(a: string | null, b: string | undefined): string | null {
  if (b === undefined) return a;
  if (a === null) return b;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

export function webhookListInput(s: WebhookSearch): Omit<WebhookListInput, 'cursor'> {
  const days = dayRangeBounds(s);
  return {
    source: s.source ?? null,
    status: s.status ?? null,
    type: s.type || null,
    retryable: s.retryable ?? null,
    from: laterOf(days.from, s.since),
    to: days.to,
    entityId: unappliedFilters(s).includes('Related entity') ? null : (s.entity ?? null),
    limit: 50,
  };
}
