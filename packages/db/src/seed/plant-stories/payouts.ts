import { DAY, HOUR, genTs, iso, msOf } from '../factories.js';
import { MARCUS, PAYOUT_HOLD_INSTRUCTOR, SARAH } from '../stories.js';
import type { StoryKit } from './kit.js';
import type { StoryInstructors } from './people.js';

/** Marcus Reid: five upcoming confirmed lessons with five students, three pending and three paid payouts. */
export function plantMarcus(kit: StoryKit, { marcus }: StoryInstructors): void {
  const { rng, nowMs, rows, nextId, book, at } = kit;
  const upcomingStarts = [nowMs + 10 * HOUR, at(1, 6), at(2, 3), at(4, 2), at(6, 5)];
  MARCUS.upcomingBookingIds.forEach((id, i) => {
    book({
      id,
      shortId: MARCUS.upcomingShortIds[i] ?? rng.shortId(),
      studentId: MARCUS.studentIds[i] ?? SARAH.userId,
      teacher: marcus,
      serviceId: 'guitar',
      minutes: 60,
      startMs: upcomingStarts[i] ?? at(3),
      status: 'confirmed',
      createdMs: nowMs - (3 + i) * DAY,
    });
  });
  for (let i = 0; i < 6; i++) {
    const b = book({
      studentId: MARCUS.studentIds[i % 5] ?? SARAH.userId,
      teacher: marcus,
      serviceId: 'guitar',
      minutes: 60,
      // Two days apart, newest first: the three pending payouts (a week after their lesson) all fall due in the coming
      // days, so none reads as overdue; the three paid ones fell due before today.
      startMs: at(-2 - i * 2, 2),
      status: 'completed',
    });
    const pending = i < 3;
    rows.payouts.push({
      id: pending ? (MARCUS.pendingPayoutIds[i] ?? nextId()) : nextId(),
      instructor_id: MARCUS.userId,
      booking_id: b.booking.id,
      amount_cents: b.booking.instructor_payout_cents,
      status: pending ? 'pending' : 'paid',
      scheduled_for: iso(msOf(b.booking.lesson_start) + 7 * DAY),
      paid_at: pending ? null : iso(msOf(b.booking.lesson_start) + 7 * DAY + HOUR),
      stripe_transfer_id: pending ? null : rng.stripeId('tr'),
      created_at: genTs(msOf(b.booking.lesson_start) + 3 * HOUR),
      updated_at: genTs(nowMs - DAY),
    });
  }
}

/** Payouts for Elena (paid) and David (held) on their completed story lessons. */
export function plantStoryPayouts(kit: StoryKit): void {
  const { rng, nowMs, rows, nextId, built } = kit;
  for (const b of built.values()) {
    if (b.booking.status !== 'completed' || b.booking.instructor_id === MARCUS.userId) continue;
    const startMs = msOf(b.booking.lesson_start);
    const refundedFully = b.payment.status === 'refunded';
    if (refundedFully) continue;
    const held = b.booking.instructor_id === PAYOUT_HOLD_INSTRUCTOR.userId;
    const due = startMs + 7 * DAY;
    rows.payouts.push({
      id: nextId(),
      instructor_id: b.booking.instructor_id,
      booking_id: b.booking.id,
      amount_cents: b.booking.instructor_payout_cents,
      status: held ? 'held' : due <= nowMs ? 'paid' : 'pending',
      scheduled_for: iso(due),
      paid_at: !held && due <= nowMs ? iso(due + HOUR) : null,
      hold_reason: held ? 'Chargeback review pending' : null,
      stripe_transfer_id: !held && due <= nowMs ? rng.stripeId('tr') : null,
      created_at: genTs(startMs + 3 * HOUR),
      updated_at: genTs(Math.min(nowMs, due + HOUR)),
    });
  }
}
