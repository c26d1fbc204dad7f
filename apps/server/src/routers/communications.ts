import {
  audiencePreviewInputSchema,
  campaignByIdInputSchema,
  pageInputSchema,
  templateUpdateInputSchema,
  type AudiencePreview,
  type CampaignDetail,
  type CampaignSummary,
  type MessageTemplate,
  type Page,
  type PendingCampaignRequest,
} from '@ops/shared';
import { previewAudience } from '../domain/communications/audience.js';
import { campaignDetail, campaignHistory, listTemplates } from '../domain/communications/campaigns.js';
import { cancelCampaign } from '../domain/communications/cancel.js';
import { sendCampaign } from '../domain/communications/send.js';
import { updateTemplate } from '../domain/communications/templates.js';
import { procedure, router } from '../trpc.js';
import { actionProcedures } from './action-procedures.js';

export const communications = router({
  /** The live panel beside the compose form: exact counts, a masked sample, the message for one real recipient. */
  audiencePreview: procedure('communications.send')
    .input(audiencePreviewInputSchema)
    .query(({ ctx, input }): Promise<AudiencePreview> =>
      previewAudience(
        ctx.db,
        input,
        { now: ctx.now(), timeZone: ctx.config.BUSINESS_TIME_ZONE },
        ctx.config.MESSAGE_APPROVAL_THRESHOLD,
      ),
    ),
  send: actionProcedures(sendCampaign),
  cancel: actionProcedures(cancelCampaign),
  list: procedure('communications.send')
    .input(pageInputSchema)
    .query(({ ctx, input }): Promise<Page<CampaignSummary> & { pending: PendingCampaignRequest[] }> =>
      campaignHistory(ctx.db, input, ctx.now()),
    ),
  byId: procedure('communications.send')
    .input(campaignByIdInputSchema)
    .query(({ ctx, input }): Promise<CampaignDetail> => campaignDetail(ctx.db, input.campaignId)),
  templates: procedure('communications.send').query(({ ctx }): Promise<MessageTemplate[]> => listTemplates(ctx.db)),
  updateTemplate: procedure('communications.send')
    .input(templateUpdateInputSchema)
    .mutation(({ ctx, input }): Promise<{ auditId: number }> => updateTemplate(ctx, input)),
});
