import { sql } from 'kysely';
import type { BenchCase, BenchContext } from './types.js';

const pick = <T>(list: T[], i: number, what: string): T => {
  const value = list[i % Math.max(1, list.length)];
  if (value === undefined) throw new Error(`bench sample has no ${what}`);
  return value;
};

const phoneQuery = (ctx: BenchContext, i: number): string => {
  const digits = pick(ctx.sample.phones, i, 'phone').replace(/\D/g, '').slice(-10);
  return `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`;
};

/** The four lookups in turn: email, phone, user id, booking short id. */
const mixedQuery = (ctx: BenchContext, i: number): string => {
  const k = Math.floor(i / 4);
  switch (i % 4) {
    case 0:
      return pick(ctx.sample.emails, k, 'email').toUpperCase();
    case 1:
      return phoneQuery(ctx, k);
    case 2:
      return pick(ctx.sample.userIds, k, 'user id');
    default:
      return `#${pick(ctx.sample.bookingShortIds, k, 'short id').toLowerCase()}`;
  }
};

/**
 * Support cockpit figures (DESIGN.md budgets): the one-box lookup p95 ≤ 25 ms and ≥ 1,000 req/s at 50 connections,
 * the user 360 ≤ 80 ms.
 */
export const supportCases: BenchCase[] = [
  {
    name: 'support lookup by email (upper-cased)',
    budgetMs: 25,
    iterations: 300,
    run: (ctx, i) => ctx.support.support.search({ q: pick(ctx.sample.emails, i, 'email').toUpperCase() }),
    baseline: (ctx: BenchContext, i) =>
      sql`select id from users where lower(email) like ${`${pick(ctx.sample.emails, i, 'email').toLowerCase()}%`} limit 20`.execute(
        ctx.dbs.api,
      ),
  },
  {
    name: 'support lookup by phone (any formatting)',
    budgetMs: 25,
    iterations: 300,
    run: (ctx, i) => ctx.support.support.search({ q: phoneQuery(ctx, i) }),
  },
  {
    name: 'support lookup by user id',
    budgetMs: 25,
    iterations: 300,
    run: (ctx, i) => ctx.support.support.search({ q: pick(ctx.sample.userIds, i, 'user id') }),
  },
  {
    name: 'support lookup by booking id',
    budgetMs: 25,
    iterations: 300,
    run: (ctx, i) => ctx.support.support.search({ q: pick(ctx.sample.bookingIds, i, 'booking id') }),
  },
  {
    name: 'support lookup by booking short id (#, lower case)',
    budgetMs: 25,
    iterations: 300,
    run: (ctx, i) => ctx.support.support.search({ q: `#${pick(ctx.sample.bookingShortIds, i, 'short id').toLowerCase()}` }),
  },
  {
    name: 'support lookups, mixed, 50 connections',
    budgetMs: 25,
    iterations: 0,
    throughput: { connections: 50, durationMs: 10_000, minPerSecond: 1_000 },
    run: (ctx, i) => ctx.support.support.search({ q: mixedQuery(ctx, i) }),
  },
  {
    name: 'support user 360 (all panels from Postgres)',
    budgetMs: 80,
    iterations: 200,
    run: (ctx, i) => ctx.support.support.user({ userId: pick(ctx.sample.userIds, i, 'user id') }),
  },
  {
    // Random picks are nearly all students; the heaviest page is the instructor with the most bookings.
    name: 'support user 360, busiest instructor',
    budgetMs: 80,
    iterations: 30,
    run: async (ctx) => ctx.support.support.user({ userId: await busiestInstructor(ctx) }),
  },
];

let busiest: Promise<string> | null = null;
function busiestInstructor(ctx: BenchContext): Promise<string> {
  busiest ??= sql<{ id: string }>`
    select instructor_id as id from bookings group by instructor_id order by count(*) desc limit 1`
    .execute(ctx.dbs.api)
    .then((r) => {
      const id = r.rows[0]?.id;
      if (!id) throw new Error('bench data set has no bookings');
      return id;
    });
  return busiest;
}
