import type { Insertable } from 'kysely';
import { DEFAULT_MESSAGE_APPROVAL_THRESHOLD, recipientVars, renderMessage } from '@ops/shared';
import type { NotificationsTable } from '../../schema.js';
import { DAY, HOUR, genTs, iso, msOf } from '../factories.js';
import { Rng } from '../prng.js';
import type { People } from './people.js';
import type { Person, SampleWorld } from './world.js';

/** Delivery outcomes draw from their own stream, so planting messages leaves the rest of the sample as it was. */
const DELIVERY_SEED = 0x0c0ffee5;
const FAILED_SHARE = 0.003;

interface PastCampaign {
  name: string;
  subject: string;
  body: string;
  audience: { role: 'students'; statuses: Array<'active'>; activity: 'any' | 'booked_30d' };
  channels: Array<'email' | 'in_app'>;
  startedMs: number;
  minutes: number;
  /** Who the audience matched when it was sent. */
  matched: readonly Person[];
}

/**
 * Two announcements sent in the past. As the console requires, one sent to more people than the approval threshold
 * is recorded as approved by a second admin (the second admin of the staff list: admin2 in sample mode). Like a real
 * send, each has one outbox row per recipient and channel, and its counts are those rows': the campaign page's outbox
 * and its figures agree.
 */
export function addCampaigns(w: SampleWorld, people: People): void {
  const { rng, nowMs, rows, admins } = w;
  const delivery = new Rng(DELIVERY_SEED);
  const springMs = nowMs - 75 * DAY + HOUR;
  const techMs = nowMs - 30 * DAY + HOUR;
  const bookedBeforeTech = new Set<string>();
  for (const b of rows.bookings) {
    const at = msOf(b.created_at);
    if (at >= techMs - 30 * DAY && at < techMs) bookedBeforeTech.add(b.student_id);
  }
  const campaigns: PastCampaign[] = [
    {
      name: 'Spring lessons week',
      subject: 'Spring lessons week is here',
      body: 'Hi {{firstName}},\n\nBook any lesson this week and get 10% back in credit.\n\nThe Lessons team',
      audience: { role: 'students', statuses: ['active'], activity: 'any' },
      channels: ['email'],
      startedMs: springMs,
      minutes: 60,
      // Every student account then open, whether or not they had booked yet.
      matched: people.signups.map((s) => s.person).filter((p) => p.createdMs < springMs && p.active),
    },
    {
      name: 'New coding instructors for recent students',
      subject: 'New coding instructors',
      body: 'Hi {{firstName}},\n\nPython and web development instructors just joined.\n\nThe Lessons team',
      audience: { role: 'students', statuses: [], activity: 'booked_30d' },
      channels: ['email', 'in_app'],
      startedMs: techMs,
      minutes: 20,
      matched: people.students.filter((p) => bookedBeforeTech.has(p.id)),
    },
  ];
  for (const c of campaigns) {
    const id = rng.uuid();
    const createdBy = admins[0]?.id ?? null;
    const recipients = c.matched.filter((p) => p.active && p.row.marketing_opt_out !== true);
    const createdAt = genTs(c.startedMs);
    const counts = { sent: 0, failed: 0 };
    const messages = recipients.flatMap((p, i) => {
      const m = renderMessage(c.subject, c.body, recipientVars(p.first, p.last));
      const sentAt = iso(c.startedMs + Math.floor((i / recipients.length) * c.minutes * 60_000));
      return c.channels.map((channel): Insertable<NotificationsTable> => {
        const failed = channel === 'email' && delivery.chance(FAILED_SHARE);
        counts[failed ? 'failed' : 'sent'] += 1;
        return {
          id: delivery.uuid(),
          user_id: p.id,
          booking_id: null,
          campaign_id: id,
          channel,
          template: 'announcement_general',
          subject: m.subject,
          body_text: m.text,
          body_html: channel === 'email' ? m.html : null,
          to_address: channel === 'email' ? p.row.email : null,
          status: failed ? 'failed' : 'sent',
          dedupe_key: `campaign:${id}:${p.id}:${channel}`,
          error: failed ? 'mailbox unavailable (550)' : null,
          created_by_staff_id: createdBy,
          created_at: createdAt,
          attempted_at: sentAt,
          sent_at: failed ? null : sentAt,
        };
      });
    });
    rows.notifications.push(...messages);
    rows.campaigns.push({
      id,
      kind: 'announcement',
      name: c.name,
      template_key: 'announcement_general',
      subject: c.subject,
      body: c.body,
      audience: JSON.stringify(c.audience),
      channels: JSON.stringify(c.channels),
      status: 'completed',
      recipients_total: recipients.length,
      sent_count: counts.sent,
      failed_count: counts.failed,
      excluded_count: c.matched.length - recipients.length,
      created_by_staff_id: createdBy,
      approved_by_staff_id: recipients.length > DEFAULT_MESSAGE_APPROVAL_THRESHOLD ? (admins[1]?.id ?? null) : null,
      created_at: genTs(c.startedMs - HOUR),
      started_at: iso(c.startedMs),
      finished_at: iso(c.startedMs + c.minutes * 60_000),
    });
  }
}
