import type { StoryStaff } from '../plant-stories.js';
import { genTs } from '../factories.js';
import type { BuiltBookings } from './bookings.js';
import type { SampleWorld } from './world.js';

/** Staff actions over the last 120 days (the audit trigger chains them in time order once sorted). */
export function addStaffActions(w: SampleWorld, pastBuilt: BuiltBookings['built']): void {
  const { rng, nowMs, rows, staff, admins, supports, oncalls } = w;
  if (staff.length > 0) {
    for (let i = 0; i < 900; i++) {
      const x = rng.pick(pastBuilt);
      const kind = rng.weighted([
        ['users.pii.reveal', 30],
        ['bookings.note', 25],
        ['notifications.resend', 15],
        ['credits.adjust', 8],
        ['webhooks.replay', 8],
        ['alerts.silence', 6],
        ['refunds.create', 8],
      ] as const);
      const actor =
        (kind === 'webhooks.replay' || kind === 'alerts.silence'
          ? rng.pick(oncalls)
          : kind === 'credits.adjust' || kind === 'refunds.create'
            ? rng.pick(admins.length > 0 ? admins : staff)
            : rng.pick(supports)) ?? (staff[0] as StoryStaff);
      const resource =
        kind === 'users.pii.reveal' || kind === 'credits.adjust'
          ? { type: 'user', id: x.plan.student.id }
          : kind === 'webhooks.replay'
            ? { type: 'webhook_event', id: rng.uuid() }
            : kind === 'alerts.silence'
              ? { type: 'alert', id: rng.pick(['HighErrorRate', 'WebhookFailures', 'PaymentCaptureLag']) }
              : { type: 'booking', id: x.b.booking.id };
      rows.audit_log.push({
        occurred_at: genTs(nowMs - rng.int(10, 120 * 24 * 60) * 60_000),
        actor_staff_id: actor.id,
        actor_email: actor.email,
        action: kind,
        resource_type: resource.type,
        resource_id: resource.id,
        before: kind === 'credits.adjust' ? JSON.stringify({ balanceCents: 0 }) : null,
        after:
          kind === 'credits.adjust'
            ? JSON.stringify({ balanceCents: 1_000 })
            : kind === 'bookings.note'
              ? JSON.stringify({ kind: 'support_interaction' })
              : null,
        reason: rng.pick(['Customer called in', 'Ticket follow-up', 'Verifying identity', 'Investigating alert', 'Goodwill']),
        request_id: rng.stripeId('req', 16),
        ip: `10.0.${rng.int(0, 9)}.${rng.int(2, 250)}`,
        user_agent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Safari/605.1.15',
      });
    }
  }
}
