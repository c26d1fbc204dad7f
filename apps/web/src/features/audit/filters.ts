import { z } from 'zod';
import { dayRangeBounds } from '../../lib/filter-fields';
import { AUDIT_CHANNELS, isoDaySchema, type AuditSearchInput } from '@ops/shared';

const text = z.string().trim().max(200).optional().catch(undefined);

/** Audit search in the URL: a person's activity (`actor`) and a resource's history (`resourceType` + `resourceId`). */
export const auditSearchSchema = z.object({
  actor: text,
  action: text,
  resourceType: text,
  resourceId: text,
  from: isoDaySchema.optional().catch(undefined),
  to: isoDaySchema.optional().catch(undefined),
  q: text,
  adminOnly: z.boolean().optional().catch(undefined),
  /** web (the browser) or mcp (an assistant with an access token). */
  channel: z.enum(AUDIT_CHANNELS).optional().catch(undefined),
});
export type AuditSearch = z.infer<typeof auditSearchSchema>;

export function auditFilters(s: AuditSearch): Omit<AuditSearchInput, 'cursor' | 'limit'> {
  return {
    actor: s.actor || null,
    action: s.action || null,
    resourceType: s.resourceType || null,
    resourceId: s.resourceId || null,
    ...dayRangeBounds(s),
    q: s.q || null,
    adminOnly: s.adminOnly ?? null,
    channel: s.channel ?? null,
  };
}
