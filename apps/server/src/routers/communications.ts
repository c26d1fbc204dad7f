import { TRPCError } from '@trpc/server';
import {
  audiencePreviewInputSchema,
  campaignByIdInputSchema,
  campaignSendInputSchema,
  describeAudience,
  maskName,
  pageInputSchema,
  recipientVars,
  renderMessage,
  templateUpdateInputSchema,
  type AudiencePreview,
  type CampaignDetail,
  type CampaignSummary,
  type MessageTemplate,
  type Page,
  type PendingCampaignRequest,
} from '@ops/shared';
import { defineAction } from '../domain/actions/define.js';
import { writeAudit } from '../domain/audit.js';
import { countAudience, sampleRecipients } from '../domain/communications/audience.js';
import { campaignDetail, listCampaigns, listPendingRequests, listTemplates } from '../domain/communications/campaigns.js';
import { enqueueCampaignSend } from '../domain/communications/sender.js';
import { procedure, router } from '../trpc.js';
import { actionProcedures } from './action-procedures.js';

const fmt = (n: number) => n.toLocaleString('en-US');
const CHANNEL_WORDS = { email: 'Email', in_app: 'In-app message' } as const;

const send = defineAction({
  name: 'communications.send',
  permission: 'communications.send',
  input: campaignSendInputSchema,
  async plan({ db, input, ctx }) {
    const now = ctx.now();
    // Effects hold counts only (no sample names), so an approval a day later still matches unless the audience moved.
    const counts = await countAudience(db, input.audience, now);
    if (counts.recipients === 0) {
      throw new TRPCError({
        code: 'BAD_REQUEST',
        message: 'audience: nobody would receive this (no eligible user matches these filters)',
      });
    }
    const excluded = counts.excludedSuspended + counts.excludedDeactivated + counts.excludedUnsubscribed;
    const threshold = ctx.config.MESSAGE_APPROVAL_THRESHOLD;
    const warnings: string[] = [];
    if (counts.excludedSuspended > 0) warnings.push(`${fmt(counts.excludedSuspended)} suspended users match and are excluded.`);
    if (counts.excludedDeactivated > 0)
      warnings.push(`${fmt(counts.excludedDeactivated)} deactivated users match and are excluded.`);
    if (counts.excludedUnsubscribed > 0)
      warnings.push(`${fmt(counts.excludedUnsubscribed)} unsubscribed users match and are excluded.`);
    if (counts.recipients > threshold) warnings.push(`Over ${fmt(threshold)} recipients: a second admin must approve this send.`);
    return {
      resourceType: 'campaign',
      resourceId: 'new',
      summary: `Send "${input.name}" to ${fmt(counts.recipients)} ${describeAudience(input.audience).toLowerCase()}`,
      effects: [
        ...input.channels.map((c) => ({
          kind: 'notify' as const,
          label: `${CHANNEL_WORDS[c]} to ${fmt(counts.recipients)} users`,
          count: counts.recipients,
        })),
        {
          kind: 'info' as const,
          label: `${fmt(excluded)} excluded (suspended, deactivated or unsubscribed) of ${fmt(counts.matched)} matching`,
          count: excluded,
        },
      ],
      warnings,
      typeToConfirm: null,
      requiresApproval: counts.recipients > threshold,
      state: { counts, excluded },
    };
  },
  async apply({ tx, input, plan, ctx, idempotencyKey }) {
    // Through the approvals inbox the acting admin is the approver; the campaign belongs to the requester.
    const approvalId = /^ops-approval-(.+)$/.exec(idempotencyKey)?.[1] ?? null;
    let createdBy = ctx.staff.id;
    let approvedBy: string | null = null;
    if (approvalId) {
      const approval = await tx
        .selectFrom('approvals')
        .select('requested_by_staff_id')
        .where('id', '=', approvalId)
        .executeTakeFirst();
      if (approval) {
        createdBy = approval.requested_by_staff_id;
        approvedBy = ctx.staff.id;
      }
    }
    const campaign = await tx
      .insertInto('campaigns')
      .values({
        kind: input.kind,
        name: input.name,
        template_key: input.templateKey,
        subject: input.subject,
        body: input.body,
        audience: JSON.stringify(input.audience),
        channels: JSON.stringify(input.channels),
        status: 'queued',
        recipients_total: plan.state.counts.recipients,
        excluded_count: plan.state.excluded,
        created_by_staff_id: createdBy,
        approved_by_staff_id: approvedBy,
        idempotency_key: idempotencyKey,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const jobId = await enqueueCampaignSend(tx, campaign.id, ctx.now());
    return {
      before: null,
      after: {
        campaignId: campaign.id,
        jobId,
        recipients: plan.state.counts.recipients,
        excluded: plan.state.excluded,
        channels: input.channels,
      },
      message: `Campaign queued: sending to ${fmt(plan.state.counts.recipients)} users. Campaign ${campaign.id}.`,
    };
  },
});

export const communications = router({
  /** The live panel beside the compose form: exact counts, a masked sample, the message for one real recipient. */
  audiencePreview: procedure('communications.send')
    .input(audiencePreviewInputSchema)
    .query(async ({ ctx, input }): Promise<AudiencePreview> => {
      const now = ctx.now();
      const [counts, sample] = await Promise.all([
        countAudience(ctx.db, input.audience, now),
        sampleRecipients(ctx.db, input.audience, now, 5),
      ]);
      const first = sample[0];
      const threshold = ctx.config.MESSAGE_APPROVAL_THRESHOLD;
      return {
        ...counts,
        sample: sample.map((s) => ({ id: s.id, displayName: s.displayName, maskedEmail: s.maskedEmail, role: s.role })),
        rendered: first
          ? {
              recipient: maskName(first.firstName, first.lastName),
              ...renderMessage(input.subject, input.body, recipientVars(first.firstName, first.lastName)),
            }
          : null,
        requiresApproval: counts.recipients > threshold,
        approvalThreshold: threshold,
      };
    }),
  send: actionProcedures(send),
  list: procedure('communications.send')
    .input(pageInputSchema)
    .query(async ({ ctx, input }): Promise<Page<CampaignSummary> & { pending: PendingCampaignRequest[] }> => {
      const [page, pending] = await Promise.all([
        listCampaigns(ctx.db, input.cursor, input.limit),
        input.cursor ? Promise.resolve([]) : listPendingRequests(ctx.db, 'communications.send'),
      ]);
      return { ...page, pending };
    }),
  byId: procedure('communications.send')
    .input(campaignByIdInputSchema)
    .query(async ({ ctx, input }): Promise<CampaignDetail> => {
      const detail = await campaignDetail(ctx.db, input.campaignId);
      if (!detail) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such campaign' });
      return detail;
    }),
  templates: procedure('communications.send').query(({ ctx }): Promise<MessageTemplate[]> => listTemplates(ctx.db)),
  updateTemplate: procedure('communications.send')
    .input(templateUpdateInputSchema)
    .mutation(async ({ ctx, input }): Promise<{ auditId: number }> => {
      return ctx.db.transaction().execute(async (tx) => {
        const before = await tx
          .selectFrom('message_templates')
          .select(['name', 'subject', 'body'])
          .where('key', '=', input.key)
          .forUpdate()
          .executeTakeFirst();
        if (!before) throw new TRPCError({ code: 'NOT_FOUND', message: 'key: no such template' });
        await tx
          .updateTable('message_templates')
          .set({
            name: input.name,
            subject: input.subject,
            body: input.body,
            updated_by_staff_id: ctx.staff.id,
            updated_at: ctx.now(),
          })
          .where('key', '=', input.key)
          .execute();
        const auditId = await writeAudit(tx, ctx.staff, ctx.request, {
          action: 'communications.updateTemplate',
          resourceType: 'message_template',
          resourceId: input.key,
          before,
          after: { name: input.name, subject: input.subject, body: input.body },
        });
        return { auditId };
      });
    }),
});
