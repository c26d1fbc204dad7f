import { z } from 'zod';

/** Audit views (DESIGN.md "audit"): search filters shared by the server and the web's search form. */
const isoDate = z.iso.datetime({ offset: true, message: 'must be an ISO date-time' });

export const AUDIT_CHANNELS = ['web', 'mcp'] as const;
export type AuditChannelName = (typeof AUDIT_CHANNELS)[number];

export const auditSearchInputSchema = z.object({
  /** A staff id (uuid) or a staff email. */
  actor: z.string().trim().max(200).nullish(),
  action: z.string().trim().max(100).nullish(),
  resourceType: z.string().trim().max(100).nullish(),
  resourceId: z.string().trim().max(200).nullish(),
  from: isoDate.nullish(),
  to: isoDate.nullish(),
  /** Text in the reason (case-insensitive). */
  q: z.string().trim().max(200).nullish(),
  /** Changes made by admins (their sign-ins and sign-outs left out). */
  adminOnly: z.boolean().nullish(),
  /** How the change arrived: the browser or an assistant on /mcp. */
  channel: z.enum(AUDIT_CHANNELS, { message: 'channel: must be web or mcp' }).nullish(),
  cursor: z.string().max(200).nullish(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type AuditSearchInput = z.input<typeof auditSearchInputSchema>;

export interface AuditListItem {
  id: number;
  occurredAt: string;
  actorStaffId: string | null;
  actorEmail: string;
  action: string;
  resourceType: string;
  resourceId: string;
  reason: string;
  channel: AuditChannelName;
  /** The access token's name when the channel is mcp. */
  tokenName: string | null;
  /** The name staff know the resource by where it has one: a booking's short id ("SCQGBH0N"). */
  resourceLabel: string | null;
}

export interface AuditEntryDetail extends AuditListItem {
  before: unknown;
  after: unknown;
  requestId: string | null;
  ip: string | null;
  userAgent: string | null;
  prevHash: string;
  hash: string;
  /** Whether this row's hash recomputes from its previous hash and content. */
  hashValid: boolean;
}

export interface AuditChainStatus {
  verifiedToId: number | null;
  brokenAtId: number | null;
  checked: number;
  lastId: number | null;
  verifiedAt: string;
}

/** One line of a readable before/after diff. */
export interface DiffLine {
  path: string;
  before: unknown;
  after: unknown;
  change: 'added' | 'removed' | 'changed';
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Flattens before/after into the paths that differ ("balanceCents: 100 → 250"). */
export function diffValues(before: unknown, after: unknown, path = ''): DiffLine[] {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => diffValues(before[k], after[k], path ? `${path}.${k}` : k));
  }
  if (before === undefined && after === undefined) return [];
  if (isPlainObject(after) && (before === undefined || before === null)) {
    return Object.keys(after)
      .sort()
      .flatMap((k) => diffValues(undefined, after[k], path ? `${path}.${k}` : k));
  }
  if (isPlainObject(before) && (after === undefined || after === null)) {
    return Object.keys(before)
      .sort()
      .flatMap((k) => diffValues(before[k], undefined, path ? `${path}.${k}` : k));
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  const change =
    before === undefined || before === null ? 'added' : after === undefined || after === null ? 'removed' : 'changed';
  return [{ path: path || '(value)', before: before ?? null, after: after ?? null, change }];
}
