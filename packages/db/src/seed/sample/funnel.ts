import type { Insertable } from 'kysely';
import type { FunnelEventsTable, FunnelStage } from '../../schema.js';
import { CATEGORIES, SERVICES, type CategoryId } from '../catalog.js';
import { DAY, iso, msOf } from '../factories.js';
import { FUNNEL_DIP, ZERO_RESULT_SEARCHES } from '../stories.js';
import type { People } from './people.js';
import type { Person, SampleWorld } from './world.js';

const ZERO_RESULT_QUERIES: Record<CategoryId, readonly string[]> = ZERO_RESULT_SEARCHES;

/**
 * A year of sign-up journeys through the funnel, with the planted week-long dip at booking_started →
 * booking_confirmed, and the searches new and returning users make (some finding nothing).
 */
export function addFunnel(w: SampleWorld, people: People): void {
  const { rng, nowMs, rows, historyDays, startOf } = w;
  const { students } = people;
  const dipFrom = startOf(-FUNNEL_DIP.daysAgoFrom);
  const dipTo = startOf(-FUNNEL_DIP.daysAgoTo + 1);
  for (let d = -historyDays; d <= 0; d++) {
    const growth = 0.6 + (0.4 * (historyDays + d)) / historyDays;
    const journeys = Math.round(95 * growth * (0.85 + rng.next() * 0.3));
    for (let j = 0; j < journeys; j++) {
      const userId = rng.uuid();
      const category = rng.pick(CATEGORIES).id;
      let t = startOf(d) + rng.int(0, 86_399) * 1000;
      const events: Array<Insertable<FunnelEventsTable>> = [];
      const push = (stage: FunnelStage): void => {
        events.push({
          user_id: userId,
          stage,
          category_id: stage === 'signup' || stage === 'email_verified' ? null : category,
          occurred_at: iso(t),
        });
      };
      push('signup');
      if (rng.chance(0.78)) {
        t += rng.int(2, 180) * 60_000;
        push('email_verified');
        if (rng.chance(0.87)) {
          t += rng.int(1, 48 * 60) * 60_000;
          push('search');
          const query = rng.chance(0.06)
            ? rng.pick(ZERO_RESULT_QUERIES[category])
            : rng.pick(SERVICES.filter((s) => s.category_id === category)).name.toLowerCase();
          const zero = Object.values(ZERO_RESULT_QUERIES).some((q) => q.includes(query));
          rows.search_events.push({
            user_id: userId,
            query,
            category_id: category,
            results_count: zero ? 0 : rng.int(3, 60),
            occurred_at: iso(t),
          });
          if (!zero && rng.chance(0.7)) {
            t += rng.int(1, 240) * 60_000;
            push('booking_started');
            const rate = t >= dipFrom && t < dipTo ? FUNNEL_DIP.dipRate : FUNNEL_DIP.normalRate;
            if (rng.chance(rate)) {
              t += rng.int(1, 20) * 60_000;
              push('booking_confirmed');
              if (rng.chance(0.85)) {
                t += rng.int(1, 10) * DAY;
                push('lesson_completed');
              }
            }
          }
        }
      }
      for (const e of events) if (msOf(e.occurred_at) <= nowMs) rows.funnel_events.push(e);
    }
    // Returning users search too.
    for (let k = 0; k < Math.round(20 * growth); k++) {
      const category = rng.pick(CATEGORIES).id;
      const zero = rng.chance(0.05);
      const ms = startOf(d) + rng.int(0, 86_399) * 1000;
      if (ms > nowMs) continue;
      rows.search_events.push({
        user_id: rng.pick<Person>(students).id,
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
