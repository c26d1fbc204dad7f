import { sql } from 'kysely';
import type { Db } from '@ops/db';
import { addDays, localDate } from '@ops/shared';
import type { Worker } from '../../workers.js';
import { RECENT_DAYS, refreshRollups } from './rollups.js';

/** Longest stretch of older days one pass rebuilds; the rest waits for the next pass. */
const MAX_OLD_DAYS_PER_PASS = 31;

/** Contiguous runs of sorted days: ['01','02','05'] → [['01','02'], ['05','05']]. */
export function dayRuns(days: string[]): Array<[string, string]> {
  const sorted = [...new Set(days)].sort();
  const runs: Array<[string, string]> = [];
  for (const d of sorted) {
    const last = runs.at(-1);
    if (last && addDays(last[1], 1) === d) last[1] = d;
    else runs.push([d, d]);
  }
  return runs;
}

/**
 * One pass: rebuilds the recent days (their numbers still move) and any older day whose bookings or refunds changed
 * since the previous pass (a late completion, a cancellation, a refund settling). Returns the days rebuilt.
 */
export async function refreshChangedDays(db: Db, timeZone: string, now: Date): Promise<number> {
  const state = await db
    .selectFrom('rollup_state')
    .select(['watermark', 'time_zone'])
    .where('name', '=', 'daily')
    .executeTakeFirst();
  const today = localDate(now, timeZone);
  let days = 0;
  if (state?.watermark && state.time_zone === timeZone) {
    const since = state.watermark;
    const changed = await sql<{ day: string }>`
      select distinct (lesson_start at time zone ${timeZone})::date::text as day from bookings where updated_at >= ${since}::timestamptz
      union
      select distinct (created_at at time zone ${timeZone})::date::text from refunds where created_at >= ${since}::timestamptz or settled_at >= ${since}::timestamptz
      union
      select distinct (occurred_at at time zone ${timeZone})::date::text from audit_log where occurred_at >= ${since}::timestamptz`.execute(
      db,
    );
    const old = changed.rows
      .map((r) => r.day)
      .filter((d) => d < addDays(today, -RECENT_DAYS))
      .sort()
      .slice(-MAX_OLD_DAYS_PER_PASS);
    for (const [from, to] of dayRuns(old)) days += (await refreshRollups(db, { from, to, timeZone, now })).days;
  }
  days += (await refreshRollups(db, { from: addDays(today, -RECENT_DAYS), to: today, timeZone, now })).days;
  await sql`
    insert into rollup_state (name, time_zone, refreshed_at, watermark) values ('daily', ${timeZone}, now(), ${now.toISOString()}::timestamptz)
    on conflict (name) do update set time_zone = excluded.time_zone, refreshed_at = excluded.refreshed_at, watermark = excluded.watermark`.execute(
    db,
  );
  return days;
}

export const rollupWorker: Worker = {
  name: 'analytics-rollups',
  intervalMs: 60_000,
  tick: (services) => refreshChangedDays(services.dbs.worker, services.config.BUSINESS_TIME_ZONE, services.now()),
};
