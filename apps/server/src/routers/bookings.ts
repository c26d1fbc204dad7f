import { bookingIdInputSchema, type BookingActionInfo, type BookingDetail } from '@ops/shared';
import { loadBookingActionInfo } from '../domain/bookings/action-info.js';
import { cancelBooking } from '../domain/bookings/cancel.js';
import { completeBooking } from '../domain/bookings/complete.js';
import { loadBookingDetail } from '../domain/bookings/detail.js';
import { procedure, router } from '../trpc.js';
import { actionProcedures } from './action-procedures.js';

/**
 * One booking: `byId` is what its actions need (money left to refund, why an action would refuse); `detail` is its
 * page (parties, payment, notes, notifications, webhooks, audit and the merged timeline).
 */
export const bookings = router({
  byId: procedure('bookings.read')
    .input(bookingIdInputSchema)
    .query(({ ctx, input }): Promise<BookingActionInfo> => loadBookingActionInfo(ctx.db, input.bookingId)),
  detail: procedure('bookings.read')
    .input(bookingIdInputSchema)
    .query(({ ctx, input }): Promise<BookingDetail> => loadBookingDetail(ctx.db, input.bookingId, ctx.now())),
  cancel: actionProcedures(cancelBooking),
  complete: actionProcedures(completeBooking),
});
