import { instructorIdInputSchema, type InstructorDetail } from '@ops/shared';
import { changeCommissionTier } from '../domain/instructors/commission-tier.js';
import { instructorDetail } from '../domain/instructors/instructors.js';
import { holdPayouts } from '../domain/instructors/payout-hold.js';
import { suspendInstructor } from '../domain/instructors/suspend.js';
import { unsuspendInstructor } from '../domain/instructors/unsuspend.js';
import { overrideVerification } from '../domain/instructors/verification-override.js';
import { procedure, router } from '../trpc.js';
import { actionProcedures } from './action-procedures.js';

export const instructors = router({
  byId: procedure('users.read')
    .input(instructorIdInputSchema)
    .query(({ ctx, input }): Promise<InstructorDetail> =>
      instructorDetail(ctx.db, input.userId, ctx.now(), ctx.config.BUSINESS_TIME_ZONE),
    ),
  suspend: actionProcedures(suspendInstructor),
  unsuspend: actionProcedures(unsuspendInstructor),
  verificationOverride: actionProcedures(overrideVerification),
  commissionTier: actionProcedures(changeCommissionTier),
  payoutHold: actionProcedures(holdPayouts),
});
