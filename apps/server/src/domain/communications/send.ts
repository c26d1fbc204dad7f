import { randomUUID } from 'node:crypto';
import { campaignSendInputSchema, describeAudience, formatCount, plural } from '@ops/shared';
import { defineAction } from '../actions/define.js';
import { approvalRequester } from '../approvals/approvals.js';
import { DomainError } from '../errors.js';
import { countAudience } from './audience.js';
import { insertCampaign, templateExists } from './campaigns.js';
import { enqueueCampaignSend } from './send-queue.js';

const CHANNEL_WORDS = { email: 'Email', in_app: 'In-app message' } as const;

/** Queues a campaign to everyone eligible in the audience; over the message threshold it needs a second admin. */
export const sendCampaign = defineAction({
  name: 'communications.send',
  title: 'Send campaign',
  description: 'Send a message to an audience (over 1,000 people needs a second admin).',
  destructive: true,
  permission: 'communications.send',
  input: campaignSendInputSchema,
  async plan({ db, input, ctx, lock }) {
    // The schema admits only campaign templates; one this database does not hold is refused too.
    if (input.templateKey !== null && !(await templateExists(db, input.templateKey))) {
      throw new DomainError('BAD_REQUEST', `templateKey: Template ${input.templateKey} does not exist`);
    }
    // Effects hold counts only (no sample names), and activity windows move at midnight, so an approval later the same
    // day still matches unless someone in the audience changed.
    const counts = await countAudience(db, input.audience, { now: ctx.now(), timeZone: ctx.config.BUSINESS_TIME_ZONE });
    if (counts.recipients === 0) {
      throw new DomainError('BAD_REQUEST', 'audience: nobody would receive this (no eligible user matches these filters)');
    }
    const excluded = counts.excludedSuspended + counts.excludedDeactivated + counts.excludedUnsubscribed;
    const threshold = ctx.config.MESSAGE_APPROVAL_THRESHOLD;
    const warnings: string[] = [];
    const exclusions = [
      [counts.excludedSuspended, 'suspended'],
      [counts.excludedDeactivated, 'deactivated'],
      [counts.excludedUnsubscribed, 'unsubscribed'],
    ] as const;
    for (const [n, why] of exclusions) if (n > 0) warnings.push(`${plural(n, `matching ${why} user`)} excluded.`);
    if (counts.recipients > threshold)
      warnings.push(`Over ${formatCount(threshold)} recipients: a second admin must approve this send.`);
    // The execute transaction's plan names the campaign it will create, so its audit row (written in that transaction,
    // from this plan) carries the campaign's id; a preview has no campaign yet.
    const campaignId = lock ? randomUUID() : 'new';
    return {
      resourceType: 'campaign',
      resourceId: campaignId,
      summary: `Send "${input.name}" to ${plural(counts.recipients, 'person', 'people')} (${describeAudience(input.audience).toLowerCase()})`,
      effects: [
        ...input.channels.map((c) => ({
          kind: 'notify' as const,
          label: `${CHANNEL_WORDS[c]} to ${plural(counts.recipients, 'person', 'people')}`,
          count: counts.recipients,
        })),
        {
          kind: 'info' as const,
          label: `${formatCount(excluded)} excluded (suspended, deactivated or unsubscribed) of ${formatCount(counts.matched)} matching`,
          count: excluded,
        },
      ],
      warnings,
      typeToConfirm: null,
      requiresApproval: counts.recipients > threshold,
      state: { counts, excluded, campaignId },
    };
  },
  async apply({ tx, input, plan, ctx, idempotencyKey }) {
    // Through the approvals inbox the acting admin is the approver; the campaign belongs to the requester.
    const approvalId = /^ops-approval-(.+)$/.exec(idempotencyKey)?.[1] ?? null;
    const requester = approvalId ? await approvalRequester(tx, approvalId) : null;
    const campaignId = await insertCampaign(tx, {
      id: plan.state.campaignId,
      input,
      recipients: plan.state.counts.recipients,
      excluded: plan.state.excluded,
      createdBy: requester ?? ctx.staff.id,
      approvedBy: requester ? ctx.staff.id : null,
      idempotencyKey,
      createdAt: ctx.now(),
    });
    const jobId = await enqueueCampaignSend(tx, campaignId, ctx.now());
    return {
      before: null,
      after: {
        campaignId,
        jobId,
        recipients: plan.state.counts.recipients,
        excluded: plan.state.excluded,
        channels: input.channels,
      },
      message: `Campaign queued: sending to ${plural(plan.state.counts.recipients, 'person', 'people')}.`,
      created: { type: 'campaign', id: campaignId },
    };
  },
});
