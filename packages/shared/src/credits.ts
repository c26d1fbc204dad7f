import { z } from 'zod';
import { centsSchema, uuid } from './common.js';

export const creditAdjustInputSchema = z.object({
  userId: uuid,
  amountCents: centsSchema
    .refine((v) => v !== 0, { message: 'Amount must not be zero' })
    .refine((v) => Math.abs(v) <= 1_000_000, { message: 'Amount must be at most $10,000.00 either way' }),
});
export type CreditAdjustInput = z.infer<typeof creditAdjustInputSchema>;
