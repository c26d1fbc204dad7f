import { sql } from 'kysely';
import type { Db } from '@ops/db';
import { DEFAULT_TIME_ZONE } from '@ops/shared';
import { deliverBatch, errorText, failInterrupted, nextBatch, refreshCounts } from './deliver.js';
import type { Mailer } from './mailer.js';
import { materializeRecipients } from './materialize.js';
import { Pacer } from './pacing.js';
import {
  claimSendJob,
  finishSendJob,
  hasDueSendJob,
  recordSendJobError,
  renewLease,
  requeueSendJob,
  type SendJob,
} from './send-queue.js';

export interface SenderOptions {
  mailer: Mailer;
  /** Recipients rendered and messages sent per batch. */
  batchSize?: number;
  /** Emails handed to the transport per second (in-app messages are database rows and are not paced). */
  ratePerSecond?: number;
  /** The pacer of a transport other senders share (the outbox's): their emails together keep to its rate. */
  pacer?: Pacer;
  /** How long a claimed job stays ours without a heartbeat; a killed worker's job is reclaimed after it. */
  leaseMs?: number;
  /** A pass works this long, then puts the job back so other queues and shutdowns are not starved. */
  sliceMs?: number;
  now?: () => Date;
  /** The business time zone: a campaign goes to its audience as counted when it was confirmed (activity windows are days). */
  timeZone?: string;
  /** Called after each message is recorded as sent (tests simulate a crash here). */
  afterSend?: (sentByThisSender: number) => void | Promise<void>;
}

/**
 * The campaign sender: a queue consumer on background_jobs (claimed with FOR UPDATE SKIP LOCKED, held by a
 * lease) that renders one outbox row per recipient × channel (unique dedupe_key) and then delivers them in
 * batches. Every state change is committed before the next step, so a new sender can pick up where a killed one
 * stopped: a 'sent' row is never sent again, and a row handed to the transport but not confirmed is marked
 * failed rather than risk a second copy.
 */
export class CampaignSender {
  private readonly batchSize: number;
  private readonly pacer: Pacer;
  private readonly leaseMs: number;
  private readonly sliceMs: number;
  private readonly now: () => Date;
  private readonly timeZone: string;
  private sent = 0;

  constructor(
    private readonly db: Db,
    private readonly opts: SenderOptions,
  ) {
    this.batchSize = opts.batchSize ?? 200;
    this.pacer = opts.pacer ?? new Pacer(opts.ratePerSecond ?? 50);
    this.leaseMs = opts.leaseMs ?? 60_000;
    this.sliceMs = opts.sliceMs ?? 10_000;
    this.now = opts.now ?? (() => new Date());
    this.timeZone = opts.timeZone ?? DEFAULT_TIME_ZONE;
  }

  /** Claims one due job and works on it for one slice. Returns the messages delivered in this pass. */
  async runOnce(): Promise<number> {
    const job = await claimSendJob(this.db, this.now(), this.leaseMs);
    if (job === null) return 0;
    const before = this.sent;
    try {
      await this.work(job);
    } catch (error) {
      // Like a crash: the job keeps its lease and is reclaimed when it runs out. Record why for the command center.
      await recordSendJobError(this.db, job, errorText(error));
      throw error;
    }
    return this.sent - before;
  }

  /** Runs passes until no job is due (tests and the CLI). */
  async runUntilIdle(maxPasses = 1_000): Promise<void> {
    for (let i = 0; i < maxPasses; i++) {
      if (!(await hasDueSendJob(this.db, this.now()))) return;
      await this.runOnce();
    }
  }

  private async heartbeat(job: SendJob): Promise<void> {
    await renewLease(this.db, job, this.now(), this.leaseMs);
  }

  private async work(job: SendJob): Promise<void> {
    const deadline = Date.now() + this.sliceMs;
    const campaign = await this.db
      .selectFrom('campaigns')
      .select([
        'id',
        'status',
        'template_key',
        'subject',
        'body',
        'audience',
        'channels',
        'materialized_at',
        'created_by_staff_id',
        'created_at',
      ])
      .where('id', '=', job.campaignId)
      .executeTakeFirst();
    if (!campaign || ['completed', 'failed', 'cancelled'].includes(campaign.status)) {
      await finishSendJob(this.db, job, this.now(), campaign ? null : 'campaign not found');
      return;
    }
    if (campaign.status !== 'sending') {
      await this.db
        .updateTable('campaigns')
        .set({ status: 'sending', started_at: sql<string>`coalesce(started_at, ${this.now()})` })
        .where('id', '=', campaign.id)
        .execute();
    }
    if (campaign.materialized_at === null) {
      await materializeRecipients(this.db, campaign, {
        batchSize: this.batchSize,
        timeZone: this.timeZone,
        now: this.now,
        afterPage: () => this.heartbeat(job),
      });
    }
    await failInterrupted(this.db, campaign.id);
    for (;;) {
      const batch = await nextBatch(this.db, campaign.id, this.batchSize);
      if (batch.length === 0) {
        await refreshCounts(this.db, campaign.id);
        await this.db
          .updateTable('campaigns')
          .set({ status: 'completed', finished_at: this.now() })
          .where('id', '=', campaign.id)
          .where('status', '=', 'sending')
          .execute();
        await finishSendJob(this.db, job, this.now(), null);
        return;
      }
      await deliverBatch(this.db, batch, {
        mailer: this.opts.mailer,
        pacer: this.pacer,
        now: this.now,
        delivered: () => this.delivered(),
      });
      await refreshCounts(this.db, campaign.id);
      await this.heartbeat(job);
      if (Date.now() >= deadline) {
        await requeueSendJob(this.db, job, this.now());
        return;
      }
    }
  }

  private async delivered(): Promise<void> {
    this.sent += 1;
    await this.opts.afterSend?.(this.sent);
  }
}
