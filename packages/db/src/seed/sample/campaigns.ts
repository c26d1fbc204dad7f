import { DAY, HOUR, genTs, iso } from '../factories.js';
import type { SampleWorld } from './world.js';

/** Two announcements sent in the past, one with a second admin's approval. */
export function addCampaigns(w: SampleWorld): void {
  const { rng, nowMs, rows, admins } = w;
  rows.campaigns.push(
    {
      id: rng.uuid(),
      kind: 'announcement',
      name: 'Spring lessons week',
      template_key: 'announcement_general',
      subject: 'Spring lessons week is here',
      body: 'Book any lesson this week and get 10% back in credit.',
      audience: JSON.stringify({ role: 'students', statuses: ['active'], activity: 'any' }),
      channels: JSON.stringify(['email']),
      status: 'completed',
      recipients_total: 2_410,
      sent_count: 2_391,
      failed_count: 7,
      excluded_count: 12,
      created_by_staff_id: admins[0]?.id ?? null,
      approved_by_staff_id: admins[1]?.id ?? null,
      created_at: genTs(nowMs - 75 * DAY),
      started_at: iso(nowMs - 75 * DAY + HOUR),
      finished_at: iso(nowMs - 75 * DAY + 2 * HOUR),
    },
    {
      id: rng.uuid(),
      kind: 'announcement',
      name: 'New instructors in tech',
      template_key: 'announcement_general',
      subject: 'New coding instructors',
      body: 'Python and web development instructors just joined.',
      audience: JSON.stringify({ role: 'students', statuses: [], activity: 'booked_30d' }),
      channels: JSON.stringify(['email', 'in_app']),
      status: 'completed',
      recipients_total: 640,
      sent_count: 636,
      failed_count: 1,
      excluded_count: 3,
      created_by_staff_id: admins[0]?.id ?? null,
      approved_by_staff_id: null,
      created_at: genTs(nowMs - 30 * DAY),
      started_at: iso(nowMs - 30 * DAY + HOUR),
      finished_at: iso(nowMs - 30 * DAY + HOUR + 20 * 60_000),
    },
  );
}
