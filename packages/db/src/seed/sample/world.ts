import type { Insertable } from 'kysely';
import type { BookingStatus, CancelledBy, CommissionTier, UsersTable } from '../../schema.js';
import { DAY } from '../factories.js';
import type { StoryStaff } from '../plant-stories.js';
import type { Rng } from '../prng.js';
import type { FullRowSet } from '../row-set.js';

/**
 * The embedded default's size: sign-ups a day (at the end of the year; the first day has 60 % of it), instructors,
 * bookings, a year of history and three weeks ahead. About a quarter of the sign-ups book, so some twenty thousand
 * people and a few thousand students.
 */
export const SAMPLE_SCALE = { signupsPerDay: 60, instructors: 300, bookings: 20_000, historyDays: 395, futureDays: 21 } as const;

/**
 * What every part of the sample set is built from: one seeded random stream (each part draws from it in turn, so
 * the order the parts run in is part of the data), the clock, the rows built so far, the business-day starts and
 * the staff.
 */
export interface SampleWorld {
  rng: Rng;
  nowMs: number;
  rows: FullRowSet;
  /** The last four digits of the planted people's phones: nobody else draws them, so a lookup by them finds that one. */
  reservedPhoneTails: ReadonlySet<string>;
  historyDays: number;
  futureDays: number;
  /** The instant day `d` (0 = today, negative = past) starts in the business time zone. */
  startOf(d: number): number;
  staff: StoryStaff[];
  admins: StoryStaff[];
  /** Support agents and admins: who writes notes and acts on refunds. */
  supports: StoryStaff[];
  /** On-call engineers and admins: who replays webhooks and silences alerts. */
  oncalls: StoryStaff[];
  serviceName: ReadonlyMap<string, string>;
}

export interface Person {
  id: string;
  first: string;
  last: string;
  createdMs: number;
  active: boolean;
  row: Insertable<UsersTable> & { id: string };
  /** A student's first booking: made when their sign-up journey reached it (see journeys.ts). */
  firstBookingMs?: number;
}

export interface Teacher extends Person {
  tier: CommissionTier;
  hold: boolean;
  offerings: Array<{ id: string; serviceId: string; rate: number }>;
}

/** A booking decided before it is built: who, what, when and how it ended. */
export interface Plan {
  teacher: Teacher;
  student: Person;
  offering: Teacher['offerings'][number];
  minutes: number;
  startMs: number;
  createdMs: number;
  status: BookingStatus;
  cancelledAtMs?: number;
  cancelledBy?: CancelledBy;
  cancellationReason?: string;
  studentNoShowOrInstructor?: 'student' | 'instructor';
}

/** The business day (0 = today, negative = past) an instant falls on. */
export function dayOf(w: Pick<SampleWorld, 'startOf' | 'nowMs'>, ms: number): number {
  let d = Math.floor((ms - w.nowMs) / DAY);
  while (w.startOf(d) > ms) d--;
  while (w.startOf(d + 1) <= ms) d++;
  return d;
}

/** Picks indexes in proportion to their weights, in O(log n). */
export function sampler(rng: Rng, weights: readonly number[]): () => number {
  const cumulative: number[] = [];
  let total = 0;
  for (const w of weights) cumulative.push((total += w));
  return () => {
    const r = rng.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? 0) > r) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}
