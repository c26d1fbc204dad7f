import { sql } from 'kysely';
import type { BenchCase, BenchContext } from './types.js';

const pick = <T>(list: T[], i: number, what: string): T => {
  const value = list[i % Math.max(1, list.length)];
  if (value === undefined) throw new Error(`bench sample has no ${what}`);
  return value;
};

/** Support cockpit figures (DESIGN.md budgets): the one-box lookup p95 ≤ 25 ms, the user 360 ≤ 80 ms. */
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
    run: (ctx, i) => {
      const digits = pick(ctx.sample.phones, i, 'phone').replace(/\D/g, '').slice(-10);
      return ctx.support.support.search({ q: `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}` });
    },
  },
  {
    name: 'support lookup by user id',
    budgetMs: 25,
    iterations: 300,
    run: (ctx, i) => ctx.support.support.search({ q: pick(ctx.sample.userIds, i, 'user id') }),
  },
  {
    name: 'support lookup by booking short id (#, lower case)',
    budgetMs: 25,
    iterations: 300,
    run: (ctx, i) => ctx.support.support.search({ q: `#${pick(ctx.sample.bookingShortIds, i, 'short id').toLowerCase()}` }),
  },
  {
    name: 'support user 360 (all panels from Postgres)',
    budgetMs: 80,
    iterations: 200,
    run: (ctx, i) => ctx.support.support.user({ userId: pick(ctx.sample.userIds, i, 'user id') }),
  },
];
