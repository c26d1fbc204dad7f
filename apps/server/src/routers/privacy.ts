import {
  privacyDownloadLinkInputSchema,
  privacyExportInputSchema,
  privacyExportsInputSchema,
  type PrivacyDownloadLink,
  type PrivacyExportResult,
  type PrivacyExportRow,
} from '@ops/shared';
import type { Context, StaffIdentity } from '../context.js';
import { erasePerson } from '../domain/privacy/erase.js';
import { issueDownloadLink, listExports, requestExport, type ExportSettings } from '../domain/privacy/export.js';
import { procedure, router } from '../trpc.js';
import { actionProcedures } from './action-procedures.js';

const settings = (ctx: Context): ExportSettings => ({
  inlineMaxRows: ctx.config.PRIVACY_EXPORT_INLINE_MAX_ROWS,
  linkMinutes: ctx.config.PRIVACY_EXPORT_LINK_MINUTES,
  timeZone: ctx.config.BUSINESS_TIME_ZONE,
});
const actor = (ctx: Context & { staff: StaffIdentity }) => ({ staff: ctx.staff, request: ctx.request, now: ctx.now() });

/** Privacy requests: export a person's data (reason, audited) and erase a person (preview/confirm, two admins). */
export const privacy = router({
  export: procedure('users.pii.reveal')
    .input(privacyExportInputSchema)
    .mutation(({ ctx, input }): Promise<PrivacyExportResult> => requestExport(ctx.db, actor(ctx), input, settings(ctx))),
  exports: procedure('users.pii.reveal')
    .input(privacyExportsInputSchema)
    .query(({ ctx, input }): Promise<PrivacyExportRow[]> => listExports(ctx.db, input.userId, ctx.now())),
  downloadLink: procedure('users.pii.reveal')
    .input(privacyDownloadLinkInputSchema)
    .mutation(({ ctx, input }): Promise<PrivacyDownloadLink> =>
      issueDownloadLink(ctx.db, actor(ctx), input.exportId, settings(ctx)),
    ),
  erase: actionProcedures(erasePerson),
});
