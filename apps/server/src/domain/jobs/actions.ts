import { jobActionInputSchema, type JobRow } from '@ops/shared';
import type { DbOrTx } from '@ops/db';
import type { z } from 'zod';
import { defineAction, type ActionDefinition } from '../actions/define.js';
import { DomainError } from '../errors.js';
import { toJobRow } from './queries.js';

async function loadDeadJob(db: DbOrTx, id: number, lock: boolean): Promise<JobRow> {
  let q = db
    .selectFrom('background_jobs')
    .select(['id', 'queue', 'task', 'status', 'attempts', 'max_attempts', 'scheduled_at', 'started_at', 'finished_at', 'error'])
    .where('id', '=', id);
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', `id: no background job ${id}`);
  const job = toJobRow(row);
  if (job.status !== 'dead') {
    throw new DomainError('CONFLICT', `id: job ${id} is ${job.status}; only a dead job can be retried or discarded`);
  }
  return job;
}

const describe = (job: JobRow) => `job #${job.id} (${job.task} on ${job.queue})`;

/**
 * An action on one dead job: the same permission, input and check for each; what differs is what the preview says
 * (`verb`, `effects`, `warnings`) and what `apply` does. No second admin, nothing to type.
 */
function deadJobAction(def: {
  name: string;
  title: string;
  description: string;
  destructive: boolean;
  verb: string;
  effects: (job: JobRow) => string[];
  warnings: (job: JobRow) => string[];
  apply: ActionDefinition<z.infer<typeof jobActionInputSchema>, { job: JobRow }>['apply'];
}) {
  return defineAction({
    name: def.name,
    title: def.title,
    description: def.description,
    destructive: def.destructive,
    permission: 'jobs.manage',
    input: jobActionInputSchema,
    async plan({ db, input, lock }) {
      const job = await loadDeadJob(db, input.id, lock);
      return {
        resourceType: 'background_job',
        resourceId: String(job.id),
        summary: `${def.verb} ${describe(job)}`,
        effects: def.effects(job).map((label) => ({ kind: 'info' as const, label })),
        warnings: def.warnings(job),
        typeToConfirm: null,
        requiresApproval: false,
        state: { job },
      };
    },
    apply: def.apply,
  });
}

/** Puts a dead job back on its queue, due now, with a fresh attempt budget; its last error stays in the audit row. */
export const retryJob = deadJobAction({
  name: 'jobs.retry',
  title: 'Retry job',
  description: 'Queue a dead background job to run again.',
  destructive: false,
  verb: 'Retry',
  effects: (job) => [
    `Requeue ${describe(job)} on ${job.queue}, due now`,
    `Reset its attempts from ${job.attempts} to 0 of ${job.maxAttempts}`,
  ],
  warnings: (job) => (job.error ? [`It died with: ${job.error}`] : []),
  async apply({ tx, plan, ctx }) {
    const { job } = plan.state;
    await tx
      .updateTable('background_jobs')
      .set({
        status: 'queued',
        attempts: 0,
        scheduled_at: ctx.now(),
        started_at: null,
        finished_at: null,
        locked_until: null,
        error: null,
      })
      .where('id', '=', job.id)
      .execute();
    return {
      before: { status: job.status, attempts: job.attempts, error: job.error, scheduledAt: job.scheduledAt },
      after: { status: 'queued', attempts: 0, scheduledAt: ctx.now().toISOString() },
      message: `Job #${job.id} is back on ${job.queue}.`,
    };
  },
});

/** Takes a dead job out of the dead-letter queue for good; the row stays (as discarded) for the task's history. */
export const discardJob = deadJobAction({
  name: 'jobs.discard',
  title: 'Discard job',
  description: 'Discard a dead background job for good.',
  destructive: true,
  verb: 'Discard',
  effects: (job) => [`Remove ${describe(job)} from the dead-letter queue; it will not run again`],
  warnings: (job) => [`Whatever ${job.task} was meant to do will not happen unless someone does it by hand.`],
  async apply({ tx, plan }) {
    const { job } = plan.state;
    await tx.updateTable('background_jobs').set({ status: 'discarded' }).where('id', '=', job.id).execute();
    return {
      before: { status: job.status, attempts: job.attempts, error: job.error },
      after: { status: 'discarded' },
      message: `Job #${job.id} was discarded.`,
    };
  },
});
