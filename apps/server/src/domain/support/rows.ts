import type { NoteKindName, PendingApprovalRow, SupportAuditRow, SupportNoteRow, SupportNotificationRow } from '@ops/shared';
import type { DbOrTx } from '@ops/db';
import { sql } from 'kysely';

/** A pending approval as the booking page and the user 360 both show it (who asked, when it lapses). */
export function pendingApprovalRow(a: {
  id: string;
  action: string;
  summary: string;
  requested_by: string;
  requested_at: string | Date;
  expires_at: string | Date;
}): PendingApprovalRow {
  return {
    id: a.id,
    action: a.action,
    summary: a.summary,
    requestedBy: a.requested_by,
    requestedAt: new Date(a.requested_at).toISOString(),
    expiresAt: new Date(a.expires_at).toISOString(),
  };
}

/** The support pages' view of a booking note row (the user 360 and the booking page show the same fields). */
export function noteRow(
  n: { id: string; booking_id: string | null; kind: NoteKindName; body: string; author_email: string | null; created_at: string },
  shortId: string | null,
): SupportNoteRow {
  return {
    id: n.id,
    bookingId: n.booking_id,
    shortId,
    kind: n.kind,
    body: n.body,
    authorEmail: n.author_email ?? null,
    createdAt: n.created_at,
  };
}

/** The notification columns `notificationRow` reads. */
export const NOTIFICATION_COLUMNS = [
  'id',
  'booking_id',
  'channel',
  'template',
  'subject',
  'status',
  'created_by_staff_id',
  'created_at',
  'sent_at',
] as const;

/** The support pages' view of a notification (outbox) row. */
export function notificationRow(n: {
  id: string;
  booking_id: string | null;
  channel: string;
  template: string;
  subject: string;
  status: string;
  created_by_staff_id: string | null;
  created_at: string;
  sent_at: string | null;
}): SupportNotificationRow {
  return {
    id: n.id,
    bookingId: n.booking_id,
    channel: n.channel,
    template: n.template,
    subject: n.subject,
    status: n.status,
    createdByStaff: n.created_by_staff_id !== null,
    createdAt: n.created_at,
    sentAt: n.sent_at,
  };
}

/** A refund as the support pages show it (a SupportRefundRow but for its booking's short id), from `refunds as r`. */
export const REFUND_COLUMNS = [
  'r.id',
  'r.booking_id as bookingId',
  'r.amount_cents as amountCents',
  'r.method',
  'r.status',
  'r.policy_rule as policyRule',
  'r.override_code as overrideCode',
  'r.reason',
  'r.created_at as createdAt',
  'r.kind',
  'r.origin',
  'r.error',
] as const;

const AUDIT_COLUMNS = [
  ...(['id', 'occurred_at', 'actor_email', 'action', 'resource_type', 'resource_id', 'reason'] as const),
  // The kind of refund the action recorded (found by its key), so a page can call the action what it did.
  sql<'refund' | 'release' | null>`(select r.kind from refunds r
    where r.id = case when audit_log.after->>'refundId' ~ '^[0-9a-f-]{36}$' then (audit_log.after->>'refundId')::uuid end)`.as(
    'refund_kind',
  ),
] as const;

/** The newest `limit` audit rows about one booking. */
export function auditForBookingQuery(db: DbOrTx, bookingId: string, limit: number) {
  return db
    .selectFrom('audit_log')
    .select(AUDIT_COLUMNS)
    .where('resource_type', '=', 'booking')
    .where('resource_id', '=', bookingId)
    .orderBy('id', 'desc')
    .limit(limit);
}

/**
 * Audit rows about the person or about any of their bookings (as student or instructor): the newest `limit` ids
 * from audit_log_people (filled by a trigger as rows are appended), so the cost is the page, not the history.
 */
export function auditForUserQuery(db: DbOrTx, userId: string, limit: number) {
  return db
    .selectFrom('audit_log')
    .select(AUDIT_COLUMNS)
    .where('id', 'in', (eb) =>
      eb.selectFrom('audit_log_people').select('audit_id').where('user_id', '=', userId).orderBy('audit_id', 'desc').limit(limit),
    )
    .orderBy('id', 'desc')
    .limit(limit);
}

/** The support pages' view of an audit row. */
export function auditRow(a: {
  id: number;
  occurred_at: string;
  actor_email: string;
  action: string;
  resource_type: string;
  resource_id: string;
  reason: string;
  refund_kind: 'refund' | 'release' | null;
}): SupportAuditRow {
  return {
    id: a.id,
    occurredAt: a.occurred_at,
    actorEmail: a.actor_email,
    action: a.action,
    resourceType: a.resource_type,
    resourceId: a.resource_id,
    reason: a.reason,
    refundKind: a.refund_kind,
  };
}
