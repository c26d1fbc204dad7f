import { HOUR, genTs } from '../factories.js';
import type { BuiltBookings } from './bookings.js';
import type { SampleWorld } from './world.js';

/** Support's notes on past bookings. */
export function addNotes(w: SampleWorld, pastBuilt: BuiltBookings['built']): void {
  const { rng, nowMs, rows, supports } = w;
  for (let i = 0; i < 600; i++) {
    const x = rng.pick(pastBuilt);
    const kind = rng.weighted([
      ['support_interaction', 70],
      ['internal', 18],
      ['escalation', 8],
      ['fraud_flag', 4],
    ] as const);
    const body = {
      support_interaction: rng.pick([
        'Student asked to reschedule; walked them through the app.',
        'Explained the cancellation policy.',
        'Student could not find the lesson link; resent it.',
        'Receipt requested and sent.',
      ]),
      internal: rng.pick(['Instructor confirmed the lesson happened.', 'Checked payment status in Stripe: captured.']),
      escalation: rng.pick([
        'Escalated to payments team: charge looks duplicated.',
        'Escalated: instructor unresponsive for 3 days.',
      ]),
      fraud_flag: 'Several cards used on this account in one week.',
      dispute: '',
    }[kind];
    rows.booking_notes.push({
      id: rng.uuid(),
      user_id: x.plan.student.id,
      booking_id: x.b.booking.id,
      kind,
      body,
      author_staff_id: rng.pick(supports)?.id ?? null,
      created_at: genTs(Math.min(nowMs - 60_000, x.plan.startMs + rng.int(1, 72) * HOUR)),
    });
  }
}
