import { z } from 'zod';
import { centsSchema } from './common.js';
import { studentIdSchema } from './students.js';

export const creditAdjustInputSchema = z.object({
  userId: studentIdSchema,
  amountCents: centsSchema
    .refine((v) => v !== 0, { message: 'Amount must not be zero' })
    .refine((v) => Math.abs(v) <= 1_000_000, { message: 'Amount must be at most $10,000.00 either way' })
    .describe(
      'Credit to add (positive) or remove (negative), in integer cents: 2500 adds $25.00, -1000 removes $10.00. Not zero, at most $10,000.00 either way; the balance cannot go below zero.',
    ),
});
export type CreditAdjustInput = z.infer<typeof creditAdjustInputSchema>;
