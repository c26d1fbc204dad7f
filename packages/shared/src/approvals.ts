import { z } from 'zod';
import { reasonSchema, uuid } from './common.js';
import type { Effect } from './actions.js';
import type { AuditChannelName } from './audit.js';

export const APPROVAL_VIEWS = ['pending', 'recent'] as const;
export const approvalListInputSchema = z.object({
  view: z
    .enum(APPROVAL_VIEWS, { message: 'view must be pending or recent' })
    .default('pending')
    .describe('pending: requests waiting for a second admin (when omitted); recent: those decided lately.'),
});
export const approvalDecideInputSchema = z.object({ approvalId: uuid, reason: reasonSchema });
export type ApprovalDecideInput = z.infer<typeof approvalDecideInputSchema>;

export interface ApprovalItem {
  id: string;
  action: string;
  summary: string;
  effects: Effect[];
  /** What the requester's preview warned of, why it needs a second admin among them. */
  warnings: string[];
  resourceType: string;
  resourceId: string;
  /** The name staff know the resource by: a booking's short id, a person's masked name; null where there is none. */
  resourceLabel: string | null;
  reason: string;
  status: 'pending' | 'approved' | 'rejected' | 'expired' | 'failed';
  requestedBy: string;
  /** How the request arrived, from its audit row: the browser, or an assistant on /mcp with its token's name. */
  requestedVia: { channel: AuditChannelName; tokenName: string | null };
  requestedAt: string;
  expiresAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  /** False for the requester: nobody decides their own request. */
  canDecide: boolean;
  /**
   * Set on a waiting request whose record changed since it was made (someone acted meanwhile): what approving it
   * would now meet, read when the inbox is listed. Approving it is refused and closes it as failed.
   */
  changedSinceRequest?: string;
}
