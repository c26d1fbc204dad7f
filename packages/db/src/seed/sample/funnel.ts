import type { Insertable } from 'kysely';
import type { FunnelEventsTable, FunnelStage } from '../../schema.js';
import { CATEGORIES, SERVICES, type CategoryId } from '../catalog.js';
import { iso, msOf, type BuiltBooking } from '../factories.js';
import { ZERO_RESULT_SEARCHES } from '../stories.js';
import type { BuiltBookings } from './bookings.js';
import type { People } from './people.js';
import type { Person, SampleWorld } from './world.js';

const ZERO_RESULT_QUERIES: Record<CategoryId, readonly string[]> = ZERO_RESULT_SEARCHES;

/**
 * The funnel events of every sign-up journey (journeys.ts), up to `booking_started`; a student's
 * `booking_confirmed` is their first booking's confirmation and `lesson_completed` their first completed lesson, as
 * the bookings say. Then the searches: each journey's, and returning students'.
 */
export function addFunnel(w: SampleWorld, people: People, booked: BuiltBookings): void {
  const { rng, nowMs, rows, historyDays, startOf } = w;
  const firsts = firstBookings(booked);
  for (const { person, journey } of people.signups) {
    const events: Array<Insertable<FunnelEventsTable>> = [];
    const push = (stage: FunnelStage, ms: number, bookingId: string | null = null): void => {
      events.push({
        user_id: person.id,
        stage,
        category_id: stage === 'signup' || stage === 'email_verified' ? null : journey.category,
        booking_id: bookingId,
        occurred_at: iso(ms),
      });
    };
    push('signup', journey.signupMs);
    if (journey.verifiedMs !== null) push('email_verified', journey.verifiedMs);
    if (journey.search !== null) {
      push('search', journey.search.ms);
      rows.search_events.push({
        user_id: person.id,
        query: journey.search.query,
        category_id: journey.category,
        results_count: journey.search.resultsCount,
        occurred_at: iso(journey.search.ms),
      });
    }
    const first = firsts.get(person.id);
    if (journey.startedMs !== null) push('booking_started', journey.startedMs, first?.booked.booking.id ?? null);
    const confirmed = first?.booked.booking.confirmed_at;
    if (first !== undefined && confirmed) push('booking_confirmed', msOf(confirmed), first.booked.booking.id);
    const done = first?.completed?.booking;
    if (done?.completed_at) push('lesson_completed', msOf(done.completed_at), done.id);
    for (const e of events) if (msOf(e.occurred_at) <= nowMs) rows.funnel_events.push(e);
  }
  // Returning students search too.
  for (let d = -historyDays; d <= 0; d++) {
    const growth = 0.6 + (0.4 * (historyDays + d)) / historyDays;
    for (let k = 0; k < Math.round(20 * growth); k++) {
      const category = rng.pick(CATEGORIES).id;
      const zero = rng.chance(0.05);
      const ms = startOf(d) + rng.int(0, 86_399) * 1000;
      const student = rng.pick<Person>(people.students);
      if (ms > nowMs || student.createdMs > ms) continue;
      rows.search_events.push({
        user_id: student.id,
        query: zero
          ? rng.pick(ZERO_RESULT_QUERIES[category])
          : `${rng.pick(SERVICES.filter((s) => s.category_id === category)).name.toLowerCase()} ${rng.pick(['near me', 'online', 'beginner', 'weekend', ''])}`.trim(),
        category_id: category,
        results_count: zero ? 0 : rng.int(1, 80),
        occurred_at: iso(ms),
      });
    }
  }
}

/** Each student's first booking (by when it was made) and first completed lesson. */
function firstBookings(booked: BuiltBookings): Map<string, { booked: BuiltBooking; completed?: BuiltBooking }> {
  const firsts = new Map<string, { booked: BuiltBooking; completed?: BuiltBooking }>();
  for (const { b } of booked.built) {
    const id = b.booking.student_id;
    const entry = firsts.get(id) ?? { booked: b };
    if (msOf(b.booking.created_at) < msOf(entry.booked.booking.created_at)) entry.booked = b;
    const done = b.booking.completed_at;
    if (done && (entry.completed === undefined || msOf(done) < msOf(entry.completed.booking.completed_at))) entry.completed = b;
    firsts.set(id, entry);
  }
  return firsts;
}
