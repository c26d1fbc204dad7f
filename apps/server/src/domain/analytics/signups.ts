import { sql } from 'kysely';
import type { Db } from '@ops/db';

/**
 * Signups (METRICS.signups), counted in this one place: people whose first funnel `signup` event falls in a window.
 * The funnel's first stage counts the same events by the same rule (daily_funnel_rollup), so the command center's
 * "signups today" and the funnel's signups agree.
 */
export async function countSignups(db: Db, windows: ReadonlyArray<{ start: Date; end: Date }>): Promise<number[]> {
  if (windows.length === 0) return [];
  const first = windows.reduce((m, w) => (w.start < m ? w.start : m), windows[0]?.start ?? new Date(0));
  const last = windows.reduce((m, w) => (w.end > m ? w.end : m), windows[0]?.end ?? new Date(0));
  const r = await sql<Record<string, number>>`
    select ${sql.join(
      windows.map(
        (w, i) =>
          sql`(count(*) filter (where f.first_at >= ${w.start.toISOString()}::timestamptz and f.first_at < ${w.end.toISOString()}::timestamptz))::int as ${sql.ref(`w${i}`)}`,
      ),
    )}
    from (
      select e.user_id, min(e.occurred_at) as first_at from funnel_events e
      where e.stage = 'signup' and e.user_id is not null
        and e.occurred_at >= ${first.toISOString()}::timestamptz and e.occurred_at < ${last.toISOString()}::timestamptz
        and not exists (select 1 from funnel_events p where p.user_id = e.user_id and p.stage = 'signup'
          and p.occurred_at < ${first.toISOString()}::timestamptz)
      group by e.user_id
    ) f`.execute(db);
  const row = r.rows[0] ?? {};
  return windows.map((_, i) => Number(row[`w${i}`] ?? 0));
}
