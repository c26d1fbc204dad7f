import { verificationOverrideInputSchema } from '@ops/shared';
import { defineAction } from '../actions/define.js';
import { DomainError } from '../errors.js';
import { refuseErased } from '../erased.js';
import { loadInstructor } from './instructors.js';
import { setVerificationOverride } from './profile.js';

/** Treats an instructor as verified whatever the background check says, or stops doing so. */
export const overrideVerification = defineAction({
  name: 'instructors.verificationOverride',
  title: 'Verification override',
  description: "Override (or clear) an instructor's background-check verification.",
  destructive: false,
  permission: 'instructors.manage',
  input: verificationOverrideInputSchema,
  async plan({ db, input, ctx, lock }) {
    const instructor = await loadInstructor(db, input.userId, lock);
    refuseErased(instructor, ctx.config.BUSINESS_TIME_ZONE);
    if (instructor.verificationOverride === input.enabled) {
      throw new DomainError('CONFLICT', `enabled: the verification override is already ${input.enabled ? 'on' : 'off'}`);
    }
    return {
      resourceType: 'user',
      resourceId: instructor.id,
      summary: `${input.enabled ? 'Bypass' : 'Stop bypassing'} the background check for ${instructor.displayName}`,
      effects: [
        input.enabled
          ? {
              kind: 'account' as const,
              label: `Treat ${instructor.displayName} as verified although the background check is ${instructor.backgroundCheckStatus}`,
            }
          : {
              kind: 'account' as const,
              label: `Require the background check again (currently ${instructor.backgroundCheckStatus})`,
            },
      ],
      warnings: input.enabled && instructor.backgroundCheckStatus === 'failed' ? ['The background check failed.'] : [],
      typeToConfirm: null,
      requiresApproval: false,
      state: instructor,
    };
  },
  async apply({ tx, input, plan, ctx, reason }) {
    await setVerificationOverride(tx, plan.state.id, input.enabled, input.enabled ? reason : null, ctx.now());
    return {
      before: { verificationOverride: plan.state.verificationOverride },
      after: { verificationOverride: input.enabled },
      message: input.enabled ? 'Background check bypassed.' : 'Background check required again.',
    };
  },
});
