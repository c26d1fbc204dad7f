import { bookingIdInputSchema, type BookingActionInfo } from '@ops/shared';
import { loadBookingActionInfo } from '../domain/bookings/action-info.js';
import { cancelBooking } from '../domain/bookings/cancel.js';
import { completeBooking } from '../domain/bookings/complete.js';
import { procedure, router } from '../trpc.js';
import { actionProcedures } from './action-procedures.js';

export const bookings = router({
  byId: procedure('bookings.read')
    .input(bookingIdInputSchema)
    .query(({ ctx, input }): Promise<BookingActionInfo> => loadBookingActionInfo(ctx.db, input.bookingId)),
  cancel: actionProcedures(cancelBooking),
  complete: actionProcedures(completeBooking),
});
