import { sql, type Expression, type ExpressionBuilder, type SqlBool, type Transaction } from 'kysely';
import type { Database, Db } from '@ops/db';

export const SEND_QUEUE = 'communications';
export const SEND_TASK = 'send_campaign';

/** A campaign's send job, claimed and leased by one sender. */
export interface SendJob {
  id: number;
  campaignId: string;
  attempts: number;
}

/** Puts a campaign's send on the queue, in the caller's transaction (so it exists only if the campaign does). */
export async function enqueueCampaignSend(tx: Transaction<Database>, campaignId: string, now: Date): Promise<number> {
  const job = await tx
    .insertInto('background_jobs')
    .values({
      queue: SEND_QUEUE,
      task: SEND_TASK,
      status: 'queued',
      payload: JSON.stringify({ campaignId }),
      scheduled_at: now,
      max_attempts: 5,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return job.id;
}

/** A send job that is due: queued for now or earlier, or running under a lease that ran out (its sender died). */
function isDue(eb: ExpressionBuilder<Database, 'background_jobs'>, now: Date): Expression<SqlBool> {
  return eb.and([
    eb('queue', '=', SEND_QUEUE),
    eb.or([
      eb.and([eb('status', '=', 'queued'), eb('scheduled_at', '<=', now.toISOString())]),
      eb.and([eb('status', '=', 'running'), eb('locked_until', '<', now.toISOString())]),
    ]),
  ]);
}

export async function hasDueSendJob(db: Db, now: Date): Promise<boolean> {
  const row = await db
    .selectFrom('background_jobs')
    .select('id')
    .where((eb) => isDue(eb, now))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Claims the oldest due send job (FOR UPDATE SKIP LOCKED, so two senders never hold the same one) under a lease of
 * `leaseMs`. A job without a campaign, or out of attempts, is marked dead instead, and its campaign failed.
 */
export async function claimSendJob(db: Db, now: Date, leaseMs: number): Promise<SendJob | null> {
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .selectFrom('background_jobs')
      .select(['id', 'status', 'attempts', 'max_attempts', 'payload'])
      .where((eb) => isDue(eb, now))
      .orderBy('scheduled_at')
      .orderBy('id')
      .limit(1)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (!row) return null;
    const campaignId = (row.payload as { campaignId?: unknown }).campaignId;
    // attempts counts starts: the first claim, plus each reclaim after a worker died holding the lease.
    const attempts = row.attempts === 0 ? 1 : row.attempts + (row.status === 'running' ? 1 : 0);
    if (typeof campaignId !== 'string' || attempts > row.max_attempts) {
      const error = typeof campaignId !== 'string' ? 'payload has no campaignId' : `gave up after ${row.max_attempts} attempts`;
      await tx
        .updateTable('background_jobs')
        .set({ status: 'dead', attempts, finished_at: now, locked_until: null, error })
        .where('id', '=', row.id)
        .execute();
      if (typeof campaignId === 'string') {
        await tx
          .updateTable('campaigns')
          .set({ status: 'failed', finished_at: now, last_error: error })
          .where('id', '=', campaignId)
          .execute();
      }
      return null;
    }
    await tx
      .updateTable('background_jobs')
      .set({
        status: 'running',
        attempts,
        started_at: sql<string>`coalesce(started_at, ${now})`,
        locked_until: new Date(now.getTime() + leaseMs),
      })
      .where('id', '=', row.id)
      .execute();
    return { id: row.id, campaignId, attempts };
  });
}

/** Extends the lease, so a sender that is making progress keeps its job. */
export async function renewLease(db: Db, job: SendJob, now: Date, leaseMs: number): Promise<void> {
  await db
    .updateTable('background_jobs')
    .set({ locked_until: new Date(now.getTime() + leaseMs) })
    .where('id', '=', job.id)
    .execute();
}

/** Puts the job back on the queue, due at once, for the next pass to pick up. */
export async function requeueSendJob(db: Db, job: SendJob, now: Date): Promise<void> {
  await db
    .updateTable('background_jobs')
    .set({ status: 'queued', locked_until: null, scheduled_at: now })
    .where('id', '=', job.id)
    .execute();
}

/** Ends the job: succeeded, or dead with the reason. */
export async function finishSendJob(db: Db, job: SendJob, now: Date, error: string | null): Promise<void> {
  await db
    .updateTable('background_jobs')
    .set({ status: error ? 'dead' : 'succeeded', finished_at: now, locked_until: null, error })
    .where('id', '=', job.id)
    .execute();
}

/** Records why a pass stopped, for the command center; a failure to record it is ignored. */
export async function recordSendJobError(db: Db, job: SendJob, error: string): Promise<void> {
  await db
    .updateTable('background_jobs')
    .set({ error })
    .where('id', '=', job.id)
    .execute()
    .catch(() => undefined);
}
