import { z } from 'zod';
import { CURSOR_DESCRIPTION, isoInstantSchema, limitDescription } from './common.js';

/**
 * Background jobs (feature word `jobs`): the marketplace's job queue as the on-call sees it — queues, each job's
 * task, attempts, timings and error, history per task, the periodic schedule, and retry / discard of dead jobs.
 */
export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'dead', 'discarded'] as const;
export type JobStatusName = (typeof JOB_STATUSES)[number];

const jobId = z.coerce
  .number({ message: 'id must be a job number' })
  .int({ message: 'id must be a job number' })
  .positive({ message: 'id must be a job number' })
  .max(Number.MAX_SAFE_INTEGER, { message: 'id must be a job number' });
const name = (field: string) =>
  z
    .string()
    .trim()
    .regex(/^[\w.:-]{1,100}$/, { message: `${field} must be a ${field} name` });

const TASK_DESCRIPTION = "The task's name, as a job lists it, e.g. payments.capture.";

export const jobsListInputSchema = z.object({
  queue: name('queue').optional().describe('Only jobs of this queue, e.g. payments, payouts, notifications, email or privacy.'),
  status: z
    .enum(JOB_STATUSES, { message: `status must be one of ${JOB_STATUSES.join(', ')}` })
    .optional()
    .describe(
      'Only jobs in this state: queued, running, succeeded, failed, dead (out of attempts: the dead-letter queue, to retry or discard) or discarded.',
    ),
  task: name('task').optional().describe(`Only runs of this task. ${TASK_DESCRIPTION}`),
  since: isoInstantSchema
    .optional()
    .describe('Only jobs that finished at or after this instant (ISO 8601 with offset), e.g. the failures of the last 24 h.'),
  /** Keyset cursor: the last job id of the previous page (newest first). */
  cursor: jobId.nullish().describe(CURSOR_DESCRIPTION),
  limit: z.number().int().min(1).max(200).default(50).describe(limitDescription(200, 50)),
});
export type JobsListInput = z.input<typeof jobsListInputSchema>;

export const jobTaskInputSchema = z.object({ task: name('task').describe(TASK_DESCRIPTION) });
export const jobActionInputSchema = z.object({
  id: jobId.describe("The job's number, e.g. 1234, as the jobs list gives it."),
});

export interface JobRow {
  id: number;
  queue: string;
  task: string;
  status: JobStatusName;
  attempts: number;
  maxAttempts: number;
  scheduledAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** finished − started, when both are known. */
  durationMs: number | null;
  error: string | null;
}

export interface JobQueueState {
  queue: string;
  /** Waiting to run (queued), of which `due` are past their scheduled time. */
  depth: number;
  due: number;
  running: number;
  failed: number;
  dead: number;
  oldestDueSeconds: number | null;
}

export type PeriodicTaskSpec = Pick<PeriodicTask, 'task' | 'queue' | 'everySeconds' | 'description'>;

/**
 * The marketplace's beat schedule: its periodic tasks and how often each runs. The jobs page shows each one's last run
 * and when the next is due, so a schedule that silently stopped is visible; the sample's job history follows it.
 */
export const MARKETPLACE_BEAT: readonly PeriodicTaskSpec[] = [
  { task: 'reconcile_refunds', queue: 'payments', everySeconds: 15 * 60, description: 'Settles refunds still pending at Stripe' },
  { task: 'send_reminders', queue: 'notifications', everySeconds: 60 * 60, description: 'Lesson reminders for the next 24 h' },
  { task: 'sync_payout_status', queue: 'payouts', everySeconds: 30 * 60, description: 'Reads payout states back from Stripe' },
];

/** The marketplace's own queues and the per-booking tasks each runs (communications and privacy are the console's). */
export const MARKETPLACE_TASKS = {
  payments: ['authorize_payment', 'capture_payment'],
  notifications: ['send_email', 'send_sms'],
  payouts: ['create_transfer'],
} as const;
export type MarketplaceQueue = keyof typeof MARKETPLACE_TASKS;
export const MARKETPLACE_QUEUES = Object.keys(MARKETPLACE_TASKS) as MarketplaceQueue[];

export interface PeriodicTask {
  task: string;
  queue: string;
  everySeconds: number;
  description: string;
  lastRunAt: string | null;
  lastStatus: JobStatusName | null;
  /** Last run + interval; null when it never ran. */
  nextRunAt: string | null;
  /** True when the next run is more than one interval late. */
  late: boolean;
}

export interface JobsOverview {
  queues: JobQueueState[];
  schedule: PeriodicTask[];
}

export interface JobTaskHistory {
  task: string;
  /** Per day (UTC) over the last 7 days. */
  days: Array<{ day: string; succeeded: number; failed: number; dead: number; p95Ms: number | null }>;
  recent: JobRow[];
}

export interface JobsPage {
  items: JobRow[];
  nextCursor: number | null;
}

/** How far back the command center's "failed in 24 h" figure of background jobs reaches. */
export const FAILED_JOBS_WINDOW_MS = 24 * 3_600_000;

/** Where that window starts when read at `now` (ISO): the figure's link lists the failed jobs finished since. */
export function failedJobsSince(now: Date): string {
  return new Date(now.getTime() - FAILED_JOBS_WINDOW_MS).toISOString();
}

/**
 * Whether and when a job runs again, in the queue's own terms: only a queued job is taken by a worker (at its
 * scheduled time; a retry when it already used attempts). A failed job stays failed until someone requeues it, whatever
 * attempts it has left, and a dead one is out of them: neither runs again on its own.
 */
export type JobNextRun =
  { kind: 'scheduled'; at: string; retry: boolean } | { kind: 'never'; reason: 'not requeued' | 'out of attempts' } | null;

export function jobNextRun(j: Pick<JobRow, 'status' | 'attempts' | 'maxAttempts' | 'scheduledAt'>): JobNextRun {
  if (j.status === 'queued') return { kind: 'scheduled', at: j.scheduledAt, retry: j.attempts > 0 };
  if (j.status === 'dead') return { kind: 'never', reason: 'out of attempts' };
  if (j.status === 'failed') return { kind: 'never', reason: j.attempts >= j.maxAttempts ? 'out of attempts' : 'not requeued' };
  return null;
}
