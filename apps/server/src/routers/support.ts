import {
  addNoteInputSchema,
  bookingIdInputSchema,
  resendNotificationInputSchema,
  revealPiiInputSchema,
  supportSearchInputSchema,
  trailInputSchema,
  userIdInputSchema,
  type BookingDetail,
  type PayoutAccountPanel,
  type RevealedPii,
  type SearchResponse,
  type StripePanel,
  type SupportNoteRow,
  type TrailResponse,
  type User360,
} from '@ops/shared';
import { defineAction } from '../domain/actions/define.js';
import { loadPayoutAccount } from '../domain/instructors/payout-account.js';
import { loadBookingDetail } from '../domain/support/booking-detail.js';
import { addNote, revealPii } from '../domain/support/notes.js';
import { planResend, recordResend } from '../domain/support/resend.js';
import { searchSupport } from '../domain/support/search.js';
import { loadStripePanel } from '../domain/support/stripe-panel.js';
import { loadTrail } from '../domain/support/trail.js';
import { loadUser360 } from '../domain/support/user-360.js';
import { procedure, router } from '../trpc.js';
import { actionProcedures } from './action-procedures.js';

const resendNotification = defineAction({
  name: 'support.resendNotification',
  permission: 'notifications.resend',
  input: resendNotificationInputSchema,
  plan: ({ db, input, ctx, lock }) => planResend(db, input, { timeZone: ctx.config.BUSINESS_TIME_ZONE, now: ctx.now(), lock }),
  async apply({ tx, plan, ctx, idempotencyKey }) {
    const sent = await recordResend(tx, plan.state, {
      staffId: ctx.staff.id,
      idempotencyKey,
      deliverNow: ctx.config.sampleMode,
      now: ctx.now(),
    });
    return {
      before: null,
      after: {
        notificationId: sent.notificationId,
        template: plan.state.template,
        userId: plan.state.userId,
        status: sent.status,
      },
      message:
        sent.status === 'sent'
          ? 'The message was sent (sample mode delivers at once).'
          : 'The message is queued in the notifications outbox.',
    };
  },
});

/** Support cockpit (DESIGN.md): the one-box lookup, the user 360, the booking page, notes, resends, the trail. */
export const support = router({
  search: procedure('users.read')
    .input(supportSearchInputSchema)
    .query(({ ctx, input }): Promise<SearchResponse> => searchSupport(ctx.db, input.q, input.cursor)),
  user: procedure('users.read')
    .input(userIdInputSchema)
    .query(({ ctx, input }): Promise<User360> => loadUser360(ctx.db, input.userId, ctx.now())),
  revealPii: procedure('users.pii.reveal')
    .input(revealPiiInputSchema)
    .mutation(({ ctx, input }): Promise<RevealedPii> => revealPii(ctx, input.userId, input.reason)),
  booking: procedure('bookings.read')
    .input(bookingIdInputSchema)
    .query(({ ctx, input }): Promise<BookingDetail> => loadBookingDetail(ctx.db, input.bookingId, ctx.now())),
  trail: procedure('users.read')
    .input(trailInputSchema)
    .query(({ ctx, input }): Promise<TrailResponse> => loadTrail(ctx, input)),
  stripe: procedure('users.read')
    .input(userIdInputSchema)
    .query(({ ctx, input }): Promise<StripePanel> => loadStripePanel(ctx, input.userId)),
  payoutAccount: procedure('users.read')
    .input(userIdInputSchema)
    .query(({ ctx, input }): Promise<PayoutAccountPanel> => loadPayoutAccount(ctx, input.userId)),
  addNote: procedure('bookings.note')
    .input(addNoteInputSchema)
    .mutation(({ ctx, input }): Promise<SupportNoteRow & { auditId: number }> => addNote(ctx, input)),
  resendNotification: actionProcedures(resendNotification),
});
