import { isUuid, type AuditListItem, type Permission } from '@ops/shared';

/** The console page of what an audit entry is about, and the permission that page asks for. */
export interface ResourcePage {
  href: string;
  permission: Permission;
}

/**
 * Pages by resource type. A person, student or instructor alike, has one page (the student's and the instructor's
 * addresses lead to it).
 */
const PAGES: Partial<Record<string, { path: (id: string) => string; permission: Permission }>> = {
  user: { path: (id) => `/support/users/${id}`, permission: 'users.read' },
  booking: { path: (id) => `/bookings/${id}`, permission: 'bookings.read' },
  campaign: { path: (id) => `/communications/${id}`, permission: 'communications.send' },
  webhook_event: { path: (id) => `/webhooks/${id}`, permission: 'webhooks.read' },
};

/** The page an entry's resource has, or null for a type without one (staff, a token) or an id no page takes. */
export function resourcePage(e: Pick<AuditListItem, 'resourceType' | 'resourceId'>): ResourcePage | null {
  const page = PAGES[e.resourceType];
  if (page === undefined || !isUuid(e.resourceId)) return null;
  return { href: page.path(e.resourceId.toLowerCase()), permission: page.permission };
}

/**
 * How an entry arrived, in words: "MCP · token 'support assistant'" for an assistant, "Web" for the browser, "System"
 * for a step no staff member took (a refund settled with Stripe by the reconciler).
 */
export function channelText(e: Pick<AuditListItem, 'channel' | 'tokenName'> & { actorStaffId?: string | null }): string {
  if (e.channel === 'web') return e.actorStaffId === null ? 'System' : 'Web';
  return e.tokenName ? `MCP · token '${e.tokenName}'` : 'MCP';
}
