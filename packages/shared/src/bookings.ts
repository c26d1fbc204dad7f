import { z } from 'zod';
import { bookingIdSchema } from './common.js';
import type { RefundRow } from './refunds.js';

export const bookingActionInputSchema = z.object({ bookingId: bookingIdSchema });
export const bookingCancelInputSchema = bookingActionInputSchema;
export const bookingCompleteInputSchema = bookingActionInputSchema;
export type BookingActionInput = z.infer<typeof bookingActionInputSchema>;

/** A booking as the action forms need it (money in cents, names masked). */
export interface BookingActionInfo {
  id: string;
  shortId: string;
  status: 'pending' | 'confirmed' | 'completed' | 'cancelled' | 'no_show';
  lessonStart: string;
  durationMinutes: number;
  priceCents: number;
  platformFeeCents: number;
  instructorPayoutCents: number;
  studentId: string;
  studentName: string;
  instructorId: string;
  instructorName: string;
  payment: {
    id: string;
    status: string;
    amountCents: number;
    amountRefundedCents: number;
    cardLast4: string | null;
  } | null;
  /** What a refund can still cover (payment minus refunds and instructor shares already decided). */
  refundableCents: number;
  /** Why no refund can be made now although money is left (an open or lost dispute), as a refund preview would refuse it; else null. */
  refundRefusal: string | null;
  /** Why force complete would refuse this booking (a payment that never authorized), as its preview would; else null. */
  completeRefusal: string | null;
  refunds: RefundRow[];
}
