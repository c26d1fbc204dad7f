import type { NoteKindName, SupportNoteRow, SupportNotificationRow } from '@ops/shared';

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
