import { CATEGORIES, SERVICES, type CategoryId } from '../catalog.js';
import { FUNNEL_DIP, ZERO_RESULT_SEARCHES } from '../stories.js';
import { SAMPLE_SCALE, type SampleWorld } from './world.js';

const ZERO_RESULT_QUERIES: Record<CategoryId, readonly string[]> = ZERO_RESULT_SEARCHES;
const MINUTE = 60_000;

/** One person's way from signing up towards a first booking, as far as they went. */
export interface Journey {
  signupMs: number;
  verifiedMs: number | null;
  category: CategoryId;
  search: { ms: number; query: string; resultsCount: number } | null;
  /** When they started a booking; with `books`, the first booking they made (plans.ts books it then). */
  startedMs: number | null;
  books: boolean;
}

/**
 * Every sign-up of the year, decided before anything else: the people who book are the students, the rest stay
 * prospects, so the funnel, the cohorts and the bookings count the same people. Started → confirmed converts at the
 * usual rate except in the planted week-long dip.
 */
export function planJourneys(w: SampleWorld): Journey[] {
  const { rng, nowMs, historyDays, startOf } = w;
  const dipFrom = startOf(-FUNNEL_DIP.daysAgoFrom);
  const dipTo = startOf(-FUNNEL_DIP.daysAgoTo + 1);
  const journeys: Journey[] = [];
  for (let d = -historyDays; d <= 0; d++) {
    const growth = 0.6 + (0.4 * (historyDays + d)) / historyDays;
    const count = Math.round(SAMPLE_SCALE.signupsPerDay * growth * (0.85 + rng.next() * 0.3));
    for (let j = 0; j < count; j++) {
      const signupMs = startOf(d) + rng.int(0, 86_399) * 1000;
      const category = rng.pick(CATEGORIES).id;
      const journey: Journey = { signupMs, verifiedMs: null, category, search: null, startedMs: null, books: false };
      let t = signupMs;
      const next = (minutes: number): boolean => {
        t += minutes * MINUTE;
        return t <= nowMs;
      };
      if (signupMs > nowMs) continue;
      journeys.push(journey);
      if (!rng.chance(0.78) || !next(rng.int(2, 180))) continue;
      journey.verifiedMs = t;
      if (!rng.chance(0.87) || !next(rng.int(1, 48 * 60))) continue;
      const zero = rng.chance(0.06);
      journey.search = {
        ms: t,
        query: zero
          ? rng.pick(ZERO_RESULT_QUERIES[category])
          : rng.pick(SERVICES.filter((s) => s.category_id === category)).name.toLowerCase(),
        resultsCount: zero ? 0 : rng.int(3, 60),
      };
      if (zero || !rng.chance(0.7) || !next(rng.int(1, 240))) continue;
      journey.startedMs = t;
      journey.books = rng.chance(t >= dipFrom && t < dipTo ? FUNNEL_DIP.dipRate : FUNNEL_DIP.normalRate);
    }
  }
  return journeys;
}
