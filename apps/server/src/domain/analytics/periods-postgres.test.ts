import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@ops/db/testing';
import { addDays, localDate, startOfDayInstant } from '@ops/shared';

/**
 * Reports bucket events by `(at at time zone $zone)::date` in SQL while the server turns a period's days into
 * instants in TypeScript. The two must agree on where every day starts, in every zone, on the days its clocks
 * change — including zones whose clocks jump over midnight or repeat it.
 */
const YEAR = 2026;

interface Case {
  zone: string;
  date: string;
  start: string;
}

function transitionDays(zone: string): string[] {
  const days = new Set<string>([`${YEAR}-01-01`, `${YEAR}-07-01`]);
  const end = Temporal.ZonedDateTime.from({ year: YEAR + 1, month: 1, day: 1, timeZone: zone }).epochMilliseconds;
  let at: Temporal.ZonedDateTime | null = Temporal.ZonedDateTime.from({ year: YEAR, month: 1, day: 1, timeZone: zone });
  while (at) {
    at = at.getTimeZoneTransition('next');
    if (!at || at.epochMilliseconds >= end) break;
    const before = localDate(at.epochMilliseconds - 1, zone);
    const after = localDate(at.epochMilliseconds, zone);
    for (const d of [addDays(before, -1), before, after, addDays(after, 1)]) days.add(d);
  }
  return [...days];
}

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

describe('day boundaries agree with PostgreSQL in every zone', () => {
  it('starts each DST-change day at the first instant PostgreSQL files under that date', async () => {
    const pgZones = await sql<{ name: string }>`select name from pg_timezone_names`.execute(t.dbs.api);
    const known = new Set(pgZones.rows.map((r) => r.name));
    const zones = Intl.supportedValuesOf('timeZone').filter((z) => known.has(z));
    expect(zones.length).toBeGreaterThan(300);

    const cases: Case[] = zones.flatMap((zone) =>
      transitionDays(zone).map((date) => ({ zone, date, start: startOfDayInstant(date, zone).toISOString() })),
    );
    // Zones whose clocks jump over midnight must be among them, or the test proves nothing about them.
    expect(cases.some((c) => c.zone === 'America/Santiago' && c.date === '2026-09-06')).toBe(true);

    const rows = await sql<{ zone: string; date: string; on_day: string; before: string }>`
      select c.zone, c.date,
             to_char((c.start at time zone c.zone)::date, 'YYYY-MM-DD') as on_day,
             to_char(((c.start - interval '1 millisecond') at time zone c.zone)::date, 'YYYY-MM-DD') as before
      from unnest(${cases.map((c) => c.zone)}::text[], ${cases.map((c) => c.date)}::text[],
                  ${cases.map((c) => c.start)}::timestamptz[]) as c(zone, date, start)
    `.execute(t.dbs.api);

    const wrong = rows.rows
      .filter((r) => r.on_day !== r.date || r.before !== addDays(r.date, -1))
      .map((r) => `${r.zone} ${r.date}: starts on ${r.on_day}, the instant before is ${r.before}`);
    expect(wrong).toEqual([]);
    expect(rows.rows).toHaveLength(cases.length);
  });

  it('starts the Santiago and Havana spring-forward days after the skipped midnight', () => {
    expect(startOfDayInstant('2026-09-06', 'America/Santiago').toISOString()).toBe('2026-09-06T04:00:00.000Z');
    expect(localDate(startOfDayInstant('2026-03-08', 'America/Havana'), 'America/Havana')).toBe('2026-03-08');
  });
});
