import {
  addNoteInputSchema,
  instructorIdInputSchema,
  revealPiiInputSchema,
  supportSearchInputSchema,
  trailInputSchema,
  userIdInputSchema,
  type PayoutAccountPanel,
  type RevealedPii,
  type SearchResponse,
  type StripePanel,
  type SupportNoteRow,
  type TrailResponse,
  type User360,
} from '@ops/shared';
import { loadPayoutAccount } from '../domain/instructors/payout-account.js';
import { addNote, revealPii } from '../domain/support/notes.js';
import { resendNotification } from '../domain/support/resend.js';
import { searchSupport } from '../domain/support/search.js';
import { loadStripePanel } from '../domain/support/stripe-panel.js';
import { loadTrail } from '../domain/support/trail.js';
import { loadUser360 } from '../domain/support/user-360.js';
import { procedure, router } from '../trpc.js';
import { actionProcedures } from './action-procedures.js';

/**
 * Support cockpit (DESIGN.md): the one-box lookup, the user 360, notes, resends, and the trail of a person or a booking
 * (the booking's own page is `bookings.detail`).
 */
export const support = router({
  search: procedure('users.read')
    .input(supportSearchInputSchema)
    .query(({ ctx, input }): Promise<SearchResponse> => searchSupport(ctx.db, input.q, input.cursor)),
  user: procedure('users.read')
    .input(userIdInputSchema)
    .query(({ ctx, input }): Promise<User360> => loadUser360(ctx.db, input.userId, ctx.now(), ctx.config.BUSINESS_TIME_ZONE)),
  revealPii: procedure('users.pii.reveal')
    .input(revealPiiInputSchema)
    .mutation(({ ctx, input }): Promise<RevealedPii> => revealPii(ctx, input.userId, input.reason)),
  trail: procedure('users.read')
    .input(trailInputSchema)
    .query(({ ctx, input }): Promise<TrailResponse> => loadTrail(ctx, input)),
  stripe: procedure('users.read')
    .input(userIdInputSchema)
    .query(({ ctx, input }): Promise<StripePanel> => loadStripePanel(ctx, input.userId)),
  payoutAccount: procedure('users.read')
    .input(instructorIdInputSchema)
    .query(({ ctx, input }): Promise<PayoutAccountPanel> => loadPayoutAccount(ctx, input.userId)),
  addNote: procedure('bookings.note')
    .input(addNoteInputSchema)
    .mutation(({ ctx, input }): Promise<SupportNoteRow & { auditId: number }> => addNote(ctx, input)),
  resendNotification: actionProcedures(resendNotification),
});
