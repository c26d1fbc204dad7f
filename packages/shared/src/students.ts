import { z } from 'zod';
import { uuid } from './common.js';

export const studentSuspendInputSchema = z.object({
  userId: uuid,
  /** Also cancel the student's upcoming bookings (refunded per policy). */
  cancelUpcoming: z.boolean({ message: 'cancelUpcoming must be true or false' }).default(false),
});
export const studentUnsuspendInputSchema = z.object({ userId: uuid });
export type StudentSuspendInput = z.infer<typeof studentSuspendInputSchema>;
