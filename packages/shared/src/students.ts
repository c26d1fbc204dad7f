import { z } from 'zod';
import { userIdSchema } from './common.js';

/** A student by their user id. */
export const studentIdSchema = userIdSchema.describe(
  "The student's user id (a uuid), as a search by email, phone or name returns it.",
);

export const studentSuspendInputSchema = z.object({
  userId: studentIdSchema,
  /** Also cancel the student's upcoming bookings (refunded per policy). */
  cancelUpcoming: z
    .boolean({ message: 'cancelUpcoming must be true or false' })
    .default(false)
    .describe("true also cancels the student's upcoming bookings, each refunded by the refund policy (false when omitted)."),
});
export const studentIdInputSchema = z.object({ userId: studentIdSchema });
export const studentUnsuspendInputSchema = studentIdInputSchema;
export type StudentSuspendInput = z.infer<typeof studentSuspendInputSchema>;
