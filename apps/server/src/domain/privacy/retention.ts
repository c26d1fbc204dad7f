import { sql } from 'kysely';
import type { Db } from '@ops/db';

export const RETENTION_QUEUE = 'privacy';
export const RETENTION_TASK = 'retention';

/** The kinds of data retention deletes, each by one timestamp column. */
export const RETENTION_KINDS = {
  funnel_events: { table: 'funnel_events', column: 'occurred_at' },
  search_events: { table: 'search_events', column: 'occurred_at' },
  notifications: { table: 'notifications', column: 'created_at' },
  privacy_exports: { table: 'privacy_exports', column: 'requested_at' },
} as const;
export type RetentionKind = keyof typeof RETENTION_KINDS;

export interface RetentionPolicy {
  /** Months kept per kind (export archives: days). */
  months: Partial<Record<RetentionKind, number>>;
  exportDays: number;
  /** Deletes nothing, records what it would delete. The first run is always a dry run. */
  dryRun: boolean;
  /** Rows deleted per statement, so one run never holds a long lock on a big table. */
  batchSize?: number;
}

export interface RetentionResult {
  jobId: number;
  dryRun: boolean;
  kinds: Record<string, { cutoff: string; matched: number; deleted: number }>;
}

function cutoffFor(kind: RetentionKind, policy: RetentionPolicy, now: Date): Date | null {
  if (kind === 'privacy_exports') return new Date(now.getTime() - policy.exportDays * 86_400_000);
  const months = policy.months[kind];
  if (months === undefined) return null;
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}

/**
 * One retention run, recorded in background_jobs (queue `privacy`, task `retention`) so the jobs page shows when it
 * ran, what it matched and what it deleted. A dry run counts only; a real run deletes in batches by primary key.
 * Table and column names come from the fixed RETENTION_KINDS list, never from input.
 */
export async function runRetention(db: Db, policy: RetentionPolicy, now: Date): Promise<RetentionResult> {
  const job = await db
    .insertInto('background_jobs')
    .values({
      queue: RETENTION_QUEUE,
      task: RETENTION_TASK,
      status: 'running',
      attempts: 1,
      max_attempts: 1,
      payload: JSON.stringify({ dryRun: policy.dryRun, months: policy.months, exportDays: policy.exportDays }),
      scheduled_at: now,
      started_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const kinds: RetentionResult['kinds'] = {};
  const batch = policy.batchSize ?? 10_000;
  try {
    for (const kind of Object.keys(RETENTION_KINDS) as RetentionKind[]) {
      const cutoff = cutoffFor(kind, policy, now);
      if (cutoff === null) continue;
      const { table, column } = RETENTION_KINDS[kind];
      const matched = await sql<{ n: number }>`
        select count(*)::int as n from ${sql.table(table)} where ${sql.ref(column)} < ${cutoff}`.execute(db);
      let deleted = 0;
      if (!policy.dryRun) {
        for (;;) {
          const r = await sql`
            delete from ${sql.table(table)} where id in (
              select id from ${sql.table(table)} where ${sql.ref(column)} < ${cutoff} limit ${batch})`.execute(db);
          const n = Number(r.numAffectedRows ?? 0);
          deleted += n;
          if (n < batch) break;
        }
      }
      kinds[kind] = { cutoff: cutoff.toISOString(), matched: matched.rows[0]?.n ?? 0, deleted };
    }
    await db
      .updateTable('background_jobs')
      .set({ status: 'succeeded', finished_at: new Date(), payload: JSON.stringify({ dryRun: policy.dryRun, kinds }) })
      .where('id', '=', job.id)
      .execute();
  } catch (error) {
    await db
      .updateTable('background_jobs')
      .set({ status: 'failed', finished_at: new Date(), error: error instanceof Error ? error.message : String(error) })
      .where('id', '=', job.id)
      .execute();
    throw error;
  }
  return { jobId: job.id, dryRun: policy.dryRun, kinds };
}

/** Whether a dry run has been recorded: a real deletion only ever follows one. */
export async function hasDryRun(db: Db): Promise<boolean> {
  const row = await db
    .selectFrom('background_jobs')
    .select('id')
    .where('queue', '=', RETENTION_QUEUE)
    .where('task', '=', RETENTION_TASK)
    .where('status', '=', 'succeeded')
    .where(sql<boolean>`(payload ->> 'dryRun')::boolean`)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** When the last retention run started (the worker runs once a day). */
export async function lastRetentionRun(db: Db): Promise<Date | null> {
  const row = await db
    .selectFrom('background_jobs')
    .select('started_at')
    .where('queue', '=', RETENTION_QUEUE)
    .where('task', '=', RETENTION_TASK)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.started_at ? new Date(row.started_at) : null;
}
