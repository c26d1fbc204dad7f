import { sql } from 'kysely';
import type { DbOrTx } from '@ops/db';
import { campaignCancelInputSchema, formatCount, plural } from '@ops/shared';
import { defineAction } from '../actions/define.js';
import { DomainError } from '../errors.js';
import { SEND_QUEUE, SEND_TASK } from './send-queue.js';

/**
 * Stops a queued or sending campaign: messages not yet handed to the mail server are skipped, those already sent
 * stay sent. The sender skips a cancelled campaign on its next pass and only sends rows that are still queued.
 */
export const cancelCampaign = defineAction({
  name: 'communications.cancel',
  title: 'Cancel campaign',
  description: 'Cancel a queued or sending campaign: messages not yet sent are skipped.',
  destructive: true,
  permission: 'communications.send',
  input: campaignCancelInputSchema,
  async plan({ db, input, lock }) {
    // The send job first, as the sender's claim locks it, so the two never wait on each other in opposite orders.
    const job = await loadSendJob(db, input.campaignId, lock);
    let q = db
      .selectFrom('campaigns')
      .select(['id', 'name', 'status', 'recipients_total', 'materialized_at'])
      .where('id', '=', input.campaignId);
    if (lock) q = q.forUpdate();
    const campaign = await q.executeTakeFirst();
    if (!campaign) throw new DomainError('NOT_FOUND', 'campaignId: no such campaign');
    if (campaign.status !== 'queued' && campaign.status !== 'sending') {
      throw new DomainError(
        'CONFLICT',
        `campaignId: this campaign is ${campaign.status}; only a queued or sending one can be cancelled`,
      );
    }
    // A sender building the recipient list would add rows after the cancel and then set the campaign sending.
    if (campaign.materialized_at === null && job?.status === 'running') {
      throw new DomainError(
        'CONFLICT',
        'campaignId: the send is starting (its recipient list is being built); try again in a moment',
      );
    }
    const progress = await loadProgress(db, campaign.id);
    const started = campaign.status === 'sending';
    const recipients = campaign.recipients_total;
    return {
      resourceType: 'campaign',
      resourceId: campaign.id,
      summary: `Cancel "${campaign.name}"`,
      // No live counts here: a sending campaign moves between preview and confirm, and the effects must not.
      effects: [
        {
          kind: 'notify' as const,
          label: started
            ? `Skip every message of "${campaign.name}" not yet sent (${plural(recipients, 'recipient')} in all)`
            : `Send "${campaign.name}" to nobody (${plural(recipients, 'recipient')} planned)`,
          count: recipients,
        },
        ...(started ? [{ kind: 'info' as const, label: 'Messages already sent stay sent' }] : []),
        { kind: 'info' as const, label: 'Mark the campaign cancelled' },
      ],
      warnings: started
        ? [
            `${plural(progress.sent, 'message')} sent and ${formatCount(progress.queued)} waiting so far; sending goes on until you confirm.`,
          ]
        : [],
      typeToConfirm: null,
      requiresApproval: false,
      state: { campaign, progress },
    };
  },
  async apply({ tx, plan, ctx }) {
    const now = ctx.now();
    const { campaign } = plan.state;
    // A row already handed to the mail server (attempted) is past stopping; its sender records how it ended.
    const skipped = await tx
      .updateTable('notifications')
      .set({ status: 'skipped', error: 'campaign cancelled' })
      .where('campaign_id', '=', campaign.id)
      .where('status', '=', 'queued')
      .where('attempted_at', 'is', null)
      .executeTakeFirst();
    await tx.updateTable('campaigns').set({ status: 'cancelled', finished_at: now }).where('id', '=', campaign.id).execute();
    const skippedCount = Number(skipped.numUpdatedRows);
    return {
      before: { status: campaign.status, sent: plan.state.progress.sent, queued: plan.state.progress.queued },
      after: { status: 'cancelled', skipped: skippedCount },
      message: `"${campaign.name}" is cancelled: ${plural(skippedCount, 'unsent message')} skipped.`,
    };
  },
});

async function loadSendJob(db: DbOrTx, campaignId: string, lock: boolean): Promise<{ id: number; status: string } | undefined> {
  let q = db
    .selectFrom('background_jobs')
    .select(['id', 'status'])
    .where('queue', '=', SEND_QUEUE)
    .where('task', '=', SEND_TASK)
    .where('status', 'in', ['queued', 'running'])
    .where(sql<string>`payload->>'campaignId'`, '=', campaignId);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

async function loadProgress(db: DbOrTx, campaignId: string): Promise<{ sent: number; queued: number }> {
  const row = await db
    .selectFrom('notifications')
    .select([
      sql<number>`count(*) filter (where status = 'sent')::int`.as('sent'),
      sql<number>`count(*) filter (where status = 'queued' and attempted_at is null)::int`.as('queued'),
    ])
    .where('campaign_id', '=', campaignId)
    .executeTakeFirstOrThrow();
  return { sent: row.sent, queued: row.queued };
}
