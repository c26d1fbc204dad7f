import { z } from 'zod';
import { cursorSchema, fromInstantDescription, isoInstantSchema, limitSchema, toInstantDescription } from './common.js';
import { formatCents } from './money.js';

/** Audit views (DESIGN.md "audit"): search filters shared by the server and the web's search form. */

export const AUDIT_CHANNELS = ['web', 'mcp'] as const;
export type AuditChannelName = (typeof AUDIT_CHANNELS)[number];

/** What the audit filters mean, for the search and the narrower views over it alike. */
export const AUDIT_ACTOR_DESCRIPTION = 'Only actions by this staff member: their email or staff id (a uuid).';
export const AUDIT_RESOURCE_TYPE_DESCRIPTION =
  'Only actions on this kind of record: user (students and instructors alike), booking, webhook_event, campaign, alert, background_job, message_template, access_token or staff.';
export const AUDIT_RESOURCE_ID_DESCRIPTION = "Only actions on this record: its id (a booking's 8-character short id also works).";

export const auditSearchInputSchema = z.object({
  /** A staff id (uuid) or a staff email. */
  actor: z.string().trim().max(200).nullish().describe(AUDIT_ACTOR_DESCRIPTION),
  action: z
    .string()
    .trim()
    .max(100)
    .nullish()
    .describe(
      'Only this action: a full name such as refunds.create, bookings.cancel, students.adjustCredit, instructors.suspend, bookings.note (a note) or users.pii.reveal matches exactly; a word without a dot (refunds) matches every action that starts with it.',
    ),
  resourceType: z.string().trim().max(100).nullish().describe(AUDIT_RESOURCE_TYPE_DESCRIPTION),
  resourceId: z.string().trim().max(200).nullish().describe(AUDIT_RESOURCE_ID_DESCRIPTION),
  from: isoInstantSchema.nullish().describe(fromInstantDescription('actions taken')),
  to: isoInstantSchema.nullish().describe(toInstantDescription('actions taken')),
  /** Text in the reason (case-insensitive). */
  q: z.string().trim().max(200).nullish().describe('Only actions whose reason contains this text, in any case.'),
  /** Changes made by admins (their sign-ins and sign-outs left out). */
  adminOnly: z.boolean().nullish().describe('true: only changes made by admins (their sign-ins and sign-outs left out).'),
  /** How the change arrived: the browser or an assistant on /mcp. */
  channel: z
    .enum(AUDIT_CHANNELS, { message: 'channel: must be web or mcp' })
    .nullish()
    .describe('Only changes that came this way: web (the browser) or mcp (an assistant with an access token).'),
  cursor: cursorSchema,
  limit: limitSchema,
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

/** Whether a diff line holds money: its field's name ends in `Cents` ("balanceCents", "refund.amountCents"). */
export function isMoneyPath(path: string): boolean {
  return /Cents$/.test(path.slice(path.lastIndexOf('.') + 1));
}

const words = (segment: string) => segment.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();

/**
 * What a diff line's field is called on screen: a money field by what it measures ("balanceCents" is "Balance",
 * "refund.amountCents" is "Refund amount"), since its value reads in dollars; any other field by its path.
 */
export function diffFieldLabel(path: string): string {
  if (!isMoneyPath(path)) return path;
  const text = path
    .replace(/Cents$/, '')
    .split('.')
    .map(words)
    .join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** One side of a diff line as text: whole cents in a money field as money ("$45.00"), anything else as recorded. */
export function diffValueText(path: string, value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number' && Number.isSafeInteger(value) && isMoneyPath(path)) return formatCents(value);
  return typeof value === 'string' ? value : JSON.stringify(value);
}
