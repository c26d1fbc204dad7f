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

/** Session-level lock held by the one refresher running across all replicas. */
const REFRESHER_LOCK = 7_242_007;
/** A pass that finds the rollups refreshed more recently than this (by another replica) has nothing to do. */
export const REFRESH_INTERVAL_MS = 60_000;

export interface RefreshPass {
  /** 'refreshed': this pass rebuilt days; 'fresh': someone refreshed them moments ago; 'busy': another refresher holds the lock. */
  outcome: 'refreshed' | 'fresh' | 'busy';
  days: number;
  full: boolean;
}

/**
 * One pass over a single connection: rebuilds the recent days (their numbers still move) and any older day whose
 * bookings, refunds or audit rows changed since the previous pass; the first pass in a zone builds everything.
 */
async function refreshPass(db: Db, timeZone: string, now: Date, minIntervalMs: number): Promise<RefreshPass> {
  const state = await db
    .selectFrom('rollup_state')
    .select(['watermark', 'time_zone', 'refreshed_at'])
    .where('name', '=', 'daily')
    .executeTakeFirst();
  const built = state !== undefined && state.time_zone === timeZone && state.watermark !== null;
  // Checked after the lock is taken: a replica that waited behind another's pass finds the work done.
  if (built && now.getTime() - Date.parse(state.refreshed_at) < minIntervalMs) return { outcome: 'fresh', days: 0, full: false };
  const today = localDate(now, timeZone);
  let days = 0;
  if (!built) {
    days = (await refreshRollups(db, { timeZone, now })).days;
  } else {
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
    days += (await refreshRollups(db, { from: addDays(today, -RECENT_DAYS), to: today, timeZone, now })).days;
  }
  await sql`
    insert into rollup_state (name, time_zone, refreshed_at, watermark) values ('daily', ${timeZone}, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz)
    on conflict (name) do update set time_zone = excluded.time_zone, refreshed_at = excluded.refreshed_at, watermark = excluded.watermark`.execute(
    db,
  );
  return { outcome: 'refreshed', days, full: !built };
}

const inFlight = new WeakMap<Db, Promise<RefreshPass>>();

/**
 * The one rollup refresher: single-flight inside the process (a second caller joins the pass under way) and across
 * replicas (a session advisory lock; a replica that cannot take it skips this pass). Freshness is re-checked once
 * the lock is held, so passes queued behind each other never repeat the work.
 */
export function refreshChangedDays(
  db: Db,
  timeZone: string,
  now: Date,
  opts: { minIntervalMs?: number } = {},
): Promise<RefreshPass> {
  const running = inFlight.get(db);
  if (running) return running;
  const pass = db
    .connection()
    .execute(async (conn) => {
      const got = await sql<{ ok: boolean }>`select pg_try_advisory_lock(${REFRESHER_LOCK}) as ok`.execute(conn);
      if (got.rows[0]?.ok !== true) return { outcome: 'busy', days: 0, full: false } satisfies RefreshPass;
      try {
        return await refreshPass(conn, timeZone, now, opts.minIntervalMs ?? REFRESH_INTERVAL_MS / 2);
      } finally {
        await sql`select pg_advisory_unlock(${REFRESHER_LOCK})`.execute(conn);
      }
    })
    .finally(() => inFlight.delete(db));
  inFlight.set(db, pass);
  return pass;
}

export const rollupWorker: Worker = {
  name: 'analytics-rollups',
  intervalMs: REFRESH_INTERVAL_MS,
  initialDelayMs: 0,
  tick: async (services) =>
    (await refreshChangedDays(services.dbs.worker, services.config.BUSINESS_TIME_ZONE, services.now())).days,
};
