import { sql } from 'kysely';
import type { Db } from '@ops/db';

/** One figure: a tRPC query sent over HTTP as one staff role, with inputs rotated across calls. */
export interface HttpCase {
  name: string;
  role: 'support' | 'exec';
  path: string;
  inputs: unknown[];
  /** p95 budget at 1 connection, in ms. */
  p95Ms: number;
  /** At 50 connections: completed requests per second, and optionally a p95 under that load. */
  at50?: { minPerSecond: number; p95Ms?: number };
}

export interface BenchSample {
  emails: string[];
  phones: string[];
  userIds: string[];
  bookingIds: string[];
  shortIds: string[];
  lastNames: string[];
  /** Users spread across the booking-history distribution of both roles (including people with none). */
  spread: Array<{ id: string; role: string; bookings: number }>;
  busiest: Array<{ id: string; role: string; bookings: number }>;
  auditCursors: string[];
}

/** Picks the bench inputs from the data set: random people and bookings, and people by history length. */
export async function pickSample(db: Db): Promise<BenchSample> {
  const users = await sql<{ id: string; email: string; phone: string | null; last_name: string }>`
    select id, email, phone, last_name from users tablesample system (1) repeatable (17) limit 400`.execute(db);
  const bookings = await sql<{ id: string; short_id: string }>`
    select id, short_id from bookings tablesample system (1) repeatable (17) limit 400`.execute(db);
  // Booking counts per person for both roles; quantiles 5 %, 15 %, … 95 % of each, plus two people with none.
  const spread = await sql<{ id: string; role: string; bookings: number }>`
    with counts as (
      select student_id as id, 'student' as role, count(*)::int as n from bookings group by student_id
      union all
      select instructor_id, 'instructor', count(*)::int from bookings group by instructor_id
    ), ranked as (
      select id, role, n, row_number() over (partition by role order by n, id) as r, count(*) over (partition by role) as total
      from counts
    )
    select id, role, n as bookings from ranked
    where r in (select greatest(1, round(total * q / 100.0)) from generate_series(5, 95, 10) q)
    union all
    (select u.id, u.role, 0 from users u where not exists (select 1 from bookings b where b.student_id = u.id) limit 2)`.execute(
    db,
  );
  const busiest = await sql<{ id: string; role: string; bookings: number }>`
    (select student_id as id, 'student' as role, count(*)::int as bookings from bookings group by 1 order by 3 desc limit 1)
    union all
    (select instructor_id, 'instructor', count(*)::int from bookings group by 1 order by 3 desc limit 1)`.execute(db);
  const range = await db
    .selectFrom('audit_log')
    .select((eb) => [eb.fn.min('id').as('lo'), eb.fn.max('id').as('hi')])
    .executeTakeFirstOrThrow();
  const lo = Number(range.lo ?? 0);
  const span = Number(range.hi ?? 0) - lo;
  return {
    emails: users.rows.map((r) => r.email),
    phones: users.rows.flatMap((r) => (r.phone ? [r.phone] : [])),
    userIds: users.rows.map((r) => r.id),
    lastNames: users.rows.map((r) => r.last_name),
    bookingIds: bookings.rows.map((r) => r.id),
    shortIds: bookings.rows.map((r) => r.short_id),
    spread: spread.rows,
    busiest: busiest.rows,
    auditCursors: Array.from({ length: 9 }, (_, k) => String(lo + Math.round((span * (k + 1)) / 10))),
  };
}

const phoneText = (phone: string): string => {
  const d = phone.replace(/\D/g, '').slice(-10);
  return `(${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6)}`;
};

/** DESIGN.md budgets: lookups p95 ≤ 10 ms / ≥ 2,000 req/s; 360 ≤ 20 ms typical, ≤ 40 ms busiest; reports ≤ 50 ms / ≥ 500 req/s. */
export function benchCases(s: BenchSample): HttpCase[] {
  const q = (list: string[]) => list.map((x) => ({ q: x }));
  const mixed: unknown[] = [];
  for (let k = 0; k < 100; k++) {
    mixed.push({ q: (s.emails[k % s.emails.length] ?? '').toUpperCase() });
    mixed.push({ q: phoneText(s.phones[k % s.phones.length] ?? '') });
    mixed.push({ q: s.userIds[k % s.userIds.length] ?? '' });
    mixed.push({ q: `#${(s.shortIds[k % s.shortIds.length] ?? '').toLowerCase()}` });
  }
  const lookup = { role: 'support' as const, path: 'support.search', p95Ms: 10 };
  const report = (name: string, path: string, input: unknown): HttpCase => ({
    name,
    role: 'exec',
    path,
    inputs: [input],
    p95Ms: 50,
  });
  const reportAt50 = { at50: { minPerSecond: 500, p95Ms: 50 } };
  const vsPrevious = (preset: string) => ({ preset, compare: 'previous_period' });
  const cases: HttpCase[] = [
    { ...lookup, name: 'lookup by email (upper-cased)', inputs: q(s.emails.map((e) => e.toUpperCase())) },
    { ...lookup, name: 'lookup by phone (any formatting)', inputs: q(s.phones.map(phoneText)) },
    { ...lookup, name: 'lookup by user id', inputs: q(s.userIds) },
    { ...lookup, name: 'lookup by booking id', inputs: q(s.bookingIds) },
    { ...lookup, name: 'lookup by booking short id (#, lower case)', inputs: q(s.shortIds.map((x) => `#${x.toLowerCase()}`)) },
    { ...lookup, name: 'lookup by last name', inputs: q(s.lastNames) },
    { ...lookup, name: 'lookups mixed (email/phone/id/short id)', inputs: mixed, at50: { minPerSecond: 2_000 } },
    {
      name: `user 360, ${s.spread.length} people across the history distribution (0–${Math.max(0, ...s.spread.map((x) => x.bookings))} bookings)`,
      role: 'support',
      path: 'support.user',
      inputs: s.spread.map((x) => ({ userId: x.id })),
      p95Ms: 20,
    },
    ...s.busiest.map((b) => ({
      name: `user 360, busiest ${b.role} (${b.bookings.toLocaleString('en-US')} bookings)`,
      role: 'support' as const,
      path: 'support.user',
      inputs: [{ userId: b.id }],
      p95Ms: 40,
    })),
    { ...report('revenue report, 90 days vs previous', 'revenue.report', vsPrevious('last_90_days')), ...reportAt50 },
    { ...report('funnel report, 30 days vs previous', 'funnel.report', vsPrevious('last_30_days')), ...reportAt50 },
    report('search demand, 90 days', 'searchDemand.report', { preset: 'last_90_days' }),
    { ...report('cohorts report, 12 months', 'cohorts.report', { months: 12 }), ...reportAt50 },
    { name: 'audit list, first page', role: 'support', path: 'audit.search', inputs: [{ limit: 50 }], p95Ms: 15 },
    {
      name: 'audit list, deep pages (10–90 % into the log)',
      role: 'support',
      path: 'audit.search',
      inputs: s.auditCursors.map((cursor) => ({ limit: 50, cursor })),
      p95Ms: 15,
    },
  ];
  return cases;
}
