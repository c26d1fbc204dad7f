import { sql } from 'kysely';
import type { Db } from '@ops/db';
import type {
  JobQueueState,
  JobRow,
  JobsListInput,
  JobsOverview,
  JobsPage,
  JobTaskHistory,
  PeriodicTask,
  PeriodicTaskSpec,
} from '@ops/shared';
import { MARKETPLACE_BEAT, addDays, jobsListInputSchema, localDate, startOfDayInstant } from '@ops/shared';
import { keysetPage } from '../paging.js';
import { RETENTION_QUEUE, RETENTION_TASK } from '../privacy/retention.js';

/** The periodic tasks the jobs page watches: the marketplace's beat and the console's own retention run. */
export const PERIODIC_TASKS: readonly PeriodicTaskSpec[] = [
  ...MARKETPLACE_BEAT,
  // The console's own: a stopped retention run keeps personal data past its period.
  {
    task: RETENTION_TASK,
    queue: RETENTION_QUEUE,
    everySeconds: 24 * 60 * 60,
    description: 'Deletes data past its retention period',
  },
];

const iso = (v: string | Date | null): string | null => (v === null ? null : new Date(v).toISOString());

const jobColumns = [
  'id',
  'queue',
  'task',
  'status',
  'attempts',
  'max_attempts',
  'scheduled_at',
  'started_at',
  'finished_at',
  'error',
] as const;

interface JobDbRow {
  id: number | string;
  queue: string;
  task: string;
  status: JobRow['status'];
  attempts: number;
  max_attempts: number;
  scheduled_at: string | Date;
  started_at: string | Date | null;
  finished_at: string | Date | null;
  error: string | null;
}

export function toJobRow(r: JobDbRow): JobRow {
  const started = r.started_at === null ? null : new Date(r.started_at).getTime();
  const finished = r.finished_at === null ? null : new Date(r.finished_at).getTime();
  return {
    id: Number(r.id),
    queue: r.queue,
    task: r.task,
    status: r.status,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    scheduledAt: new Date(r.scheduled_at).toISOString(),
    startedAt: iso(r.started_at),
    finishedAt: iso(r.finished_at),
    durationMs: started !== null && finished !== null ? Math.max(0, finished - started) : null,
    error: r.error,
  };
}

/** Every queue with its depth, due, running, failed and dead counts (one aggregate on the status index). */
export async function jobQueues(db: Db, now: Date): Promise<JobQueueState[]> {
  const rows = await db
    .selectFrom('background_jobs')
    .where('status', 'in', ['queued', 'running', 'failed', 'dead'])
    .select([
      'queue',
      sql<number>`count(*) filter (where status = 'queued')::int`.as('depth'),
      sql<number>`count(*) filter (where status = 'queued' and scheduled_at <= ${now})::int`.as('due'),
      sql<number>`count(*) filter (where status = 'running')::int`.as('running'),
      sql<number>`count(*) filter (where status = 'failed')::int`.as('failed'),
      sql<number>`count(*) filter (where status = 'dead')::int`.as('dead'),
      sql<string | Date | null>`min(scheduled_at) filter (where status = 'queued' and scheduled_at <= ${now})`.as('oldest_due'),
    ])
    .groupBy('queue')
    .orderBy('queue')
    .execute();
  return rows.map((r) => ({
    queue: r.queue,
    depth: r.depth,
    due: r.due,
    running: r.running,
    failed: r.failed,
    dead: r.dead,
    oldestDueSeconds:
      r.oldest_due === null ? null : Math.max(0, Math.round((now.getTime() - new Date(r.oldest_due).getTime()) / 1000)),
  }));
}

/** The periodic schedule with each task's last run (one grouped read on the task index). */
export async function jobSchedule(db: Db, now: Date): Promise<PeriodicTask[]> {
  const tasks = PERIODIC_TASKS.map((t) => t.task);
  const rows = await db
    .selectFrom('background_jobs')
    .where('task', 'in', tasks)
    .where('status', '!=', 'queued')
    .where('scheduled_at', '<=', now.toISOString())
    .select([
      'task',
      sql<string | Date>`max(scheduled_at)`.as('last_run'),
      sql<JobRow['status']>`(array_agg(status order by scheduled_at desc))[1]`.as('last_status'),
    ])
    .groupBy('task')
    .execute();
  return PERIODIC_TASKS.map((t) => {
    const row = rows.find((r) => r.task === t.task);
    const last = row ? new Date(row.last_run).getTime() : null;
    const next = last === null ? null : last + t.everySeconds * 1000;
    return {
      ...t,
      lastRunAt: last === null ? null : new Date(last).toISOString(),
      lastStatus: row?.last_status ?? null,
      nextRunAt: next === null ? null : new Date(next).toISOString(),
      late: next !== null && now.getTime() > next + t.everySeconds * 1000,
    };
  });
}

export async function jobsOverview(db: Db, now: Date): Promise<JobsOverview> {
  const [queues, schedule] = await Promise.all([jobQueues(db, now), jobSchedule(db, now)]);
  return { queues, schedule };
}

/** Jobs newest first, filtered by queue / status / task, keyset-paged by id. */
export async function listJobs(db: Db, raw: JobsListInput): Promise<JobsPage> {
  const input = jobsListInputSchema.parse(raw);
  let q = db.selectFrom('background_jobs').select(jobColumns);
  if (input.queue) q = q.where('queue', '=', input.queue);
  if (input.status) q = q.where('status', '=', input.status);
  if (input.task) q = q.where('task', '=', input.task);
  if (input.since) q = q.where('finished_at', '>=', input.since);
  if (input.cursor !== null && input.cursor !== undefined) q = q.where('id', '<', input.cursor);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(input.limit + 1)
    .execute();
  return keysetPage(rows, input.limit, toJobRow, (last) => Number(last.id));
}

/**
 * A task's last 7 days, cut in the business zone as every other day in the console (today so far and the 6 before):
 * runs per day by outcome with the p95 duration, and its 20 latest runs.
 */
export async function jobTaskHistory(db: Db, task: string, now: Date, timeZone: string): Promise<JobTaskHistory> {
  const since = startOfDayInstant(addDays(localDate(now, timeZone), -6), timeZone);
  const [days, recent] = await Promise.all([
    db
      .selectFrom('background_jobs')
      .where('task', '=', task)
      .where('scheduled_at', '>=', since.toISOString())
      .where('scheduled_at', '<=', now.toISOString())
      .select([
        sql<string>`to_char(scheduled_at at time zone ${timeZone}, 'YYYY-MM-DD')`.as('day'),
        sql<number>`count(*) filter (where status = 'succeeded')::int`.as('succeeded'),
        sql<number>`count(*) filter (where status = 'failed')::int`.as('failed'),
        sql<number>`count(*) filter (where status in ('dead', 'discarded'))::int`.as('dead'),
        sql<
          number | null
        >`percentile_cont(0.95) within group (order by extract(epoch from (finished_at - started_at)) * 1000)`.as('p95'),
      ])
      .groupBy(sql`1`)
      .orderBy(sql`1`)
      .execute(),
    db
      .selectFrom('background_jobs')
      .select(jobColumns)
      .where('task', '=', task)
      .orderBy('scheduled_at', 'desc')
      .orderBy('id', 'desc')
      .limit(20)
      .execute(),
  ]);
  return {
    task,
    days: days.map((d) => ({
      day: d.day,
      succeeded: d.succeeded,
      failed: d.failed,
      dead: d.dead,
      p95Ms: d.p95 === null ? null : Math.round(Number(d.p95)),
    })),
    recent: recent.map(toJobRow),
  };
}
